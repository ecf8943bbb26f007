// Which attribute values are points in time, and how they read. Customer.io keeps times as unix
// seconds, and its App API returns every attribute value as a string ("created_at": "1489014595"),
// so a date has to be recognised from the attribute's name and its value together. The rule is
// conservative: a number is only ever read as a time when the attribute's name says it is one
// ("created_at", "last_login_time", "signup_date"); "age": 1700000000 stays a number.

/** Times outside 2000-01-01 … 2100-01-01 are taken for plain numbers, not dates. */
const EARLIEST_MS = Date.UTC(2000, 0, 1)
const LATEST_MS = Date.UTC(2100, 0, 1)

/** "created_at", "createdAt", "updated-at": the name alone says it is a time. */
export function isAtName(name: string): boolean {
  return /(^|[_\-. ])at$/i.test(name) || /[a-z0-9]At$/.test(name)
}

const TIME_WORDS = new Set(['timestamp', 'time', 'date', 'datetime', 'ts', 'seen', 'emailed', 'login', 'visited', 'created', 'updated', 'modified', 'expires'])

/**
 * Named like a time: an `_at` name, or one whose last word is a time word ("timestamp",
 * "login_time", "signup_date", "last_seen", "_last_emailed"). "last_name" or "last_order_total"
 * are not: only the last word counts.
 */
export function isTimeLikeName(name: string): boolean {
  if (isAtName(name)) return true
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[_\-. ]+/)
    .filter(Boolean)
  return TIME_WORDS.has(words[words.length - 1] ?? '')
}

/** Unix seconds or milliseconds in the plausible range, as ms; null otherwise. */
export function epochMs(n: number): number | null {
  if (!Number.isFinite(n) || n <= 0) return null
  const ms = n < 1e11 ? n * 1000 : n
  return ms >= EARLIEST_MS && ms < LATEST_MS ? Math.round(ms) : null
}

/** An ISO-8601 date or date-time: "2024-03-01", "2024-03-01T10:00:00Z", "2024-03-01 10:00:00+02:00". */
const ISO = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/

function numberOf(value: unknown): number | null {
  if (typeof value === 'number') return value
  if (typeof value === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(value)) return Number(value)
  return null
}

/**
 * The time an attribute value stands for, in epoch ms, or null when it is not one: a number
 * (or digits as text) of seconds or ms in range under a time-like name, or an ISO date-time
 * under an `_at` name. Anything else (booleans, words, numbers of other attributes) is null.
 */
export function timestampOf(name: string, value: unknown): number | null {
  if (!isTimeLikeName(name)) return null
  const n = numberOf(value)
  if (n !== null) return epochMs(n)
  if (typeof value === 'string' && ISO.test(value.trim())) {
    const ms = Date.parse(value.trim().replace(' ', 'T'))
    return Number.isFinite(ms) && ms >= EARLIEST_MS && ms < LATEST_MS ? ms : null
  }
  return null
}

export interface DateFormatOptions {
  locale?: string
  /** the viewer's own zone unless given (tests pin one) */
  timeZone?: string
}

/** A time as the viewer reads it, in their time zone: "Mar 14, 2017, 11:16 PM". */
export function formatLocalDateTime(ms: number, options: DateFormatOptions = {}): string {
  return new Date(ms).toLocaleString(options.locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: options.timeZone })
}

/** The raw value shown on hover next to the date it was read as: "1489014595 (unix seconds)". */
export function rawTimeTitle(value: unknown): string {
  const n = numberOf(value)
  if (n === null) return String(value)
  return `${String(value).trim()} (unix ${n < 1e11 ? 'seconds' : 'milliseconds'})`
}
