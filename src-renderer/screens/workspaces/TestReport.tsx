// The result of "Test connection": one line per API (Track, App, Pipelines) and the region found.
import { nextStep, type CheckResult, type ConnectionReport, type IpcError, type WorkspaceKind, type WorkspaceView } from '../../api'

const STATUS_LABELS: Record<CheckResult['status'], string> = {
  ok: 'OK',
  'missing-key': 'No key',
  auth: 'Key refused',
  network: 'Unreachable',
  error: 'Error',
}

const STATUS_ADVICE: Partial<Record<CheckResult['status'], string>> = {
  'missing-key': 'Add the key with Edit.',
  auth: 'Replace the key with Edit.',
  network: 'Check the connection or URL.',
}

const APIS = [
  { key: 'track', label: 'Track' },
  { key: 'app', label: 'App' },
  { key: 'pipelines', label: 'Pipelines' },
] as const

export type TestState =
  | { id: string; phase: 'testing' }
  | { id: string; phase: 'done'; report: ConnectionReport; at: number }
  | { id: string; phase: 'failed'; error: IpcError }

/** Where the requests went and which region answered, in words (a custom URL has no region of its own). */
export function RegionLine({ report, kind, url }: { report: ConnectionReport; kind: WorkspaceKind; url: string | null }) {
  const region = report.region?.toUpperCase()
  if (kind === 'custom' || kind === 'sandbox') {
    const where = url ? <code>{url}</code> : 'the URL you gave'
    const what = kind === 'sandbox' ? 'Sandbox' : 'Custom URL'
    return region ? (
      <>
        {what}: region <strong>{region}</strong>; requests go to {where}
      </>
    ) : (
      <>
        {what}: region not detected; requests go to {where}
      </>
    )
  }
  return region ? (
    <>
      Region: <strong>{region}</strong>
    </>
  ) : (
    <>Region: not detected (the Track API check did not pass)</>
  )
}

/** One line per API: result, what it means, how long it took. */
export function ChecksTable({ report, advice = STATUS_ADVICE }: { report: ConnectionReport; advice?: Partial<Record<CheckResult['status'], string>> }) {
  return (
    <table className="test-table">
      <caption className="sr-only">Result per API</caption>
      <thead>
        <tr>
          <th scope="col">API</th>
          <th scope="col">Result</th>
          <th scope="col">Details</th>
          <th scope="col" className="num">
            Time
          </th>
        </tr>
      </thead>
      <tbody>
        {APIS.map((api) => {
          const c = report[api.key]
          return (
            <tr key={api.key}>
              <th scope="row">{api.label}</th>
              <td>
                <span className={`api-check api-check-${c.status}`}>
                  <span aria-hidden="true">{c.ok ? '✓' : c.status === 'missing-key' ? '–' : '✕'} </span>
                  {STATUS_LABELS[c.status]}
                </span>
              </td>
              <td className="test-msg">
                {c.message}
                {advice[c.status] ? <span className="muted"> {advice[c.status]}</span> : null}
              </td>
              <td className="num">{Math.round(c.ms)} ms</td>
            </tr>
          )
        })}
      </tbody>
    </table>
  )
}

interface TestReportProps {
  state: TestState
  workspace: WorkspaceView
  onClose: () => void
}

export function TestReport({ state, workspace, onClose }: TestReportProps) {
  return (
    <div className="test-report">
      <div role="status" aria-live="polite" aria-atomic="true" className="test-report-body">
        {state.phase === 'testing' ? (
          <p className="test-summary">
            <span className="spinner" aria-hidden="true" /> Testing connection to Track, App and Pipelines…
          </p>
        ) : state.phase === 'failed' ? (
          <p className="test-summary test-bad">
            <span aria-hidden="true">✕ </span>
            Connection test could not run: {state.error.message} <span className="muted">{nextStep(state.error)}</span>
          </p>
        ) : (
          <>
            <p className={`test-summary ${state.report.ok ? 'test-ok' : 'test-bad'}`}>
              <span aria-hidden="true">{state.report.ok ? '✓ ' : '✕ '}</span>
              {state.report.ok ? 'Connection test passed' : 'Connection test found problems'}
              <span className="sep"> · </span>
              <RegionLine report={state.report} kind={workspace.kind} url={workspace.url} />
            </p>
            <ChecksTable report={state.report} />
          </>
        )}
      </div>
      <button type="button" className="icon-button" aria-label="Close test result" onClick={onClose}>
        ×
      </button>
    </div>
  )
}
