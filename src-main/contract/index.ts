import type { z } from 'zod'
import type { ChannelDef, EventDef } from './channel'
import type { Result } from './result'
import { appContract } from './app'
import { auditContract } from './audit'
import { changesContract } from './changes'
import { jobsContract } from './jobs'
import { mirrorContract } from './mirror'
import { collectionsContract } from './collections'
import { importsContract } from './imports'
import { messagingContract } from './messaging'
import { peopleContract } from './people'
import { preferencesContract } from './preferences'
import { segmentsContract } from './segments'
import { schedulesContract } from './schedules'
import { syncContract } from './sync'
import { workspacesContract } from './workspaces'

/** Every IPC domain. window.cio has one property per key, one method per channel. */
export const contracts = {
  app: appContract,
  workspaces: workspacesContract,
  jobs: jobsContract,
  mirror: mirrorContract,
  people: peopleContract,
  segments: segmentsContract,
  collections: collectionsContract,
  sync: syncContract,
  imports: importsContract,
  messaging: messagingContract,
  changes: changesContract,
  preferences: preferencesContract,
  schedules: schedulesContract,
  audit: auditContract,
} as const

export type Contracts = typeof contracts

type ApiMethod<C> = C extends ChannelDef<infer I, infer O>
  ? (input?: z.input<I>) => Promise<Result<z.output<O>>>
  : never

type AllEvents = {
  [D in keyof Contracts]: Contracts[D]['events'][keyof Contracts[D]['events']]
}[keyof Contracts]

export type CioEventName = AllEvents extends infer E ? (E extends EventDef ? E['name'] : never) : never
export type CioEventPayload<N extends CioEventName> = z.output<Extract<AllEvents, { name: N }>['payload']>

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
