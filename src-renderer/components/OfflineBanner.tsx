// A calm banner while the active workspace's Customer.io cannot be reached: the mirror stays
// readable, pushing waits, and the connection is checked again in the background (Check now asks
// at once). When it answers again the banner says so and offers to push what was queued meanwhile.
import { useState } from 'react'
import { useConnectivity } from '../state/connectivity'
import { formatAgo, formatDateTime } from './format'
import { useSyncActions } from './useSyncActions'

export function OfflineBanner() {
  const { unreachable, status, lastPull, backOnline, dismissBackOnline, checkNow, nextCheckAt } = useConnectivity()
  const { push, queued, dialog } = useSyncActions()
  const [checking, setChecking] = useState(false)

  async function check() {
    setChecking(true)
    await checkNow()
    setChecking(false)
  }

  if (!unreachable && backOnline && queued) {
    return (
      <div role="status" className="offline-banner online-again">
        <span className="offline-icon" aria-hidden="true">
          ✓
        </span>
        <div className="offline-text">
          <strong>Customer.io can be reached again.</strong> {queued === 1 ? 'One change was' : `${queued} changes were`} queued while it could not be: push{' '}
          {queued === 1 ? 'it' : 'them'} now, or later from the Sync menu.
        </div>
        <button type="button" className="primary" onClick={push.run} disabled={push.disabled} title={push.description}>
          {push.label}
        </button>
        <button type="button" className="icon-button" aria-label="Dismiss: Customer.io can be reached again" onClick={dismissBackOnline}>
          ×
        </button>
        {dialog}
      </div>
    )
  }
  if (!unreachable) return null

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
        {status?.message ? <span className="offline-detail"> {sentence(status.message)}</span> : null}
        <span className="offline-detail">
          {' '}
          The connection is checked again in the background
          {nextCheckAt ? <> (next at <time dateTime={new Date(nextCheckAt).toISOString()}>{new Date(nextCheckAt).toLocaleTimeString()}</time>)</> : null}.
        </span>
      </div>
      <button type="button" onClick={() => void check()} disabled={checking} title="Ask Customer.io now whether it can be reached">
        {checking ? 'Checking…' : 'Check now'}
      </button>
    </div>
  )
}

/** The main process's message as a sentence: a capital first letter and a full stop. */
function sentence(message: string): string {
  const s = message.trim()
  return `${s.charAt(0).toUpperCase()}${s.slice(1)}${/[.!?]$/.test(s) ? '' : '.'}`
}
