import type { z } from 'zod'

/**
 * One IPC call: its channel name (`app:<domain>:<verb>`), the zod schema its input must pass and
 * the schema its output is checked against. Contract files build these with `channel()`.
 */
export interface ChannelDef<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  readonly name: string
  readonly input: I
  readonly output: O
}

export function channel<I extends z.ZodType, O extends z.ZodType>(
  domain: string,
  verb: string,
  input: I,
  output: O,
): ChannelDef<I, O> {
  return { name: `app:${domain}:${verb}`, input, output }
}

/** One event pushed from main to every window: name `app:<domain>:<event>` and payload schema. */
export interface EventDef<P extends z.ZodType = z.ZodType, N extends string = string> {
  readonly name: N
  readonly payload: P
}

export function event<D extends string, E extends string, P extends z.ZodType>(
  domain: D,
  name: E,
  payload: P,
): EventDef<P, `app:${D}:${E}`> {
  return { name: `app:${domain}:${name}`, payload }
}

/** A domain contract: its verbs and its events. */
export interface DomainContract {
  readonly channels: Record<string, ChannelDef>
  readonly events: Record<string, EventDef>
}
