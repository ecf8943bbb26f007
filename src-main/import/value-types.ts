// Cell parsers for the typed columns, shared by type inference (mapping) and the validator so a
// column inferred as a type always validates as that type. Each parser returns undefined for a cell
// it rejects; the matching *Problem function says why, and runs only on the rejected cell, because
// the happy path runs ten million times per million-row file.

export type DateOrder = 'dmy' | 'mdy'

const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/
const THOUSANDS = /^[+-]?\d{1,3}(?:([,.' \u00a0])\d{3})(?:\1\d{3})*(?:[.,]\d+)?$/
const DECIMAL_COMMA = /^[+-]?\d+,\d+$/

/**
 * A number only when the number keeps everything the text says. A leading + (a phone number like
 * +4915112345678) or a leading zero (00042, 0151…) would be dropped, and a double holds only 15
 * significant digits exactly (a card or phone number of 16+ digits would change), so such text is
 * refused: it belongs in a text column, and the validator says so instead of changing it.
 */
export function parseNumber(text: string): number | undefined {
  const s = text.trim()
  if (!NUMBER.test(s) || s.charCodeAt(0) === 43 || LEADING_ZERO.test(s)) return undefined
  const n = Number(s)
  if (!Number.isFinite(n)) return undefined
  // Integers past 2^53 would silently change (a 19-digit id): they belong in a string column.
  if (Math.abs(n) > Number.MAX_SAFE_INTEGER && /^[+-]?\d+$/.test(s)) return undefined
  if (s.length > MAX_SIGNIFICANT_DIGITS && significantDigits(s) > MAX_SIGNIFICANT_DIGITS) return undefined
  return n
}

export const MAX_SIGNIFICANT_DIGITS = 15
const LEADING_ZERO = /^[+-]?0\d/

/** Digits of the mantissa without the leading zeros: what a double must hold exactly. */
function significantDigits(s: string): number {
  const mantissa = s.replace(/^[+-]/, '').replace(/[eE].*$/, '').replace('.', '')
  return mantissa.replace(/^0+/, '').length
}

export function numberProblem(text: string): string {
  const s = text.trim()
  if (NUMBER.test(s)) {
    if (s[0] === '+') return 'starts with a +, which a number would drop (a phone number?): import the column as text'
    if (LEADING_ZERO.test(s)) return 'starts with a zero, which a number would drop (a code or phone number?): import the column as text'
    const n = Number(s)
    if (!Number.isFinite(n) || (Math.abs(n) > Number.MAX_SAFE_INTEGER && /^[+-]?\d+$/.test(s))) return 'is too large to be stored exactly as a number: import the column as text'
    return `has ${significantDigits(s)} significant digits; a number keeps at most ${MAX_SIGNIFICANT_DIGITS} exactly: import the column as text`
  }
  // "1,000" fits both patterns: it is named as the (more common) thousands separator, with the alternative.
  if (THOUSANDS.test(s)) return 'has a thousands separator (or a decimal comma): write the number without separators (1234567) and with a decimal point (1.5), or import the column as text'
  if (DECIMAL_COMMA.test(s)) return 'uses a decimal comma: write it with a point (1.5), or import the column as text'
  return 'is not a number'
}

export function parseBoolean(text: string): boolean | undefined {
  const s = text.trim()
  if (s.length > 5) return undefined
  switch (s.toLowerCase()) {
    case 'true':
    case 'yes':
    case '1':
      return true
    case 'false':
    case 'no':
    case '0':
      return false
    default:
      return undefined
  }
}

export const BOOLEAN_PROBLEM = 'is not a yes/no value (use true/false, yes/no or 1/0)'

/** Latest instant we accept: 9999-12-31T23:59:59Z; earliest is the epoch (Customer.io takes unix seconds). */
const MAX_TIMESTAMP = 253402300799
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i
const SLASHED = /^(\d{1,2})[/.](\d{1,2})[/.](\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/
const UNIX = /^[+-]?\d+$/

/** Unix seconds from ISO 8601 (no zone = UTC), YYYY-MM-DD, NN/NN/YYYY (by `order`), or unix seconds/milliseconds. */
export function parseTimestamp(text: string, order?: DateOrder): number | undefined {
  const s = text.trim()
  let seconds: number | undefined
  if (UNIX.test(s)) {
    const n = Number(s)
    // 12+ digits cannot be seconds before year 5000: they are milliseconds.
    seconds = Math.abs(n) >= 1e11 ? Math.floor(n / 1000) : n
  } else {
    const iso = ISO.exec(s)
    if (iso) seconds = utcSeconds(+iso[1], +iso[2], +iso[3], +(iso[4] ?? 0), +(iso[5] ?? 0), +(iso[6] ?? 0), iso[7])
    else {
      const slashed = SLASHED.exec(s)
      const dayFirst = slashed ? slashedDayFirst(+slashed[1], +slashed[2], order) : undefined
      if (slashed && dayFirst !== undefined) {
        const [day, month] = dayFirst ? [+slashed[1], +slashed[2]] : [+slashed[2], +slashed[1]]
        seconds = utcSeconds(+slashed[3], month, day, +(slashed[4] ?? 0), +(slashed[5] ?? 0), +(slashed[6] ?? 0), undefined)
      }
    }
  }
  if (seconds === undefined || !Number.isSafeInteger(seconds) || seconds < 0 || seconds > MAX_TIMESTAMP) return undefined
  return seconds
}

export function timestampProblem(text: string, order?: DateOrder): string {
  const s = text.trim()
  if (UNIX.test(s)) return Number(s) < 0 ? 'is a negative timestamp (before 1970)' : 'is a timestamp after the year 9999'
  const slashed = SLASHED.exec(s)
  if (slashed && !order && slashedDayFirst(+slashed[1], +slashed[2], undefined) === undefined) {
    return 'is an ambiguous date (day/month or month/day?): write it as YYYY-MM-DD'
  }
  if (ISO.test(s) || slashed) return 'is not a real date or time (check the day, month and hour)'
  return 'is not a date or time (use YYYY-MM-DD, ISO 8601 like 2024-03-01T09:30:00Z, or unix seconds)'
}

/** true = day first, false = month first, undefined = cannot tell (both ≤ 12 and different, with no order given). */
function slashedDayFirst(first: number, second: number, order: DateOrder | undefined): boolean | undefined {
  if (order) return order === 'dmy'
  if (first > 12) return true
  if (second > 12 || first === second) return false
  return undefined
}

function utcSeconds(year: number, month: number, day: number, hour: number, minute: number, second: number, zone: string | undefined): number | undefined {
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return undefined
  // Date.UTC would roll 31 February over into March: check the day against the month first.
  if (day > daysInMonth(year, month)) return undefined
  return Math.floor(Date.UTC(year, month - 1, day, hour, minute, second) / 1000) - zoneOffsetSeconds(zone)
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31
}

function zoneOffsetSeconds(zone: string | undefined): number {
  if (!zone || zone.toUpperCase() === 'Z') return 0
  const sign = zone[0] === '-' ? -1 : 1
  const digits = zone.slice(1).replace(':', '')
  return sign * (Number(digits.slice(0, 2)) * 3600 + Number(digits.slice(2, 4) || '0') * 60)
}

/** JSON columns hold objects or arrays; nesting is capped so a hostile cell cannot blow a stack later. */
export const MAX_JSON_DEPTH = 32

export function jsonProblem(text: string): string | null {
  const s = text.trim()
  if (s[0] !== '{' && s[0] !== '[') return 'is not a JSON object or array'
  const depth = jsonDepth(s)
  if (depth > MAX_JSON_DEPTH) return `is JSON nested ${depth} levels deep; at most ${MAX_JSON_DEPTH} are accepted`
  try {
    JSON.parse(s)
    return null
  } catch (err) {
    return `is not valid JSON (${(err as Error).message})`
  }
}

/** Deepest bracket nesting outside strings, counted without recursion. */
function jsonDepth(s: string): number {
  let depth = 0
  let deepest = 0
  let inString = false
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (inString) {
      if (c === 92) i++ // backslash: skip the escaped character
      else if (c === 34) inString = false
    } else if (c === 34) inString = true
    else if (c === 123 || c === 91) deepest = Math.max(deepest, ++depth)
    else if (c === 125 || c === 93) depth--
  }
  return deepest
}
