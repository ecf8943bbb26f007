// The rate budget of one workspace on one API surface (docs/DESIGN.md "Rate budget"). Every request a
// job makes to that surface first takes a slot here, so two jobs of the same workspace (a pull and
// an import) share one budget instead of each assuming it has the whole limit.
//
// Slots are spaced evenly (1 / rate apart) rather than handed out in bursts: Customer.io's App API
// is a token bucket of 10/s, and a client that bursts 10 requests at once and then another 10 one
// second later, a few ms early, collects 429s. Even spacing never does.

import { cancelled } from '../base/cancellation'

export type Surface = 'app' | 'broadcast' | 'track' | 'pipelines'

/** Requests per second per surface. Track and Pipelines are soft limits (3000 per 3 s), so configurable. */
export interface SurfaceRates {
  app: number
  broadcast: number
  track: number
  pipelines: number
}

export const DEFAULT_RATES: SurfaceRates = { app: 10, broadcast: 0.1, track: 100, pipelines: 100 }

// the clock lives below every layer (base/clock.ts); re-exported for the governor's users
import { realClock, type Clock } from '../base/clock'
export { realClock, type Clock }

/** After a 429 the rate halves, down to this share of the configured rate at most. */
const FLOOR_SHARE = 1 / 16
/** Each success gives back this share of the configured rate: from half speed to full in ten requests. */
const RECOVERY_SHARE = 0.05

/**
 * Who a request is for. A foreground job (the user's import, push or pull) goes first: a background
 * job (a schedule) only takes a slot when no foreground request has used this surface for
 * FOREGROUND_HOLD_MS, so a scheduled pull never halves the rate of an import the user is watching.
 */
export type Priority = 'foreground' | 'background'
const FOREGROUND_HOLD_MS = 1000

export class RateGovernor {
  private currentRate: number
  /** the last slot a foreground request reserved */
  private foregroundSlotAt = Number.NEGATIVE_INFINITY
  /** the earliest time the next slot may start */
  private nextSlotAt = 0
  /** set by Retry-After: nothing is sent before it */
  private pausedUntil = 0

  constructor(
    readonly configuredRate: number,
    private readonly clock: Clock = realClock,
  ) {
    if (!(configuredRate > 0)) throw new Error(`a rate must be positive, got ${configuredRate}`)
    this.currentRate = configuredRate
  }

  get rate(): number {
    return this.currentRate
  }

  /**
   * Reserves the next slot and waits for it. Reservations are made synchronously, so concurrent
   * callers queue in call order and never share a slot.
   */
  async acquire(signal?: AbortSignal, priority: Priority = 'foreground'): Promise<void> {
    if (signal?.aborted) throw cancelled()
    if (priority === 'background') {
      // Wait until foreground work has left the surface alone for a while; checked again after
      // each wait, because a foreground request may have come meanwhile.
      for (;;) {
        const quietAt = this.foregroundSlotAt + FOREGROUND_HOLD_MS
        const now = this.clock.now()
        if (now >= quietAt) break
        await this.clock.sleep(quietAt - now, signal)
      }
    }
    const now = this.clock.now()
    const slot = Math.max(now, this.nextSlotAt, this.pausedUntil)
    this.nextSlotAt = slot + 1000 / this.currentRate
    if (priority === 'foreground') this.foregroundSlotAt = slot
    if (slot > now) await this.clock.sleep(slot - now, signal)
  }

  /** A 429: slow down, and honour Retry-After (ms) when the server sent one. */
  throttled(retryAfterMs: number | null): void {
    this.currentRate = Math.max(this.configuredRate * FLOOR_SHARE, this.currentRate / 2)
    const now = this.clock.now()
    if (retryAfterMs !== null && retryAfterMs > 0) this.pausedUntil = Math.max(this.pausedUntil, now + retryAfterMs)
    // Slots already promised at the old spacing are pushed back to the new one.
    this.nextSlotAt = Math.max(this.nextSlotAt, now + 1000 / this.currentRate)
  }

  /** A request that was not throttled: creep back towards the configured rate. */
  succeeded(): void {
    if (this.currentRate < this.configuredRate) {
      this.currentRate = Math.min(this.configuredRate, this.currentRate + this.configuredRate * RECOVERY_SHARE)
    }
  }
}

/** A workspace's own rate for a surface (the user's preference), or undefined for the default. */
export type RateOverride = (workspaceId: string, surface: Surface) => number | undefined

/**
 * One governor per (workspace, surface), shared by every job of the workspace. The composition root
 * builds the engine's one registry and hands it to every service that makes requests; tests make
 * their own with an injected clock.
 */
export class GovernorRegistry {
  private readonly governors = new Map<string, RateGovernor>()

  constructor(
    private readonly rates: SurfaceRates = DEFAULT_RATES,
    private readonly clock: Clock = realClock,
    private readonly override?: RateOverride,
  ) {}

  get(workspaceId: string, surface: Surface): RateGovernor {
    const key = `${workspaceId}\u0000${surface}`
    let governor = this.governors.get(key)
    if (!governor) {
      const own = this.override?.(workspaceId, surface)
      governor = new RateGovernor(own !== undefined && own > 0 ? own : this.rates[surface], this.clock)
      this.governors.set(key, governor)
    }
    return governor
  }

  /** A workspace's configured Track/Pipelines rate changed: its next request starts a fresh governor. */
  forget(workspaceId: string): void {
    for (const key of [...this.governors.keys()]) if (key.startsWith(`${workspaceId}\u0000`)) this.governors.delete(key)
  }
}
