// The app header: the active workspace (always visible, production unmistakable; a long name is
// cut with an ellipsis, the full name in its tooltip, never squeezed away), a switcher, the sync
// area and the notifications bell. Nothing in it appears or disappears with a message: results and
// errors are toasts and notifications (state/notifications.tsx), so the header never reflows.
import { useId, useState } from 'react'
import { paletteShortcut, useCommands } from '../state/commands'
import { useNotifications } from '../state/notifications'
import { useWorkspaces } from '../state/workspaces'
import { NotificationBell } from './NotificationBell'
import { SyncControl } from './SyncControl'
import { whereLabel } from './workspace-kind'
import { href } from './route'

export function Header() {
  const { workspaces, active, loading, select } = useWorkspaces()
  const { notifyError } = useNotifications()
  const [switching, setSwitching] = useState(false)
  const switcherId = useId()
  const { setOverlay } = useCommands()
  const palette = paletteShortcut()

  async function onSwitch(id: string) {
    if (!id || id === active?.id) return
    setSwitching(true)
    const r = await select(id)
    setSwitching(false)
    if (!r.ok) notifyError(id, 'Could not switch to this workspace', r.error)
  }

  return (
    <header className="app-header">
      <div className="brand" aria-hidden="true">
        cio<span>·</span>sync
      </div>

      <div className="ws-current" aria-label="Active workspace" role="group">
        {active ? (
          <>
            {active.production ? (
              <span className="badge badge-production" title="Changes here reach real customers">
                <span aria-hidden="true">▲ </span>PRODUCTION
              </span>
            ) : active.kind === 'sandbox' ? (
              <span className="badge badge-sandbox" title="A local practice workspace; nothing reaches Customer.io">
                Sandbox
              </span>
            ) : (
              <span className="badge badge-plain">Workspace</span>
            )}
            <span className="ws-name" title={active.name}>
              {active.name}
            </span>
            <span className="ws-where">{whereLabel(active)}</span>
          </>
        ) : loading ? (
          <span className="muted">Loading workspaces…</span>
        ) : (
          <span className="ws-none">
            No active workspace — <a href={href('workspaces')}>add or choose one</a>
          </span>
        )}
      </div>

      {workspaces.length > 1 ? (
        <div className="ws-switcher">
          <label htmlFor={switcherId} className="sr-only">
            Switch workspace
          </label>
          <select
            id={switcherId}
            value={active?.id ?? ''}
            disabled={switching}
            onChange={(e) => void onSwitch(e.target.value)}
            title="Switch workspace"
          >
            {!active ? <option value="">Choose a workspace…</option> : null}
            {workspaces.map((w) => (
              <option key={w.id} value={w.id}>
                {w.name}
                {w.production ? ' — PRODUCTION' : w.kind === 'sandbox' ? ' — sandbox' : ''}
              </option>
            ))}
          </select>
        </div>
      ) : null}

      <div className="header-spacer" />
      <button type="button" className="palette-button" aria-keyshortcuts={palette.aria} title={`Go to a screen or run an action (${palette.label})`} onClick={() => setOverlay('palette')}>
        <span className="palette-button-text">Commands</span> <kbd aria-hidden="true">{palette.label}</kbd>
      </button>
      <SyncControl />
      <NotificationBell />
    </header>
  )
}
