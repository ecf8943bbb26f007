import type { z } from 'zod'
import type { ChannelDef } from './channel'
import type { IpcError, Result } from './result'
import { allEvents, channelTable, type CioEventName, type CioEventPayload, type Contracts } from './index'

// One typed client over the contract for every caller outside the renderer (the CLI, the desktop
// shell, the preload). It is built from the same channel table as window.cio, and its types come
// from the zod schemas: a renamed field or verb fails typecheck wherever it is called. No Node or
// Electron imports: the preload bundles this file.

/** What a caller's input may be: the schema's input type (defaults and optional fields may be left out). */
export type ChannelInput<C> = C extends ChannelDef<infer I, z.ZodType> ? z.input<I> : never
/** What a channel answers once checked: the output schema's type. */
export type ChannelOutput<C> = C extends ChannelDef<z.ZodType, infer O> ? z.output<O> : never

type Channels<D extends keyof Contracts> = Contracts[D]['channels']

/** The input of one channel by domain and verb: `InputOf<'imports', 'plan'>`. */
export type InputOf<D extends keyof Contracts, V extends keyof Channels<D>> = ChannelInput<Channels<D>[V]>
/** The checked output of one channel by domain and verb. */
export type OutputOf<D extends keyof Contracts, V extends keyof Channels<D>> = ChannelOutput<Channels<D>[V]>

/** Every channel as a method answering its Result: `client.imports.summary({ importId })`. */
export type CioClient = {
  [D in keyof Contracts]: {
    [V in keyof Channels<D>]: (input: InputOf<D, V>) => Promise<Result<OutputOf<D, V>>>
  }
}

/** The same methods answering the value itself; an `ok: false` answer is thrown (see createValueClient). */
export type CioValueClient = {
  [D in keyof Contracts]: {
    [V in keyof Channels<D>]: (input: InputOf<D, V>) => Promise<OutputOf<D, V>>
  }
}

/** How a client reaches the engine: a channel name and its input, answered with a Result. */
export type Invoke = (channel: string, input: unknown) => Promise<Result<unknown>>

function build(method: (channel: string) => (input: unknown) => Promise<unknown>): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {}
  for (const [domain, verbs] of Object.entries(channelTable())) {
    out[domain] = Object.fromEntries(Object.entries(verbs).map(([verb, channel]) => [verb, method(channel)]))
  }
  return out
}

/** One method per contract channel, each calling `invoke` with the channel's name. */
export function createClient(invoke: Invoke): CioClient {
  // The table is the contract's own (channelTable), so the shape is CioClient by construction.
  return build((channel) => (input) => invoke(channel, input)) as unknown as CioClient
}

/**
 * Like createClient, for callers that end on the first error (the CLI): each method answers the
 * value of an `ok: true` Result and throws what `toError` makes of an `ok: false` one.
 */
export function createValueClient(invoke: Invoke, toError: (error: IpcError, channel: string) => Error): CioValueClient {
  return build((channel) => async (input) => {
    const res = await invoke(channel, input)
    if (!res.ok) throw toError(res.error, channel)
    return res.value
  }) as unknown as CioValueClient
}

/** The subscription function of a source of engine events, typed by event name. */
export type CioEventOn = <N extends CioEventName>(name: N, listener: (payload: CioEventPayload<N>) => void) => () => void

/** A source that calls its listeners with every event the engine sends (Runtime.onEvent). */
export type EventSource = (listener: (name: string, payload: unknown) => void) => () => void

/**
 * `on(name, fn)` over an untyped event source: fn sees only events of that name, with the payload
 * type the contract gives them. The engine's EventSink only emits typed payloads (base/events.ts).
 */
export function eventsOf(source: EventSource): CioEventOn {
  const known = new Set<string>(allEvents().map((e) => e.name))
  return (name, listener) => {
    if (!known.has(name)) throw new Error(`unknown cio-sync event ${name}`)
    return source((n, payload) => {
      if (n === name) listener(payload as CioEventPayload<typeof name>)
    })
  }
}
