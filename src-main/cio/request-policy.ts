// Every request of the cio/ layer goes through `RequestRunner.request`: a slot from the surface's
// rate governor, a check of the AbortSignal, then the SDK call (built with maxRetries 0, so the
// governor sees every attempt). Retries are ours:
//   - 429 always (the request was refused, not processed), after Retry-After or a backoff;
//   - 5xx and network failures only for idempotent calls (reads, identify). A write that got a 5xx
//     or lost its connection may have been applied, so it is NOT replayed: it fails with
//     MayHaveAppliedError and the caller decides (docs/DESIGN.md "Exactly-once in effect").

import { AppError } from '../contract/result'
import { classifyFailure, MayHaveAppliedError, retryAfterMs, toAppError } from './errors'
import { cancelled } from '../base/cancellation'
import { realClock, type Clock, type Priority, type RateGovernor, type Surface } from './rate-governor'

export interface RetryPolicy {
  /** attempts for 5xx and network failures, the first one included */
  maxAttempts: number
  /** attempts for 429s: refusals cost the server nothing, so we are more patient */
  maxRateLimitedAttempts: number
  baseDelayMs: number
  maxDelayMs: number
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 5, maxRateLimitedAttempts: 10, baseDelayMs: 250, maxDelayMs: 8000 }

export interface RequestOptions {
  signal?: AbortSignal
  /** true for reads and other calls that converge when repeated */
  idempotent: boolean
  /** "list segments": completes the error messages ("… while trying to list segments") */
  what: string
}

/** What a job reports in its history: attempts sent, replays, and how many were 429s. */
export interface RequestStats {
  requests: number
  retries: number
  rateLimited: number
}

export interface RequestRunnerDeps {
  governor(surface: Surface): RateGovernor
  /** called after every attempt: did the workspace answer at all? */
  reachability?(reachable: boolean, message: string | null): void
  clock?: Clock
  policy?: RetryPolicy
  /** jitter source, injectable so tests are deterministic */
  random?: () => number
  /** background (scheduled) jobs yield the rate budget to foreground ones */
  priority?: Priority
}

/** Socket errors that happen before a byte of the request left: safe to retry even for a write. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH'])

function neverSent(err: unknown): boolean {
  const code = (err as { cause?: { code?: string } })?.cause?.code
  return code !== undefined && NOT_SENT_CODES.has(code)
}

export class RequestRunner {
  readonly stats: RequestStats = { requests: 0, retries: 0, rateLimited: 0 }
  private readonly clock: Clock
  private readonly policy: RetryPolicy
  private readonly random: () => number

  constructor(private readonly deps: RequestRunnerDeps) {
    this.clock = deps.clock ?? realClock
    this.policy = deps.policy ?? DEFAULT_RETRY_POLICY
    this.random = deps.random ?? Math.random
  }

  async request<T>(surface: Surface, call: () => Promise<T>, opts: RequestOptions): Promise<T> {
    const governor = this.deps.governor(surface)
    let failures = 0
    let refusals = 0
    for (;;) {
      if (opts.signal?.aborted) throw cancelled()
      await governor.acquire(opts.signal, this.deps.priority)
      this.stats.requests++
      try {
        const result = await call()
        governor.succeeded()
        this.deps.reachability?.(true, null)
        return result
      } catch (err) {
        if (err instanceof AppError) throw err
        const kind = classifyFailure(err)
        const mapped = toAppError(err, surface, opts.what)
        this.deps.reachability?.(kind !== 'network', kind === 'network' ? mapped.message : null)
        let delay: number
        if (kind === 'rate-limited') {
          this.stats.rateLimited++
          const after = retryAfterMs(err, this.clock.now())
          governor.throttled(after)
          if (++refusals >= this.policy.maxRateLimitedAttempts) throw mapped
          // With Retry-After the governor already holds every request back; without it, back off.
          delay = after !== null ? 0 : this.backoff(refusals - 1)
        } else if (kind === 'server' || kind === 'network') {
          if (!opts.idempotent && !neverSent(err)) {
            throw new MayHaveAppliedError(`${mapped.message}. The request may have been applied; it was not sent again. Check the workspace before repeating it.`)
          }
          if (++failures >= this.policy.maxAttempts) throw mapped
          delay = this.backoff(failures - 1)
        } else {
          throw mapped
        }
        this.stats.retries++
        if (delay > 0) await this.clock.sleep(delay, opts.signal)
      }
    }
  }

  /** Exponential backoff with a jitter factor in [1, 1.5), capped. */
  backoff(attempt: number): number {
    const base = this.policy.baseDelayMs * 2 ** attempt
    return Math.min(this.policy.maxDelayMs, base * (1 + this.random() / 2))
  }
}
