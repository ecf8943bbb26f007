import { Menu, Tray, nativeImage } from 'electron'

export interface TrayActions {
  open(): void
  syncNow(): void
  quit(): void
}

/** A 16×16 ring drawn in code (BGRA), so the shell ships no binary asset. */
function trayIcon(): Electron.NativeImage {
  const size = 16
  const buf = Buffer.alloc(size * size * 4)
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const d = Math.hypot(x - 7.5, y - 7.5)
      const on = d <= 7 && d >= 4
      buf.writeUInt32LE(on ? 0xff3f7fd9 : 0, (y * size + x) * 4)
    }
  }
  return nativeImage.createFromBitmap(buf, { width: size, height: size })
}

/** The tray icon: Open, Sync now, Quit. Sync now starts the same job as the header button. */
export function createTray(actions: TrayActions): Tray {
  const tray = new Tray(trayIcon())
  tray.setToolTip('cio-sync')
  tray.setContextMenu(
    Menu.buildFromTemplate([
      { label: 'Open cio-sync', click: actions.open },
      { label: 'Sync now', click: actions.syncNow },
      { type: 'separator' },
      { label: 'Quit', click: actions.quit },
    ]),
  )
  tray.on('click', actions.open)
  return tray
}
