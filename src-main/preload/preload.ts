import { contextBridge, ipcRenderer } from 'electron'
import { allEvents } from '../contract'
import { createClient } from '../contract/client'

// window.cio, built from the contracts and nothing else: one method per channel (the same client
// builder the CLI and the shell use, over the same channel table), and on() for the contract's
// events. No ipcRenderer, no Node, no arbitrary channel reaches the page.
const eventNames = new Set(allEvents().map((e) => e.name))
const api: Record<string, unknown> = { ...createClient((channel, input) => ipcRenderer.invoke(channel, input ?? {})) }
api.on = (name: string, listener: (payload: unknown) => void) => {
  if (!eventNames.has(name)) throw new Error(`unknown cio-sync event ${name}`)
  const wrapped = (_e: unknown, payload: unknown) => listener(payload)
  ipcRenderer.on(name, wrapped)
  return () => ipcRenderer.off(name, wrapped)
}
contextBridge.exposeInMainWorld('cio', api)
