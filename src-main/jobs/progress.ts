/**
 * Turns a stream of progress updates into a few events per second with a rate and an ETA.
 * Pure and clock-injected so it can be tested without timers.
 */
export interface ProgressSample {
  phase: string
  done: number
  total: number | null
  rate: number | null
  eta: number | null
}

export class ProgressThrottle {
  private lastEmit = -Infinity
  private lastPhase: string | null = null
  private readonly window: { t: number; done: number }[] = []

  constructor(
    private readonly minIntervalMs = 250,
    private readonly rateWindowMs = 5000,
  ) {}

  /** Returns the sample to emit now, or null when this update should be folded into a later one. */
  update(now: number, phase: string, done: number, total: number | null): ProgressSample | null {
    if (phase !== this.lastPhase) this.window.length = 0
    this.window.push({ t: now, done })
    while (this.window.length > 2 && now - this.window[0].t > this.rateWindowMs) this.window.shift()
    const phaseChanged = phase !== this.lastPhase
    const finished = total !== null && done >= total
    if (!phaseChanged && !finished && now - this.lastEmit < this.minIntervalMs) return null
    this.lastEmit = now
    this.lastPhase = phase
    const rate = this.rate()
    const eta = rate && total !== null ? Math.max(0, (total - done) / rate) : null
    return { phase, done, total, rate, eta }
  }

  private rate(): number | null {
    if (this.window.length < 2) return null
    const first = this.window[0]
    const last = this.window[this.window.length - 1]
    const seconds = (last.t - first.t) / 1000
    if (seconds <= 0) return null
    return (last.done - first.done) / seconds
  }
}
