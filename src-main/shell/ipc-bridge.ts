import { BrowserWindow, ipcMain } from 'electron'
import { allChannels } from '../contract'
import type { Runtime } from '../runtime/engine-runtime'
import { isTrustedSender } from './window'

/**
 * Electron transport of the contract: one `ipcMain.handle` per channel, refusing frames from any
 * other origin, forwarding to the engine (which validates and dispatches); events go to every window.
 */
export function bindIpc(rt: Runtime): () => void {
  const names = allChannels().map((c) => c.name)
  for (const name of names) {
    ipcMain.handle(name, async (event, input: unknown) => {
      if (!isTrustedSender(event.senderFrame?.url)) {
        return { ok: false, error: { code: 'FORBIDDEN', message: 'this frame may not call cio-sync', retryable: false } }
      }
      return rt.invoke(name, input, { transport: 'electron' })
    })
  }
  const off = rt.onEvent((name, payload) => {
    for (const win of BrowserWindow.getAllWindows()) win.webContents.send(name, payload)
  })
  return () => {
    off()
    for (const name of names) ipcMain.removeHandler(name)
  }
}
