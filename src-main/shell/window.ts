import { BrowserWindow, session, shell } from 'electron'
import { join } from 'node:path'
import { CONTENT_SECURITY_POLICY } from '../security/csp'
import { mainWindowOptions } from './window-options'

/** Creates the single window: sandboxed, isolated, no navigation away, no new windows. */
export function createMainWindow(): BrowserWindow {
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } })
  })
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false))

  const win = new BrowserWindow(mainWindowOptions(join(__dirname, '../preload/preload.js')))
  win.webContents.setWindowOpenHandler(({ url }) => {
    // Links to Customer.io docs open in the user's browser, never inside the app.
    if (url.startsWith('https://')) void shell.openExternal(url)
    return { action: 'deny' }
  })
  win.webContents.on('will-navigate', (event, url) => {
    if (url !== win.webContents.getURL()) event.preventDefault()
  })
  win.webContents.on('will-attach-webview', (event) => event.preventDefault())
  win.once('ready-to-show', () => win.show())

  if (process.env.ELECTRON_RENDERER_URL) void win.loadURL(process.env.ELECTRON_RENDERER_URL)
  else void win.loadFile(join(__dirname, '../renderer/index.html'))
  return win
}

/** Only our own renderer may call the contract. */
export function isTrustedSender(frameUrl: string | undefined): boolean {
  if (!frameUrl) return false
  if (process.env.ELECTRON_RENDERER_URL) return frameUrl.startsWith(process.env.ELECTRON_RENDERER_URL)
  return frameUrl.startsWith('file://') && frameUrl.includes('/renderer/index.html')
}
