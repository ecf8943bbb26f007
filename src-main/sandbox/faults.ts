// Fault injection for tests: 429 bursts with Retry-After, server errors, latency, dropped connections.
// Settable at start (SandboxOptions.faults) and at run time (PUT /__sandbox/faults). Counted faults
// (`burst429`, `errorNext`, `dropNext`) are deterministic; rates use Math.random.

import { DEFAULT_FAULTS, type FaultConfig, type Realm } from './config'
import { realmError, type HttpError } from './http-kit'

export type FaultDecision = { kind: 'none' } | { kind: 'drop' } | { kind: 'error'; error: HttpError }

export class Faults {
  private config: FaultConfig

  constructor(initial: Partial<FaultConfig> = {}) {
    this.config = { ...DEFAULT_FAULTS, ...initial }
  }

  get(): FaultConfig {
    return { ...this.config, realms: [...this.config.realms] }
  }

  /** Merges a partial update; unknown keys are ignored, wrong types rejected by the admin route. */
  set(update: Partial<FaultConfig>): FaultConfig {
    this.config = { ...this.config, ...update }
    return this.get()
  }

  reset(): FaultConfig {
    this.config = { ...DEFAULT_FAULTS }
    return this.get()
  }

  get processingLagMs(): number {
    return this.config.processingLagMs
  }

  /** Waits the configured latency for requests of an affected realm. */
  async delay(realm: Realm): Promise<void> {
    if (this.config.latencyMs > 0 && this.applies(realm)) await new Promise((r) => setTimeout(r, this.config.latencyMs))
  }

  /** Decides, once per request, whether a fault replaces the real answer. */
  decide(realm: Realm): FaultDecision {
    if (!this.applies(realm)) return { kind: 'none' }
    const c = this.config
    if (c.dropNext > 0) {
      c.dropNext--
      return { kind: 'drop' }
    }
    if (c.dropRate > 0 && Math.random() < c.dropRate) return { kind: 'drop' }
    if (c.burst429 > 0) {
      c.burst429--
      const seconds = Math.max(1, Math.ceil(c.retryAfterSeconds))
      const error = realmError(realm, 429, `rate limited to ${realm === 'app' ? '10 requests per 1s' : '3000 requests per 3s'} (reference sandbox-fault)`)
      error.headers['retry-after'] = String(seconds)
      return { kind: 'error', error }
    }
    if (c.errorNext > 0) {
      c.errorNext--
      return { kind: 'error', error: realmError(realm, c.errorStatus, 'internal server error (injected by sandbox)') }
    }
    if (c.errorRate > 0 && Math.random() < c.errorRate) return { kind: 'error', error: realmError(realm, c.errorStatus, 'internal server error (injected by sandbox)') }
    return { kind: 'none' }
  }

  private applies(realm: Realm): boolean {
    return this.config.realms.length === 0 || this.config.realms.includes(realm)
  }
}
