// When a schedule runs: pure functions of a timing and an instant, so the scheduler's unit tests
// pass a clock value instead of sleeping. Times are unix ms; windows and cron expressions are read
// in the machine's local time, as the person who typed "09:00-18:00" meant them.

import { Cron } from 'croner'
import { CRON_SHAPE, cronShapeError } from './cron-check'
import type { ScheduleWindow } from '../db/schema-workspaces'

export type { ScheduleWindow }

export interface Timing {
  everySeconds: number | null
  cron: string | null
  window: ScheduleWindow | null
}

/** The shortest interval a user may choose. Tests lower it with CIO_SYNC_SCHEDULE_MIN_SECONDS. */
export const MIN_EVERY_SECONDS = 60
/** However long the failure streak, a schedule is retried at least this often (or once per period). */
export const MAX_BACKOFF_MS = 6 * 3600_000

const DAY_NAMES = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']
export const WEEKDAYS = [1, 2, 3, 4, 5]
export const EVERY_DAY = [0, 1, 2, 3, 4, 5, 6]

/** "15m", "1h", "90s", "2d", or a bare number of minutes → seconds; null when unreadable. */
export function parseEvery(text: string): number | null {
  const m = /^\s*(\d+)\s*(s|sec|m|min|h|d)?\s*$/i.exec(text)
  if (!m) return null
  const n = Number(m[1])
  const unit = (m[2] ?? 'm').toLowerCase()
  const seconds = unit.startsWith('s') ? n : unit.startsWith('m') ? n * 60 : unit === 'h' ? n * 3600 : n * 86400
  return seconds > 0 ? seconds : null
}

/** "HH:MM" → minutes after midnight, or null. */
export function parseClock(text: string): number | null {
  const m = /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(text.trim())
  return m ? Number(m[1]) * 60 + Number(m[2]) : null
}

/** "09:00-18:00" (days default to every day) → a window, or null when unreadable or empty. */
export function parseWindow(text: string, days: number[] = EVERY_DAY): ScheduleWindow | null {
  const [start, end, extra] = text.split(/\s*[-–]\s*/)
  if (extra !== undefined || start === undefined || end === undefined) return null
  const s = parseClock(start)
  const e = parseClock(end)
  if (s === null || e === null || s === e || days.length === 0) return null
  return { start: start.trim().padStart(5, '0'), end: end.trim().padStart(5, '0'), days: [...new Set(days)].sort() }
}

/**
 * Null for a cron expression croner accepts (5 or 6 fields), else what is wrong with it in the
 * schedule form's words: croner's own messages name its classes, so they never reach the user.
 */
export function cronError(expr: string): string | null {
  const shape = cronShapeError(expr)
  if (shape) return shape
  try {
    return new Cron(expr).nextRun() ? null : 'This cron expression never fires (a date that does not exist, such as 31 February).'
  } catch {
    return `This cron expression cannot be read. ${CRON_SHAPE}.`
  }
}

/** Whether an instant falls inside the window. A window whose end is before its start spans midnight. */
export function inWindow(w: ScheduleWindow | null, at: number): boolean {
  if (!w) return true
  const d = new Date(at)
  const minutes = d.getHours() * 60 + d.getMinutes()
  const start = parseClock(w.start) ?? 0
  const end = parseClock(w.end) ?? 0
  const day = d.getDay()
  if (start < end) return w.days.includes(day) && minutes >= start && minutes < end
  // overnight: the window belongs to the day it opens on
  return (w.days.includes(day) && minutes >= start) || (w.days.includes((day + 6) % 7) && minutes < end)
}

/** The first instant at or after `at` inside the window. */
export function nextWindowOpen(w: ScheduleWindow | null, at: number): number {
  if (!w || inWindow(w, at)) return at
  const start = parseClock(w.start) ?? 0
  const d = new Date(at)
  for (let offset = 0; offset <= 8; offset++) {
    // the Date constructor normalises day overflow and follows DST in local time
    const open = new Date(d.getFullYear(), d.getMonth(), d.getDate() + offset, Math.floor(start / 60), start % 60).getTime()
    if (open >= at && w.days.includes(new Date(open).getDay())) return open
  }
  return at // unreachable with at least one day; never loop forever on a bad row
}

/** The next run strictly after `after`, inside the window; null when a cron expression never fires again. */
export function nextRunAfter(t: Timing, after: number): number | null {
  if (t.everySeconds !== null) return nextWindowOpen(t.window, after + t.everySeconds * 1000)
  if (!t.cron) return null
  const cron = new Cron(t.cron)
  let from = new Date(after)
  // a cron and a window may never overlap (08:30 daily inside 09:00-18:00): give up after a year
  for (let i = 0; i < 20_000; i++) {
    const next = cron.nextRun(from)
    if (!next || next.getTime() - after > 366 * 86_400_000) return null
    if (inWindow(t.window, next.getTime())) return next.getTime()
    from = next
  }
  return null
}

/** How long one period of the schedule is around `at`: the interval, or the gap between two cron runs. */
export function periodMs(t: Timing, at: number): number {
  if (t.everySeconds !== null) return t.everySeconds * 1000
  if (!t.cron) return 3600_000
  const [a, b] = new Cron(t.cron).nextRuns(2, new Date(at))
  return a && b ? b.getTime() - a.getTime() : 3600_000
}

/** The wait after the n-th failure in a row: two periods, then four, eight… capped at MAX_BACKOFF_MS. */
export function backoffMs(failures: number, period: number): number {
  if (failures <= 0) return 0
  return Math.min(Math.max(period, MAX_BACKOFF_MS), period * 2 ** Math.min(failures, 30))
}

/** When the schedule runs next after a run that ended at `finishedAt` with `failures` failures in a row. */
export function nextAfterRun(t: Timing, startedAt: number, finishedAt: number, failures: number): number | null {
  const normal = nextRunAfter(t, startedAt)
  if (failures === 0 || normal === null) return normal
  return nextWindowOpen(t.window, Math.max(normal, finishedAt + backoffMs(failures, periodMs(t, finishedAt))))
}

/**
 * A schedule that came due while the app was closed (or asleep) runs once, now, however many of its
 * runs were missed; if its window is closed now, once when the window next opens.
 */
export function collapseMissed(t: Timing, nextRunAt: number | null, now: number): number | null {
  if (nextRunAt === null) return nextRunAfter(t, now)
  if (nextRunAt > now) return nextRunAt
  return nextWindowOpen(t.window, now)
}

/**
 * A next run that lies further ahead than the schedule could ever have put it from `now` means the
 * clock moved backwards since it was computed (a corrected NTP answer, a restored VM): an "every
 * 1 min" schedule would otherwise wait out the whole jump. The latest sensible next run is one
 * period ahead (the cron's next, inside the window), or the back-off after `failures` failures in
 * a row measured from now; anything later is pulled back to that. Earlier ones stay as they are.
 */
export function pullBack(t: Timing, nextRunAt: number | null, failures: number, now: number): number | null {
  if (nextRunAt === null || nextRunAt <= now) return nextRunAt
  const normal = nextRunAfter(t, now)
  if (normal === null) return nextRunAt
  const latest = failures > 0 ? nextWindowOpen(t.window, Math.max(normal, now + backoffMs(failures, periodMs(t, now)))) : normal
  return nextRunAt > latest ? latest : nextRunAt
}

/** "every 15 min", "cron 0 * * * *", "… · weekdays 09:00–18:00". */
export function describeTiming(t: Timing): string {
  let text: string
  if (t.everySeconds !== null) {
    const s = t.everySeconds
    text = s % 86400 === 0 ? `every ${s / 86400} d` : s % 3600 === 0 ? `every ${s / 3600} h` : s % 60 === 0 ? `every ${s / 60} min` : `every ${s} s`
  } else text = `cron ${t.cron ?? '?'}`
  if (t.window) text += ` · ${describeDays(t.window.days)} ${t.window.start}–${t.window.end}`
  return text
}

function describeDays(days: number[]): string {
  const key = [...days].sort().join(',')
  if (key === EVERY_DAY.join(',')) return 'daily'
  if (key === WEEKDAYS.join(',')) return 'weekdays'
  if (key === '0,6') return 'weekends'
  return [...days].sort().map((d) => DAY_NAMES[d]).join(' ')
}
