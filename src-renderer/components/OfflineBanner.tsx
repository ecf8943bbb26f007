// A calm banner when the active workspace's Customer.io cannot be reached: the mirror stays
// readable, and Retry starts a pull (which also re-checks the connection).
import { useState } from 'react'
import { nextStep, type IpcError } from '../api'
import { useConnectivity } from '../state/connectivity'
import { useJobs } from '../state/jobs'
import { formatAgo, formatDateTime } from './format'

export function OfflineBanner() {
  const { unreachable, status, lastPull } = useConnectivity()
  const { current, startPull } = useJobs()
  const [retryError, setRetryError] = useState<IpcError | null>(null)

  if (!unreachable) return null
  const pulling = current != null && (current.kind === 'pull' || current.kind === 'sync')

  async function retry() {
    setRetryError(null)
    setRetryError(await startPull())
  }

  return (
    <div role="status" className="offline-banner">
      <span className="offline-icon" aria-hidden="true">
        ⚠
      </span>
      <div className="offline-text">
        <strong>Customer.io cannot be reached</strong> — you are viewing the local mirror
        {lastPull != null ? (
          <>
            {' '}
            (last pull <time dateTime={new Date(lastPull).toISOString()} title={formatDateTime(lastPull)}>{formatAgo(lastPull)}</time>)
          </>
        ) : (
          ' (never pulled)'
        )}
        . Everything here stays readable; changes wait until the connection is back.
        {status?.message ? <span className="offline-detail"> {status.message}</span> : null}
        {retryError ? (
          <span className="offline-detail">
            {' '}
            Retry failed: {retryError.message} {nextStep(retryError)}
          </span>
        ) : null}
      </div>
      <button type="button" onClick={() => void retry()} disabled={pulling} title="Pull the workspace again, which re-checks the connection">
        {pulling ? 'Retrying…' : 'Retry'}
      </button>
    </div>
  )
}
