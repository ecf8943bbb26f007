import { describe, expect, it } from 'vitest'
import { GovernorRegistry, RateGovernor } from '../../../src-main/cio/rate-governor'
import { FakeClock } from './fake-clock'

describe('RateGovernor', () => {
  it('spaces requests 1/rate apart, starting at once', async () => {
    const clock = new FakeClock()
    const g = new RateGovernor(10, clock)
    const starts: number[] = []
    for (let i = 0; i < 4; i++) {
      await g.acquire()
      starts.push(clock.now())
    }
    expect(starts).toEqual([0, 100, 200, 300])
  })

  it('does not wait when the caller was slower than the rate', async () => {
    const clock = new FakeClock()
    const g = new RateGovernor(10, clock)
    await g.acquire()
    clock.t = 1000
    await g.acquire()
    expect(clock.sleeps).toEqual([])
  })

  it('gives concurrent callers distinct slots in call order', async () => {
    const clock = new FakeClock()
    const g = new RateGovernor(0.1, clock) // broadcast triggers: 1 per 10 s
    await Promise.all([g.acquire(), g.acquire(), g.acquire()])
    // the fake clock advances as each sleep begins: the second caller waited until 10 s, the third until 20 s
    expect(clock.sleeps).toEqual([10_000, 10_000])
    expect(clock.now()).toBe(20_000)
  })

  it('honours Retry-After and halves the rate on a 429, then recovers gradually', async () => {
    const clock = new FakeClock()
    const g = new RateGovernor(10, clock)
    await g.acquire()
    g.throttled(2000)
    expect(g.rate).toBe(5)
    await g.acquire()
    expect(clock.now()).toBe(2000)
    await g.acquire()
    expect(clock.now()).toBe(2200) // 5/s spacing
    for (let i = 0; i < 9; i++) g.succeeded()
    expect(g.rate).toBeCloseTo(9.5)
    g.succeeded()
    g.succeeded()
    expect(g.rate).toBe(10)
  })

  it('never drops below a floor however many 429s arrive', () => {
    const g = new RateGovernor(10, new FakeClock())
    for (let i = 0; i < 20; i++) g.throttled(null)
    expect(g.rate).toBe(10 / 16)
  })

  it('refuses to wait once the signal is aborted', async () => {
    const g = new RateGovernor(10, new FakeClock())
    const controller = new AbortController()
    controller.abort()
    await expect(g.acquire(controller.signal)).rejects.toMatchObject({ code: 'CANCELLED' })
  })
})

describe('RateGovernor priorities', () => {
  it('lets a background request through at once when no foreground work uses the surface', async () => {
    const clock = new FakeClock()
    const g = new RateGovernor(10, clock)
    await g.acquire(undefined, 'background')
    await g.acquire(undefined, 'background')
    expect(clock.t).toBe(100)
  })

  it('holds a background request until foreground requests have left the surface alone for a second', async () => {
    const clock = new FakeClock()
    const g = new RateGovernor(10, clock)
    await g.acquire() // foreground, slot at 0
    await g.acquire() // foreground, slot at 100
    await g.acquire(undefined, 'background')
    expect(clock.t).toBe(1100)
  })

  it('never delays a foreground request for background ones beyond the normal spacing', async () => {
    const clock = new FakeClock()
    const g = new RateGovernor(10, clock)
    await g.acquire(undefined, 'background')
    await g.acquire()
    expect(clock.t).toBe(100)
  })
})

describe('GovernorRegistry', () => {
  it('shares one governor per workspace and surface, with each surface its rate', () => {
    const registry = new GovernorRegistry({ app: 10, broadcast: 0.1, track: 100, pipelines: 50 }, new FakeClock())
    expect(registry.get('w1', 'app')).toBe(registry.get('w1', 'app'))
    expect(registry.get('w1', 'app')).not.toBe(registry.get('w2', 'app'))
    expect(registry.get('w1', 'pipelines').configuredRate).toBe(50)
    expect(registry.get('w1', 'broadcast').configuredRate).toBe(0.1)
    const before = registry.get('w1', 'track')
    registry.forget('w1')
    expect(registry.get('w1', 'track')).not.toBe(before)
  })
})
