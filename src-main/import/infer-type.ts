// Type inference for one column from its sample values. Conservative on purpose: a wrong guess
// changes data (an id "00042" becoming 42, 03/04 read as March instead of April), while "string"
// is always safe and the user can still pick a type in the mapping step.

import { jsonProblem, parseBoolean, parseNumber, parseTimestamp, type DateOrder } from './value-types'
import type { ValueType } from './types'

export interface InferredType {
  type: ValueType
  /** set for timestamp columns written as NN/NN/YYYY */
  dateOrder?: DateOrder
}

const NUMERIC = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/
const LEADING_ZERO = /^[+-]?0\d/
const INTEGER = /^\d+$/
const SLASHED_DATE = /^(\d{1,2})[/.](\d{1,2})[/.]\d{4}\b/
const BOOLEAN_WORDS = new Set(['true', 'false', 'yes', 'no'])
/** Bare integers are read as unix time only under a name that says time (an order number is not a date). */
const TIME_NAME = /(?:^|_)(?:date|time|timestamp|ts|dob|birthday)(?:_|$)|_at$|_on$|^last_used$/
/** Digits that are never quantities (a phone or postal code): text whatever the sample shows, so nothing is dropped from them. */
const TEXT_DIGITS_NAME = /(?:^|_)(?:phone|mobile|cell|tel|telephone|fax|msisdn|whatsapp|zip|zipcode|postcode|postal_code|iban)(?:_|$)/
const FLAG_NAME = /^(?:is|has|can|was|should)_|(?:^|_)(?:flag|enabled|active|subscribed|unsubscribed|opt_?in|opted_in|verified|consent)$/
/** 1973-03-03 .. 2286-11-20 in seconds, and the same range in milliseconds */
const PLAUSIBLE_SECONDS: [number, number] = [1e8, 1e10]
const PLAUSIBLE_MILLISECONDS: [number, number] = [1e11, 1e13]

export function inferType(values: readonly string[], columnName?: string): ValueType {
  return inferColumn(values, columnName).type
}

/** `columnName` is the snake_cased attribute name; it only breaks ties between number, boolean and time. */
export function inferColumn(values: readonly string[], columnName = ''): InferredType {
  const present = values.map((v) => v.trim()).filter((v) => v !== '')
  if (present.length === 0) return { type: 'string' }

  if (present.every((v) => NUMERIC.test(v))) {
    if (present.some((v) => LEADING_ZERO.test(v))) return { type: 'string' }
    // parseNumber refuses what a number would change: a leading + or 0, more than 15 digits (value-types.ts)
    if (present.some((v) => parseNumber(v) === undefined)) return { type: 'string' }
    if (TEXT_DIGITS_NAME.test(columnName)) return { type: 'string' }
    if (TIME_NAME.test(columnName) && present.every(isPlausibleUnixTime)) return { type: 'timestamp' }
    if (FLAG_NAME.test(columnName) && present.every((v) => v === '0' || v === '1')) return { type: 'boolean' }
    return { type: 'number' }
  }

  if (present.every((v) => parseBoolean(v) !== undefined) && present.some((v) => BOOLEAN_WORDS.has(v.toLowerCase()))) return { type: 'boolean' }

  const dates = inferDates(present)
  if (dates) return dates

  if (present.every((v) => jsonProblem(v) === null)) return { type: 'json' }
  return { type: 'string' }
}

function isPlausibleUnixTime(v: string): boolean {
  if (!INTEGER.test(v)) return false
  const n = Number(v)
  return (n >= PLAUSIBLE_SECONDS[0] && n < PLAUSIBLE_SECONDS[1]) || (n >= PLAUSIBLE_MILLISECONDS[0] && n < PLAUSIBLE_MILLISECONDS[1])
}

/**
 * A date column: every value parses as a date. NN/NN/YYYY values must agree on one order that the
 * sample proves (some first number over 12 means day first, some second number over 12 means month
 * first); a sample where every such date could be read both ways stays a string column.
 */
function inferDates(present: string[]): InferredType | null {
  let dayFirstSeen = false
  let monthFirstSeen = false
  let slashedSeen = false
  for (const v of present) {
    const slashed = SLASHED_DATE.exec(v)
    if (!slashed) {
      // Bare numbers were handled above; here only written dates count.
      if (INTEGER.test(v) || parseTimestamp(v) === undefined) return null
      continue
    }
    slashedSeen = true
    if (+slashed[1] > 12) dayFirstSeen = true
    if (+slashed[2] > 12) monthFirstSeen = true
  }
  if (!slashedSeen) return { type: 'timestamp' }
  if (dayFirstSeen === monthFirstSeen) return null
  const dateOrder: DateOrder = dayFirstSeen ? 'dmy' : 'mdy'
  if (present.some((v) => parseTimestamp(v, dateOrder) === undefined)) return null
  return { type: 'timestamp', dateOrder }
}
