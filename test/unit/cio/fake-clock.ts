import type { Clock } from '../../../src-main/cio/rate-governor'

/** A clock whose time moves only when someone sleeps on it; records every sleep. */
export class FakeClock implements Clock {
  t = 0
  readonly sleeps: number[] = []
  now(): number {
    return this.t
  }
  async sleep(ms: number): Promise<void> {
    this.sleeps.push(ms)
    this.t += ms
  }
}
