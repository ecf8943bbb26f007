import { app, BrowserWindow, dialog, powerMonitor } from 'electron'
import { createClient, eventsOf } from './contract/client'
import { followEngineForTray } from './schedule/tray-events'
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
  // The shell's calls and events, typed by the contract like window.cio's.
  const cio = createClient((channel, input) => rt.invoke(channel, input, { transport: 'electron' }))
  const on = eventsOf((listener) => rt.onEvent(listener))
  // The tray's status line, menu and notifications are decided in schedule/tray-state.ts.
  const tray = createTray({
    open: showWindow,
    syncNow: () => void cio.jobs.start({ kind: 'pull-and-push', trigger: 'tray' }),
    pause: (minutes) => void cio.schedules.pause(minutes === undefined ? {} : { minutes }),
    resume: () => void cio.schedules.resume({}),
    quit: () => app.quit(),
  })
  // Workspace names for the tray's notifications, kept fresh by the engine's change event.
  const refreshNames = () =>
    void cio.workspaces.list({}).then((r) => {
      if (r.ok) workspaceNames = new Map(r.value.workspaces.map((w) => [w.id, w.name]))
    })
  refreshNames()
  on('app:workspaces:changed', refreshNames)
  followEngineForTray(on, { handle: (event) => tray.handle(event), workspaceName: (id) => workspaceNames.get(id) ?? null })
  void cio.schedules.status({}).then((r) => {
    if (r.ok) tray.handle({ type: 'status', status: r.value })
  })
  powerMonitor.on('resume', () => rt.logger.info('system resumed'))
  showWindow()
  // e.g. a damaged mirror set aside at start: what was kept, what was not, how to export the rest
  for (const notice of rt.notices) void dialog.showMessageBox({ type: 'warning', title: 'cio-sync', message: notice.split('\n')[0], detail: notice.split('\n').slice(1).join('\n') })
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
