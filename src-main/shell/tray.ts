import { Menu, Notification, Tray, nativeImage, type MenuItemConstructorOptions } from 'electron'
import { initialTrayState, reduceTray, trayMenu, type TrayEvent, type TrayIcon, type TrayMenuModel, type TrayState } from '../schedule/tray-state'

// The tray renders what src-main/schedule/tray-state.ts decides: the menu model and the
// notifications. Nothing here chooses what to say; it only talks to Electron.

export interface TrayActions {
  open(): void
  syncNow(): void
  pause(minutes: number | undefined): void
  resume(): void
  quit(): void
}

const ICON_COLOURS: Record<TrayIcon, number> = {
  idle: 0xff3f7fd9, // BGRA: blue
  syncing: 0xff3fb0d9,
  error: 0xff3f3fd9, // red
  paused: 0xff909090, // grey
  offline: 0xff606060,
}

/** A 16×16 ring drawn in code (BGRA), so the shell ships no binary asset; the colour follows the state. */
function trayIcon(state: TrayIcon): Electron.NativeImage {
  const size = 16
  const buf = Buffer.alloc(size * size * 4)
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const d = Math.hypot(x - 7.5, y - 7.5)
      // a paused or offline ring has a gap, so the state does not rest on colour alone
      const gap = (state === 'paused' || state === 'offline') && y < 6 && Math.abs(x - 7.5) < 2
      const on = d <= 7 && d >= 4 && !gap
      buf.writeUInt32LE(on ? ICON_COLOURS[state] : 0, (y * size + x) * 4)
    }
  }
  return nativeImage.createFromBitmap(buf, { width: size, height: size })
}

function menuTemplate(m: TrayMenuModel, a: TrayActions): MenuItemConstructorOptions[] {
  const items: MenuItemConstructorOptions[] = [
    { label: m.statusLine, enabled: false },
    { label: m.lastSyncLine, enabled: false },
  ]
  if (m.nextRunLine) items.push({ label: m.nextRunLine, enabled: false })
  items.push({ type: 'separator' }, { label: 'Sync', toolTip: 'Pull, then push queued changes', enabled: m.canSyncNow, click: a.syncNow })
  if (m.paused) items.push({ label: 'Resume syncing', click: a.resume })
  else items.push({ label: 'Pause syncing for 1 hour', click: () => a.pause(60) }, { label: 'Pause syncing until resumed', click: () => a.pause(undefined) })
  items.push({ type: 'separator' }, { label: 'Open cio-sync', click: a.open }, { label: 'Quit', click: a.quit })
  return items
}

export interface TrayController {
  /** feeds one engine event; renders the menu and shows any notification it calls for */
  handle(event: TrayEvent): void
  destroy(): void
}

export function createTray(actions: TrayActions, now: () => number = Date.now): TrayController {
  const tray = new Tray(trayIcon('idle'))
  let state: TrayState = initialTrayState
  let icon: TrayIcon | null = null
  const render = () => {
    const model = trayMenu(state.status, now())
    if (model.icon !== icon) tray.setImage(trayIcon(model.icon))
    icon = model.icon
    tray.setToolTip(model.tooltip)
    tray.setContextMenu(Menu.buildFromTemplate(menuTemplate(model, actions)))
  }
  tray.on('click', actions.open)
  render()
  // "Last sync: 5 min ago" ages without any event.
  const timer = setInterval(render, 60_000)
  return {
    handle(event) {
      const next = reduceTray(state, event)
      const changed = next.state.status !== state.status
      state = next.state
      if (changed) render()
      if (Notification.isSupported()) for (const n of next.notify) new Notification({ title: n.title, body: n.body }).show()
    },
    destroy() {
      clearInterval(timer)
      tray.destroy()
    },
  }
}
