import { describe, expect, it } from 'vitest'
import { ProgressThrottle } from '../../../src-main/jobs/progress'

describe('ProgressThrottle', () => {
  it('emits the first update, folds updates inside the interval, and emits again after it', () => {
    const t = new ProgressThrottle(250)
    expect(t.update(0, 'push', 0, 100)).not.toBeNull()
    expect(t.update(100, 'push', 10, 100)).toBeNull()
    expect(t.update(200, 'push', 20, 100)).toBeNull()
    expect(t.update(260, 'push', 26, 100)).toMatchObject({ phase: 'push', done: 26, total: 100 })
  })

  it('always emits a phase change and the last unit, whatever the interval', () => {
    const t = new ProgressThrottle(250)
    t.update(0, 'plan', 0, 10)
    expect(t.update(10, 'push', 0, 10)).not.toBeNull()
    expect(t.update(20, 'push', 10, 10)).toMatchObject({ done: 10 })
  })

  it('computes rate from the recent window and an ETA from it', () => {
    const t = new ProgressThrottle(0, 5000)
    t.update(0, 'push', 0, 1000)
    const s = t.update(2000, 'push', 200, 1000)!
    expect(s.rate).toBeCloseTo(100)
    expect(s.eta).toBeCloseTo(8)
  })

  it('has no ETA without a total and no rate from a single sample', () => {
    const t = new ProgressThrottle(0)
    expect(t.update(0, 'scan', 0, null)).toMatchObject({ rate: null, eta: null })
    expect(t.update(1000, 'scan', 50, null)).toMatchObject({ rate: 50, eta: null })
  })

  it('forgets samples older than the window so the rate follows the current speed', () => {
    const t = new ProgressThrottle(0, 1000)
    t.update(0, 'push', 0, null)
    t.update(500, 'push', 1000, null) // a fast start
    t.update(5000, 'push', 1100, null)
    const s = t.update(6000, 'push', 1200, null)!
    expect(s.rate).toBeCloseTo(100)
  })
})
