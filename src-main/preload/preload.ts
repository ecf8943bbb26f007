import { contextBridge, ipcRenderer } from 'electron'
import { allEvents, channelTable } from '../ipc/contracts'

// window.cio, built from the contracts and nothing else: one method per channel, and on() for the
// contract's events. No ipcRenderer, no Node, no arbitrary channel reaches the page.
const table = channelTable()
const eventNames = new Set(allEvents().map((e) => e.name))
const api: Record<string, unknown> = {}
for (const [domain, verbs] of Object.entries(table)) {
  api[domain] = Object.fromEntries(Object.entries(verbs).map(([verb, channel]) => [verb, (input?: unknown) => ipcRenderer.invoke(channel, input ?? {})]))
}
api.on = (name: string, listener: (payload: unknown) => void) => {
  if (!eventNames.has(name)) throw new Error(`unknown cio-sync event ${name}`)
  const wrapped = (_e: unknown, payload: unknown) => listener(payload)
  ipcRenderer.on(name, wrapped)
  return () => ipcRenderer.off(name, wrapped)
}
contextBridge.exposeInMainWorld('cio', api)
