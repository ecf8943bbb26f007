import type { z } from 'zod'
import type { ChannelDef, EventDef } from '../channel'
import type { Result } from '../result'
import { appContract } from './app'
import { jobsContract } from './jobs'
import { workspacesContract } from './workspaces'

/** Every IPC domain. window.cio has one property per key, one method per channel. */
export const contracts = {
  app: appContract,
  workspaces: workspacesContract,
  jobs: jobsContract,
} as const

export type Contracts = typeof contracts

type ApiMethod<C> = C extends ChannelDef<infer I, infer O>
  ? (input?: z.input<I>) => Promise<Result<z.output<O>>>
  : never

type EventName = {
  [D in keyof Contracts]: { [E in keyof Contracts[D]['events']]: Contracts[D]['events'][E] extends EventDef ? Contracts[D]['events'][E]['name'] : never }[keyof Contracts[D]['events']]
}[keyof Contracts]

type EventPayloads = {
  [D in keyof Contracts as never]: never
} & {
  [N in EventName]: z.output<Extract<AllEvents, { name: N }>['payload']>
}
type AllEvents = {
  [D in keyof Contracts]: Contracts[D]['events'][keyof Contracts[D]['events']]
}[keyof Contracts]

export type CioEventName = EventName
export type CioEventPayload<N extends CioEventName> = EventPayloads[N]

/** The typed API the renderer sees as window.cio, over Electron IPC or the headless WebSocket. */
export type CioApi = {
  [D in keyof Contracts]: { [V in keyof Contracts[D]['channels']]: ApiMethod<Contracts[D]['channels'][V]> }
} & {
  on<N extends CioEventName>(name: N, listener: (payload: CioEventPayload<N>) => void): () => void
}

/** Channel names by domain and verb, for bridges that build window.cio at run time. */
export function channelTable(): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {}
  for (const [domain, c] of Object.entries(contracts)) {
    out[domain] = Object.fromEntries(Object.entries(c.channels).map(([verb, def]) => [verb, (def as ChannelDef).name]))
  }
  return out
}

export function allChannels(): ChannelDef[] {
  return Object.values(contracts).flatMap((c) => Object.values(c.channels) as ChannelDef[])
}

export function allEvents(): EventDef[] {
  return Object.values(contracts).flatMap((c) => Object.values(c.events) as EventDef[])
}
