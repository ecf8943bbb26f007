// The bell in the header: how many messages are unread, and a panel listing them newest first,
// each with its workspace, time, title and detail; Mark all as read and Clear. It opens and closes
// like a disclosure (Escape and a click outside close it, focus goes back to the bell).
import { useEffect, useId, useRef, useState } from 'react'
import { useNotifications } from '../state/notifications'
import { formatAgo, formatDateTime } from './format'

export function NotificationBell() {
  const { notices, unread, markAllRead, clear } = useNotifications()
  const [open, setOpen] = useState(false)
  const panelId = useId()
  const titleId = useId()
  const wrapRef = useRef<HTMLDivElement>(null)
  const bellRef = useRef<HTMLButtonElement>(null)
  const panelRef = useRef<HTMLElement>(null)

  // Escape anywhere closes it (focus may be on the page after a button in it was used); so does a
  // click outside.
  useEffect(() => {
    if (!open) return
    const onPointer = (e: PointerEvent) => {
      if (e.target instanceof Node && !wrapRef.current?.contains(e.target)) setOpen(false)
    }
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (e.key !== 'Escape' || document.querySelector('dialog[open]')) return
      e.preventDefault()
      setOpen(false)
      bellRef.current?.focus()
    }
    document.addEventListener('pointerdown', onPointer)
    document.addEventListener('keydown', onKey)
    return () => {
      document.removeEventListener('pointerdown', onPointer)
      document.removeEventListener('keydown', onKey)
    }
  }, [open])

  function onClear() {
    clear()
    // the buttons go disabled: keep the focus in the panel rather than losing it to the page
    panelRef.current?.focus()
  }

  function onMarkAllRead() {
    markAllRead()
    panelRef.current?.focus()
  }

  const label = unread ? `Notifications, ${unread} unread` : 'Notifications'
  return (
    <div className="bell" ref={wrapRef}>
      <button ref={bellRef} type="button" className="bell-button" aria-label={label} title={label} aria-expanded={open} aria-controls={panelId} onClick={() => setOpen((o) => !o)}>
        <BellIcon />
        {unread ? (
          <span className="bell-count" aria-hidden="true">
            {unread > 99 ? '99+' : unread}
          </span>
        ) : null}
      </button>
      <section id={panelId} ref={panelRef} tabIndex={-1} className="bell-panel" aria-labelledby={titleId} hidden={!open}>
        <div className="bell-head">
          <h2 id={titleId}>Notifications</h2>
          <button type="button" onClick={onMarkAllRead} disabled={unread === 0}>
            Mark all as read
          </button>
          <button type="button" onClick={onClear} disabled={notices.length === 0}>
            Clear
          </button>
        </div>
        {notices.length === 0 ? (
          <p className="muted bell-empty">No notifications. Results of syncs, pulls, pushes and imports, and scheduled runs that changed something, are listed here.</p>
        ) : (
          <ul className="bell-list" aria-label="Notifications, newest first">
            {notices.map((n) => (
              <li key={n.id} className={`bell-item bell-${n.tone}${n.read ? '' : ' is-unread'}`}>
                <div className="bell-item-head">
                  <span className="bell-workspace">{n.workspaceName}</span>
                  <time dateTime={new Date(n.at).toISOString()} title={formatDateTime(n.at)}>
                    {formatAgo(n.at)} · {new Date(n.at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}
                  </time>
                </div>
                <strong>
                  {n.read ? null : <span className="sr-only">Unread: </span>}
                  {n.title}
                </strong>
                {n.detail ? <p className="bell-detail">{n.detail}</p> : null}
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  )
}

/** Drawn here: the machines this runs on may have no emoji font. */
function BellIcon() {
  return (
    <svg className="bell-icon" width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      <path
        d="M8 1.5a1 1 0 0 1 1 1v.6a4.5 4.5 0 0 1 3.5 4.4v2.8l1.3 1.6a.6.6 0 0 1-.5 1H2.7a.6.6 0 0 1-.5-1l1.3-1.6V7.5A4.5 4.5 0 0 1 7 3.1v-.6a1 1 0 0 1 1-1zM6.3 13.9h3.4a1.7 1.7 0 0 1-3.4 0z"
        fill="currentColor"
      />
    </svg>
  )
}
