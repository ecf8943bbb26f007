import { app, BrowserWindow, Notification, powerMonitor } from 'electron'
import { startRuntime, type Runtime } from './runtime/engine-runtime'
import { bindIpc } from './shell/ipc-bridge'
import { createTray } from './shell/tray'
import { createMainWindow } from './shell/window'

// The desktop app: single instance, one window, a tray, and the engine worker behind the IPC
// contract. Everything else lives in plain-Node modules that the CLI and tests use too.

let runtime: Runtime | null = null
let window: BrowserWindow | null = null
let quitting = false

if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  app.on('second-instance', () => showWindow())
  app.on('web-contents-created', (_e, contents) => {
    contents.on('will-navigate', (event) => event.preventDefault())
    contents.setWindowOpenHandler(() => ({ action: 'deny' }))
  })
  app.whenReady().then(boot, (err) => {
    console.error(err)
    app.exit(1)
  })
}

async function boot(): Promise<void> {
  runtime = await startRuntime({ home: process.env.CIO_SYNC_HOME ?? app.getPath('userData'), mode: 'desktop' })
  bindIpc(runtime)
  runtime.onEvent((name, payload) => {
    if (name !== 'app:jobs:finished' || !Notification.isSupported()) return
    const p = payload as { state: string; message: string | null }
    if (p.state === 'failed') new Notification({ title: 'cio-sync: sync failed', body: p.message ?? '' }).show()
  })
  const rt = runtime
  createTray({
    open: showWindow,
    syncNow: () => void rt.invoke('app:jobs:start', { kind: 'sync', trigger: 'tray' }, { transport: 'electron' }),
    quit: () => app.quit(),
  })
  powerMonitor.on('resume', () => rt.logger.info('system resumed'))
  showWindow()
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
