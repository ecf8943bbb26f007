// Per-realm rate limiters (docs/customerio-api.md §2.2, §8.7). The App API is a hard 10 req/s per key,
// API-triggered broadcasts 1 per 10 s; Track, Pipelines and transactional sends share a soft ingress
// limit of 3000 requests per 3 s that the sandbox enforces as a fixed window. Every refusal is a 429
// with an integer Retry-After of at least 1 second.

import { DEFAULT_RATE_LIMITS, type RateLimitConfig } from './config'

/** Token bucket: `capacity` tokens, refilled continuously at `perSecond`. */
export class TokenBucket {
  private tokens: number
  private last: number

  constructor(
    private capacity: number,
    private perSecond: number,
    private readonly clock: () => number = Date.now,
  ) {
    this.tokens = capacity
    this.last = clock()
  }

  configure(capacity: number, perSecond: number): void {
    this.capacity = capacity
    this.perSecond = perSecond
    this.tokens = Math.min(this.tokens, capacity)
  }

  /** Takes a token, or returns the milliseconds until one is available. */
  take(): { ok: true } | { ok: false; waitMs: number } {
    const now = this.clock()
    this.tokens = Math.min(this.capacity, this.tokens + ((now - this.last) / 1000) * this.perSecond)
    this.last = now
    if (this.tokens >= 1) {
      this.tokens -= 1
      return { ok: true }
    }
    return { ok: false, waitMs: ((1 - this.tokens) / this.perSecond) * 1000 }
  }
}

/** Fixed window counter for the soft limits. */
class Window {
  private start = 0
  private count = 0
  constructor(private readonly clock: () => number) {}
  take(limit: number, windowMs: number): { ok: true } | { ok: false; waitMs: number } {
    const now = this.clock()
    if (now - this.start >= windowMs) {
      this.start = now
      this.count = 0
    }
    if (this.count < limit) {
      this.count++
      return { ok: true }
    }
    return { ok: false, waitMs: this.start + windowMs - now }
  }
}

export type LimitKind = 'app' | 'broadcast' | 'track' | 'pipelines' | 'transactional'

export class RateLimiter {
  private config: RateLimitConfig
  private readonly app: TokenBucket
  private lastBroadcastMs = -Infinity
  private windows: Record<'track' | 'pipelines' | 'transactional', Window>

  constructor(initial: Partial<RateLimitConfig> = {}, private readonly clock: () => number = Date.now) {
    this.config = { ...DEFAULT_RATE_LIMITS, ...initial }
    this.app = new TokenBucket(this.config.appPerSecond, this.config.appPerSecond, clock)
    this.windows = { track: new Window(clock), pipelines: new Window(clock), transactional: new Window(clock) }
  }

  get(): RateLimitConfig {
    return { ...this.config }
  }

  set(update: Partial<RateLimitConfig>): RateLimitConfig {
    this.config = { ...this.config, ...update }
    this.app.configure(this.config.appPerSecond, this.config.appPerSecond)
    // New limits start with fresh windows, so a test's configuration is not eaten by earlier traffic.
    this.windows = { track: new Window(this.clock), pipelines: new Window(this.clock), transactional: new Window(this.clock) }
    return this.get()
  }

  /** null when allowed, else the Retry-After in whole seconds (>= 1). */
  check(kind: LimitKind): number | null {
    if (!this.config.enabled) return null
    const c = this.config
    let result: { ok: true } | { ok: false; waitMs: number }
    switch (kind) {
      case 'app':
        result = this.app.take()
        break
      case 'broadcast': {
        const now = this.clock()
        const wait = this.lastBroadcastMs + c.broadcastIntervalMs - now
        if (wait > 0) result = { ok: false, waitMs: wait }
        else {
          this.lastBroadcastMs = now
          result = { ok: true }
        }
        break
      }
      case 'track':
        result = this.windows.track.take(c.trackPerWindow, c.softWindowMs)
        break
      case 'pipelines':
        result = this.windows.pipelines.take(c.pipelinesPerWindow, c.softWindowMs)
        break
      case 'transactional':
        result = this.windows.transactional.take(c.transactionalPerWindow, c.softWindowMs)
        break
    }
    return result.ok ? null : Math.max(1, Math.ceil(result.waitMs / 1000))
  }

  /** Human text used in the 429 detail, in the real API's words. */
  describe(kind: LimitKind): string {
    const c = this.config
    if (kind === 'app') return `rate limited to ${c.appPerSecond} requests per 1s`
    if (kind === 'broadcast') return `rate limited to 1 request per ${Math.round(c.broadcastIntervalMs / 1000)}s`
    const per = kind === 'track' ? c.trackPerWindow : kind === 'pipelines' ? c.pipelinesPerWindow : c.transactionalPerWindow
    return `rate limited to ${per} requests per ${Math.round(c.softWindowMs / 1000)}s`
  }
}
