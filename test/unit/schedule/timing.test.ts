import { describe, expect, it } from 'vitest'
import {
  backoffMs,
  collapseMissed,
  cronError,
  describeTiming,
  inWindow,
  MAX_BACKOFF_MS,
  nextAfterRun,
  nextRunAfter,
  nextWindowOpen,
  parseEvery,
  parseWindow,
  periodMs,
  pullBack,
  WEEKDAYS,
  type Timing,
} from '../../../src-main/schedule/timing'

// Dates are built with the local-time constructor, as the windows and cron are read in local time,
// so these hold in any TZ the machine runs in. 2026-01-05 is a Monday.
const at = (day: number, h: number, m = 0, s = 0) => new Date(2026, 0, day, h, m, s).getTime()
const MIN = 60_000
const every = (seconds: number, window: Timing['window'] = null): Timing => ({ everySeconds: seconds, cron: null, window })
const cron = (expr: string, window: Timing['window'] = null): Timing => ({ everySeconds: null, cron: expr, window })
const office = parseWindow('09:00-18:00', WEEKDAYS)!

describe('reading what people type', () => {
  it('reads intervals with units, minutes by default', () => {
    expect(parseEvery('15m')).toBe(900)
    expect(parseEvery('1h')).toBe(3600)
    expect(parseEvery('90s')).toBe(90)
    expect(parseEvery('2d')).toBe(172_800)
    expect(parseEvery('5')).toBe(300)
    expect(parseEvery('0m')).toBeNull()
    expect(parseEvery('soon')).toBeNull()
  })

  it('reads windows, and refuses empty or malformed ones', () => {
    expect(parseWindow('9:00-18:00', WEEKDAYS)).toEqual({ start: '09:00', end: '18:00', days: [1, 2, 3, 4, 5] })
    expect(parseWindow('22:00–06:00')?.days).toEqual([0, 1, 2, 3, 4, 5, 6])
    expect(parseWindow('09:00-09:00')).toBeNull()
    expect(parseWindow('9-18')).toBeNull()
    expect(parseWindow('25:00-26:00')).toBeNull()
  })

  it('checks cron expressions, saying what is wrong in user terms (never the parser words)', () => {
    expect(cronError('*/15 * * * *')).toBeNull()
    expect(cronError('0 9 * * 1-5')).toBeNull()
    expect(cronError('every tuesday')).toBe('The cron expression has 2 fields. Use 5 fields separated by spaces: minute hour day month weekday, e.g. 0 9-17 * * 1-5.')
    expect(cronError('61 * * * *')).toBe('Minute must be 0-59; "61" is not.')
    expect(cronError('0 0 31 2 *')).toMatch(/never fires/)
    for (const bad of ['every tuesday', '61 * * * *', '* * * * * * *', 'a b c d e']) expect(cronError(bad)).not.toMatch(/cron(er|pattern)/i)
  })

  it('describes a timing in a few words', () => {
    expect(describeTiming(every(900, office))).toBe('every 15 min · weekdays 09:00–18:00')
    expect(describeTiming(every(3600))).toBe('every 1 h')
    expect(describeTiming(cron('0 * * * *'))).toBe('cron 0 * * * *')
  })
})

describe('time windows', () => {
  it('is open on weekdays between the times, closed at the end minute and on weekends', () => {
    expect(inWindow(office, at(5, 9, 0))).toBe(true)
    expect(inWindow(office, at(5, 17, 59))).toBe(true)
    expect(inWindow(office, at(5, 18, 0))).toBe(false)
    expect(inWindow(office, at(5, 8, 59))).toBe(false)
    expect(inWindow(office, at(10, 12, 0))).toBe(false) // Saturday
  })

  it('spans midnight when the end is before the start, belonging to the day it opens', () => {
    const night = parseWindow('22:00-06:00', [5])! // opens Friday night only
    expect(inWindow(night, at(9, 23, 0))).toBe(true) // Friday 23:00
    expect(inWindow(night, at(10, 5, 0))).toBe(true) // Saturday 05:00, still Friday's window
    expect(inWindow(night, at(10, 23, 0))).toBe(false) // Saturday night
    expect(inWindow(night, at(9, 5, 0))).toBe(false) // Friday 05:00 belongs to Thursday
  })

  it('finds the next opening: later today, tomorrow, or after the weekend', () => {
    expect(nextWindowOpen(office, at(5, 7, 30))).toBe(at(5, 9, 0))
    expect(nextWindowOpen(office, at(5, 19, 0))).toBe(at(6, 9, 0))
    expect(nextWindowOpen(office, at(9, 18, 30))).toBe(at(12, 9, 0)) // Friday evening → Monday
    expect(nextWindowOpen(office, at(5, 10, 0))).toBe(at(5, 10, 0)) // already open
  })
})

describe('the next run', () => {
  it('is one interval later, moved to the window opening when it falls outside', () => {
    expect(nextRunAfter(every(900), at(5, 10, 0))).toBe(at(5, 10, 15))
    expect(nextRunAfter(every(900, office), at(5, 17, 50))).toBe(at(6, 9, 0))
  })

  it('follows a cron expression, skipping fire times outside the window', () => {
    expect(nextRunAfter(cron('*/20 * * * *'), at(5, 10, 5))).toBe(at(5, 10, 20))
    expect(nextRunAfter(cron('0 * * * *', office), at(5, 17, 30))).toBe(at(6, 9, 0))
    expect(nextRunAfter(cron('30 8 * * *', office), at(5, 7, 0))).toBeNull() // 08:30 is never inside 09:00–18:00
  })

  it('knows the period of a cron expression', () => {
    expect(periodMs(cron('*/20 * * * *'), at(5, 10, 5))).toBe(20 * MIN)
    expect(periodMs(every(60), 0)).toBe(MIN)
  })
})

describe('missed runs', () => {
  it('run once at start however many were missed, then keep the normal cadence from now', () => {
    const t = every(900)
    const wasDue = at(5, 0, 15) // the app was closed at 00:10 and opens again at 10:00: 39 runs missed
    const now = at(5, 10, 0)
    expect(collapseMissed(t, wasDue, now)).toBe(now) // due once, now
    expect(nextRunAfter(t, now)).toBe(at(5, 10, 15)) // after that run, not wasDue + 15 min
  })

  it('wait for the window when it is closed at start', () => {
    expect(collapseMissed(every(900, office), at(9, 17, 45), at(10, 11, 0))).toBe(at(12, 9, 0))
  })

  it('leave a future run alone', () => {
    expect(collapseMissed(every(900), at(5, 10, 15), at(5, 10, 0))).toBe(at(5, 10, 15))
  })
})

describe('back-off', () => {
  it('doubles from two periods with each failure in a row, up to a cap', () => {
    expect(backoffMs(0, MIN)).toBe(0)
    expect(backoffMs(1, MIN)).toBe(2 * MIN)
    expect(backoffMs(2, MIN)).toBe(4 * MIN)
    expect(backoffMs(3, MIN)).toBe(8 * MIN)
    expect(backoffMs(40, MIN)).toBe(MAX_BACKOFF_MS)
    // a daily schedule is never retried less often than daily
    expect(backoffMs(5, 86_400_000)).toBe(86_400_000)
  })

  it('spaces out the next run after a failure and returns to the cadence after a success', () => {
    const t = every(60)
    const start = at(5, 10, 0)
    const end = start + 5000
    expect(nextAfterRun(t, start, end, 0)).toBe(start + MIN)
    expect(nextAfterRun(t, start, end, 1)).toBe(end + 2 * MIN)
    expect(nextAfterRun(t, start, end, 3)).toBe(end + 8 * MIN)
  })

  it('keeps a backed-off run inside the window', () => {
    expect(nextAfterRun(every(3600, office), at(5, 17, 0), at(5, 17, 1), 2)).toBe(at(6, 9, 0))
  })
})

describe('a clock that moved backwards', () => {
  it('pulls a next run beyond one period (or the cron\'s next) back, and leaves sensible ones alone', () => {
    const now = at(5, 10, 0)
    expect(pullBack(every(60), now + 86_400_000 + MIN, 0, now)).toBe(now + MIN)
    expect(pullBack(every(60), now + 30_000, 0, now)).toBe(now + 30_000)
    expect(pullBack(cron('0 * * * *'), at(6, 11, 0), 0, now)).toBe(at(5, 11, 0))
    expect(pullBack(every(60), null, 0, now)).toBeNull()
    expect(pullBack(every(60), now - MIN, 0, now)).toBe(now - MIN) // overdue: runs at the next tick
  })

  it('keeps a window\'s wait and a back-off, measured from now', () => {
    // Friday evening: the office window opens on Monday, which is not a clock change
    expect(pullBack(every(3600, office), at(12, 9, 0), 0, at(9, 19, 0))).toBe(at(12, 9, 0))
    expect(pullBack(every(60), at(5, 10, 8), 3, at(5, 10, 0))).toBe(at(5, 10, 8))
    expect(pullBack(every(60), at(6, 10, 8), 3, at(5, 10, 0))).toBe(at(5, 10, 8))
  })
})
