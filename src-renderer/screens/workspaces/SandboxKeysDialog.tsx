// "Show keys" of the Sandbox: its keys are not secrets (they only open the local practice server),
// so they are shown whole, with copy buttons and curl commands to rehearse a call by hand.
import { useEffect, useState } from 'react'
import { call, type IpcError, type SandboxKeys, type WorkspaceView } from '../../api'
import { Dialog } from '../../components/Dialog'
import { ErrorAlert } from '../../components/ErrorAlert'

interface SandboxKeysDialogProps {
  workspace: WorkspaceView
  onClose: () => void
}

/** Shell-safe single quoting of a value placed in a curl command. */
function q(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`
}

/** Two commands an ops person would run: create or update a person (Track), read them back (App). */
export function curlExamples(k: SandboxKeys): { label: string; command: string }[] {
  return [
    {
      label: 'Create or update a person (Track API)',
      command: `curl -u ${q(`${k.siteId}:${k.trackApiKey}`)} -X PUT ${q(`${k.trackUrl}/customers/rehearsal-1`)} -H 'Content-Type: application/json' -d '{"email":"rehearsal-1@example.com","first_name":"Rehearsal"}'`,
    },
    {
      label: 'Read that person back (App API)',
      command: `curl -H ${q(`Authorization: Bearer ${k.appApiKey}`)} ${q(`${k.appUrl}/customers/rehearsal-1/attributes`)}`,
    },
  ]
}

function CopyButton({ text, label }: { text: string; label: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle')
  async function copy() {
    try {
      await navigator.clipboard.writeText(text)
      setState('copied')
    } catch {
      // No clipboard permission (a browser tab): the value is selectable on screen.
      setState('failed')
    }
  }
  return (
    <>
      <button type="button" className="copy-button" aria-label={`Copy ${label}`} onClick={() => void copy()}>
        Copy
      </button>
      <span className="copy-state" role="status" aria-live="polite">
        {state === 'copied' ? 'Copied' : state === 'failed' ? 'Select it and press Ctrl+C' : ''}
      </span>
    </>
  )
}

export function SandboxKeysDialog({ workspace, onClose }: SandboxKeysDialogProps) {
  const [keys, setKeys] = useState<SandboxKeys | null>(null)
  const [error, setError] = useState<IpcError | null>(null)

  useEffect(() => {
    let live = true
    void call((cio) => cio.workspaces.sandboxkeys({ id: workspace.id })).then((r) => {
      if (!live) return
      if (r.ok) setKeys(r.value)
      else setError(r.error)
    })
    return () => {
      live = false
    }
  }, [workspace.id])

  const rows: { label: string; value: string }[] = keys
    ? [
        { label: 'Site ID', value: keys.siteId },
        { label: 'Track API key', value: keys.trackApiKey },
        { label: 'App API key', value: keys.appApiKey },
        { label: 'Pipelines write key', value: keys.writeKey },
        { label: 'Track API URL', value: keys.trackUrl },
        { label: 'App API URL', value: keys.appUrl },
        { label: 'Pipelines API URL', value: keys.pipelinesUrl },
      ]
    : []

  return (
    <Dialog
      title={`Keys of “${workspace.name}”`}
      onClose={onClose}
      wide
      description="The Sandbox's keys only open the practice server on this computer, so they are shown in full. Use them to rehearse calls with curl or another tool; nothing reaches real customers."
    >
      {error ? <ErrorAlert title="Could not read the Sandbox's keys" error={error} /> : null}
      {!keys && !error ? <p className="muted">Starting the Sandbox…</p> : null}
      {keys ? (
        <>
          <table className="grid sandbox-keys">
            <caption className="sr-only">Sandbox keys and addresses</caption>
            <tbody>
              {rows.map((r) => (
                <tr key={r.label}>
                  <th scope="row">{r.label}</th>
                  <td>
                    <code className="selectable">{r.value}</code>
                  </td>
                  <td className="nowrap">
                    <CopyButton text={r.value} label={r.label} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <h3 className="panel-subtitle">Try it with curl</h3>
          {curlExamples(keys).map((ex) => (
            <figure key={ex.label} className="curl-example">
              <figcaption>{ex.label}</figcaption>
              <pre>
                <code className="selectable">{ex.command}</code>
              </pre>
              <CopyButton text={ex.command} label={`command: ${ex.label}`} />
            </figure>
          ))}
        </>
      ) : null}
      <div className="form-actions">
        <button type="button" className="primary" onClick={onClose} data-autofocus>
          Done
        </button>
      </div>
    </Dialog>
  )
}
