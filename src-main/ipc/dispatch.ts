import type { z } from 'zod'
import type { ChannelDef } from '../contract/channel'
import { allChannels, type Contracts } from '../contract'
import { AppError, type Result } from '../contract/result'

/** What a handler may know about the caller; transports fill it in after checking the sender. */
export interface CallContext {
  transport: 'electron' | 'websocket' | 'cli' | 'test'
}

type HandlerOf<C> = C extends ChannelDef<infer I, infer O>
  ? (input: z.output<I>, ctx: CallContext) => Promise<z.input<O>> | z.input<O>
  : never

/** One handler per channel of every contract: the compiler makes sure none is missing. */
export type HandlerTable = {
  [D in keyof Contracts]: { [V in keyof Contracts[D]['channels']]: HandlerOf<Contracts[D]['channels'][V]> }
}

export interface Logger {
  warn(message: string): void
  error(message: string): void
}

/**
 * Routes one call: unknown channel → UNKNOWN_CHANNEL, bad input → VALIDATION with the zod issues,
 * a service's AppError → its code, anything else → INTERNAL (details go to the log, not the caller).
 * The output is checked against the contract too, so a service can never leak a field the
 * contract does not declare (such as a secret).
 */
export class Dispatcher {
  private readonly routes = new Map<string, { def: ChannelDef; fn: (input: unknown, ctx: CallContext) => unknown }>()

  constructor(table: HandlerTable, private readonly log: Logger) {
    const byName = new Map(allChannels().map((c) => [c.name, c]))
    for (const [domainName, domain] of Object.entries(table)) {
      for (const [verb, fn] of Object.entries(domain as Record<string, (i: unknown, c: CallContext) => unknown>)) {
        const name = `app:${domainName}:${verb}`
        const def = byName.get(name)
        if (!def) throw new Error(`handler ${name} has no contract`)
        this.routes.set(name, { def, fn })
      }
    }
  }

  has(channel: string): boolean {
    return this.routes.has(channel)
  }

  async dispatch(channel: unknown, rawInput: unknown, ctx: CallContext): Promise<Result<unknown>> {
    const route = typeof channel === 'string' ? this.routes.get(channel) : undefined
    if (!route) {
      return { ok: false, error: { code: 'UNKNOWN_CHANNEL', message: `unknown channel ${JSON.stringify(String(channel)).slice(0, 80)}`, retryable: false } }
    }
    const parsed = route.def.input.safeParse(rawInput ?? undefined)
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }))
      const summary = issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ')
      return { ok: false, error: { code: 'VALIDATION', message: `some values need fixing: ${summary}`, retryable: false, issues } }
    }
    let value: unknown
    try {
      value = await route.fn(parsed.data, ctx)
    } catch (err) {
      if (err instanceof AppError) return { ok: false, error: { code: err.code, message: err.message, retryable: err.retryable } }
      this.log.error(`${route.def.name} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`)
      return { ok: false, error: { code: 'INTERNAL', message: 'something unexpected went wrong in cio-sync; the details are in its log file', retryable: false } }
    }
    const out = route.def.output.safeParse(value)
    if (!out.success) {
      this.log.error(`${route.def.name} answered outside its contract: ${out.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`)
      return { ok: false, error: { code: 'INTERNAL', message: 'cio-sync produced an answer this window cannot use; the details are in its log file', retryable: false } }
    }
    return { ok: true, value: out.data }
  }
}
