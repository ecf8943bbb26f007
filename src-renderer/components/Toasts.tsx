// Toasts at the bottom right, over the content (never in the header's flow). A success or a
// cancel goes away by itself after a few seconds (held while the pointer or focus is on it); a
// failure stays until dismissed. Failures are alerts, the rest polite status messages; each names
// its workspace.
import { useEffect, useRef, useState } from 'react'
import { useNotifications, type Notice } from '../state/notifications'

/** How long a success stays on screen. */
export const TOAST_MS = 6000

export function Toasts() {
  const { toasts, dismissToast } = useNotifications()
  return (
    <div className="toasts" aria-label="Messages" role="region">
      {toasts.map((t) => (
        <Toast key={t.id} notice={t} onDismiss={() => dismissToast(t.id)} />
      ))}
    </div>
  )
}

function Toast({ notice, onDismiss }: { notice: Notice; onDismiss: () => void }) {
  // A failure, and a finish that left something to do (a push with conflicts), stay until dismissed.
  const sticky = notice.tone === 'error' || notice.tone === 'warning'
  const [held, setHeld] = useState(false)
  const dismissRef = useRef(onDismiss)
  dismissRef.current = onDismiss

  useEffect(() => {
    if (sticky || held) return
    const t = setTimeout(() => dismissRef.current(), TOAST_MS)
    return () => clearTimeout(t)
  }, [sticky, held])

  return (
    <div
      role={notice.tone === 'error' ? 'alert' : 'status'}
      className={`toast toast-${notice.tone}`}
      onPointerEnter={() => setHeld(true)}
      onPointerLeave={() => setHeld(false)}
      onFocus={() => setHeld(true)}
      onBlur={() => setHeld(false)}
    >
      <span className="toast-icon" aria-hidden="true">
        {notice.tone === 'success' ? '✓' : notice.tone === 'error' ? '✕' : notice.tone === 'warning' ? '⚠' : 'ℹ'}
      </span>
      <div className="toast-text">
        <span className="toast-workspace">{notice.workspaceName}</span>
        <strong className="toast-title">{notice.title}</strong>
        {notice.detail ? <span className="toast-detail">{notice.detail}</span> : null}
      </div>
      <button type="button" className="icon-button" aria-label={`Dismiss: ${notice.title}`} onClick={onDismiss}>
        ×
      </button>
    </div>
  )
}
