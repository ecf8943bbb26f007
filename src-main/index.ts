import { app, BrowserWindow, dialog, powerMonitor } from 'electron'
import type { ScheduleStatus } from './ipc/contracts/schedules'
import type { TrayEvent } from './schedule/tray-state'
import { startRuntime, type Runtime } from './runtime/engine-runtime'
import { bindIpc } from './shell/ipc-bridge'
import { createTray } from './shell/tray'
import { createMainWindow } from './shell/window'

// The desktop app: single instance, one window, a tray, and the engine worker behind the IPC
// contract. Everything else lives in plain-Node modules that the CLI and tests use too.

let runtime: Runtime | null = null
let window: BrowserWindow | null = null
let quitting = false
/** id → name of every workspace, for naming them in the tray's notifications */
let workspaceNames = new Map<string, string>()

if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  app.on('second-instance', () => showWindow())
  app.on('web-contents-created', (_e, contents) => {
    contents.on('will-navigate', (event) => event.preventDefault())
    contents.setWindowOpenHandler(() => ({ action: 'deny' }))
  })
  // A start that fails (a mirror that must not be opened, say) tells the user why in a dialog:
  // the app has no window yet, and stderr is nowhere a desktop user looks.
  app.whenReady().then(boot).catch((err) => {
    console.error(err)
    dialog.showErrorBox('cio-sync cannot start', err instanceof Error ? err.message : String(err))
    app.exit(1)
  })
}

async function boot(): Promise<void> {
  runtime = await startRuntime({ home: process.env.CIO_SYNC_HOME ?? app.getPath('userData'), mode: 'desktop' })
  bindIpc(runtime)
  const rt = runtime
  const ctx = { transport: 'electron' } as const
  // The tray's status line, menu and notifications are decided in schedule/tray-state.ts.
  const tray = createTray({
    open: showWindow,
    syncNow: () => void rt.invoke('app:jobs:start', { kind: 'sync', trigger: 'tray' }, ctx),
    pause: (minutes) => void rt.invoke('app:schedules:pause', minutes === undefined ? {} : { minutes }, ctx),
    resume: () => void rt.invoke('app:schedules:resume', {}, ctx),
    quit: () => app.quit(),
  })
  // Workspace names for the tray's notifications, kept fresh by the engine's change event.
  const refreshNames = () =>
    void rt.invoke('app:workspaces:list', {}, ctx).then((r) => {
      if (r.ok) workspaceNames = new Map((r.value as { workspaces: { id: string; name: string }[] }).workspaces.map((w) => [w.id, w.name]))
    })
  refreshNames()
  rt.onEvent((name, payload) => {
    if (name === 'app:workspaces:changed') refreshNames()
    const event = trayEvent(name, payload)
    if (event) tray.handle(event)
  })
  void rt.invoke('app:schedules:status', {}, ctx).then((r) => {
    if (r.ok) tray.handle({ type: 'status', status: r.value as ScheduleStatus })
  })
  powerMonitor.on('resume', () => rt.logger.info('system resumed'))
  showWindow()
  // e.g. a damaged mirror set aside at start: what was kept, what was not, how to export the rest
  for (const notice of rt.notices) void dialog.showMessageBox({ type: 'warning', title: 'cio-sync', message: notice.split('\n')[0], detail: notice.split('\n').slice(1).join('\n') })
}

/** Engine events the tray cares about, as tray-state events. */
function trayEvent(name: string, payload: unknown): TrayEvent | null {
  const p = payload as Record<string, unknown>
  if (name === 'app:schedules:status') return { type: 'status', status: payload as ScheduleStatus }
  if (name === 'app:jobs:progress') return { type: 'jobProgress', jobId: String(p.jobId), at: Date.now() }
  if (name === 'app:jobs:finished') {
    const state = p.state as 'succeeded' | 'failed' | 'cancelled'
    const id = typeof p.workspaceId === 'string' ? p.workspaceId : null
    const workspace = id ? { id, name: workspaceNames.get(id) ?? 'a removed workspace' } : null
    return { type: 'jobFinished', jobId: String(p.jobId), kind: String(p.kind), state, message: (p.message as string | null) ?? null, at: Date.now(), workspace }
  }
  if (name === 'app:changes:updated') return { type: 'conflicts', workspaceId: String(p.workspaceId), conflicts: Number(p.conflicts) || 0 }
  return null
}

function showWindow(): void {
  if (!window || window.isDestroyed()) {
    window = createMainWindow()
    // Closing the window keeps the app in the tray, syncing; Quit in the tray menu ends it.
    window.on('close', (e) => {
      if (!quitting) {
        e.preventDefault()
        window?.hide()
      }
    })
  }
  window.show()
  window.focus()
}

app.on('before-quit', (e) => {
  if (quitting || !runtime) return
  quitting = true
  e.preventDefault()
  void runtime.stop().finally(() => app.quit())
})

app.on('window-all-closed', () => {
  // Stay in the tray.
})
