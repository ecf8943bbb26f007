// What a broadcast trigger showed: the per-user-data preview (recipients, invalid rows with row,
// column and message, payload size, the first rows as they would be sent), and a trigger's answer
// with its id and processing status (read on demand from Customer.io).
import { useEffect, useState } from 'react'
import { call, type BroadcastResult, type CioApi, type IpcError, type PerUserPreview } from '../../api'
import { DiffTag } from '../../components/DiffTag'
import { ErrorAlert } from '../../components/ErrorAlert'
import { formatBytes, formatCount, formatValue, formatWhen } from '../../components/format'

/** The Audit log filtered to this workspace's broadcast triggers. */
const auditHref = (workspaceId: string) => `#/audit?${new URLSearchParams({ workspace: workspaceId, kind: 'broadcast.trigger' }).toString()}`

type TriggerStatus = Extract<Awaited<ReturnType<CioApi['messaging']['broadcaststatus']>>, { ok: true }>['value']

export function PreviewView({ preview }: { preview: PerUserPreview }) {
  const problems = preview.invalid > 0 || preview.errors.length > 0
  return (
    <section className="trigger-preview" aria-label="Recipients preview">
      <p role="status">
        <strong>{formatCount(preview.recipients)}</strong> recipient{preview.recipients === 1 ? '' : 's'} ·{' '}
        {problems ? <DiffTag kind="invalid">{formatCount(Math.max(preview.invalid, preview.errors.length))} invalid</DiffTag> : <DiffTag kind="create">no problems</DiffTag>} · payload{' '}
        {formatBytes(preview.payloadBytes)} of 25 MB
      </p>
      {preview.errors.length ? (
        <div className="table-wrap errors-wrap">
          <table className="kv-table">
            <caption>Fix these rows in the file, upload it again and preview: nothing is triggered while any remain.</caption>
            <thead>
              <tr>
                <th scope="col" className="num">
                  Row
                </th>
                <th scope="col">Column</th>
                <th scope="col">Problem</th>
              </tr>
            </thead>
            <tbody>
              {preview.errors.map((e, i) => (
                <tr key={i}>
                  <td className="num">{e.row || '—'}</td>
                  <td className="cell-mono">{e.column ?? '—'}</td>
                  <td>{e.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {preview.sample.length ? (
        <details>
          <summary>First {preview.sample.length} rows as they will be sent</summary>
          <pre className="json-preview">{JSON.stringify(preview.sample, null, 2)}</pre>
        </details>
      ) : null}
    </section>
  )
}

export function TriggerResultView({ workspaceId, broadcastId, result }: { workspaceId: string; broadcastId: number; result: BroadcastResult }) {
  const [status, setStatus] = useState<TriggerStatus | null>(null)
  const [error, setError] = useState<IpcError | null>(null)
  const [busy, setBusy] = useState(false)
  const triggerId = result.status === 'triggered' ? result.triggerId : null

  async function check() {
    if (triggerId == null) return
    setBusy(true)
    const r = await call((cio) => cio.messaging.broadcaststatus({ workspaceId, broadcastId, triggerId }))
    setBusy(false)
    if (r.ok) {
      setStatus(r.value)
      setError(null)
    } else setError(r.error)
  }

  useEffect(() => {
    setStatus(null)
    if (triggerId != null) void check()
  }, [triggerId])

  if (result.status === 'wait') {
    return (
      <p role="alert" className="field-error">
        Not triggered: {result.message}. Nothing was sent; trigger again when the countdown ends.
      </p>
    )
  }
  if (result.status === 'unknown') {
    return (
      <div role="alert" className="alert alert-warn">
        <div className="alert-text">
          <strong>The trigger may or may not have been created.</strong> {result.message}
          <div className="alert-next">
            It was not repeated automatically. Check the broadcast in Customer.io before triggering again: a second trigger sends the broadcast twice. The attempt is in the{' '}
            <a href={auditHref(workspaceId)}>audit log</a>.
          </div>
        </div>
      </div>
    )
  }
  return (
    <section className="trigger-result" aria-label="Last trigger">
      <p role="status">
        <DiffTag kind="create">Triggered</DiffTag> trigger id <strong className="cell-mono">{result.triggerId}</strong> at {formatWhen(result.triggeredAt)}
        {result.preview ? ` for ${formatCount(result.preview.recipients)} recipient${result.preview.recipients === 1 ? '' : 's'}` : ''}. It is recorded in the{' '}
        <a href={auditHref(workspaceId)}>audit log</a>.
      </p>
      <p>
        Status:{' '}
        {status ? (
          status.processed ? (
            <span>processed {status.processedAt != null ? `at ${formatWhen(status.processedAt)}` : ''}</span>
          ) : (
            <span>queued, not processed yet</span>
          )
        ) : (
          <span className="muted">{busy ? 'checking…' : 'unknown'}</span>
        )}{' '}
        <button type="button" className="small" disabled={busy} onClick={() => void check()}>
          Check status
        </button>
      </p>
      {status && status.errors.length ? (
        <ul className="plain-list trigger-errors" aria-label="Trigger errors">
          {status.errors.map((e, i) => (
            <li key={i}>{Object.entries(e).map(([k, v]) => `${k}: ${formatValue(v)}`).join(' · ')}</li>
          ))}
        </ul>
      ) : null}
      {error ? <ErrorAlert title="Could not read the trigger's status" error={error} onRetry={() => void check()} /> : null}
    </section>
  )
}
