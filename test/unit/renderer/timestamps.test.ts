import { describe, expect, it } from 'vitest'
import { epochMs, formatLocalDateTime, isTimeLikeName, rawTimeTitle, timestampOf } from '../../../src-renderer/components/timestamps'

// The People grid shows times as dates only where the attribute's name says it is a time: a
// plain number of another attribute is never guessed to be one.

describe('isTimeLikeName', () => {
  it('knows _at names and names ending in a time word', () => {
    for (const name of ['created_at', 'updated_at', 'createdAt', 'last-login-at', 'timestamp', 'signup_date', 'login_time', 'last_seen', '_last_emailed', 'trial_expires'])
      expect(isTimeLikeName(name), name).toBe(true)
  })
  it('leaves other names alone', () => {
    for (const name of ['age', 'plan', 'last_name', 'format', 'chat', 'seat', 'last_order_total', 'id', 'at_risk', 'timezone'])
      expect(isTimeLikeName(name), name).toBe(false)
  })
})

describe('epochMs', () => {
  it('reads seconds and milliseconds in 2000–2100, nothing else', () => {
    expect(epochMs(1489014595)).toBe(1489014595000)
    expect(epochMs(1489014595123)).toBe(1489014595123)
    expect(epochMs(946684800)).toBe(946684800000)
    expect(epochMs(946684799)).toBeNull()
    expect(epochMs(4102444800)).toBeNull()
    expect(epochMs(42)).toBeNull()
    expect(epochMs(0)).toBeNull()
    expect(epochMs(-1489014595)).toBeNull()
    expect(epochMs(Number.NaN)).toBeNull()
  })
})

describe('timestampOf', () => {
  it('reads Customer.io times given as strings or numbers under a time name', () => {
    expect(timestampOf('created_at', '1489014595')).toBe(1489014595000)
    expect(timestampOf('created_at', 1489014595)).toBe(1489014595000)
    expect(timestampOf('last_seen', '1700000000000')).toBe(1700000000000)
    expect(timestampOf('signup_date', '2024-03-01')).toBe(Date.parse('2024-03-01'))
    expect(timestampOf('updated_at', '2024-03-01T10:00:00Z')).toBe(Date.UTC(2024, 2, 1, 10))
    expect(timestampOf('updated_at', '2024-03-01 10:00:00+02:00')).toBe(Date.UTC(2024, 2, 1, 8))
  })
  it('never guesses on plain numbers of other columns, or on values that are not times', () => {
    expect(timestampOf('age', 1489014595)).toBeNull()
    expect(timestampOf('plan_id', '1489014595')).toBeNull()
    expect(timestampOf('created_at', 'yesterday')).toBeNull()
    expect(timestampOf('created_at', true)).toBeNull()
    expect(timestampOf('created_at', '42')).toBeNull()
    expect(timestampOf('created_at', null)).toBeNull()
    expect(timestampOf('created_at', '1.5e9')).toBeNull()
    expect(timestampOf('updated_at', '1899-01-01')).toBeNull()
  })
})

describe('formatLocalDateTime', () => {
  it('shows the time in the given (or the viewer’s) time zone', () => {
    const at = Date.UTC(2017, 2, 8, 23, 9, 55)
    expect(formatLocalDateTime(at, { locale: 'en-US', timeZone: 'UTC' })).toBe('Mar 8, 2017, 11:09 PM')
    expect(formatLocalDateTime(at, { locale: 'en-US', timeZone: 'Europe/Paris' })).toBe('Mar 9, 2017, 12:09 AM')
    expect(formatLocalDateTime(at, { locale: 'en-GB', timeZone: 'Asia/Tokyo' })).toBe('9 Mar 2017, 08:09')
  })
})

describe('rawTimeTitle', () => {
  it('names the unit of a raw number, and keeps other text as it is', () => {
    expect(rawTimeTitle('1489014595')).toBe('1489014595 (unix seconds)')
    expect(rawTimeTitle(1489014595123)).toBe('1489014595123 (unix milliseconds)')
    expect(rawTimeTitle('2024-03-01T10:00:00Z')).toBe('2024-03-01T10:00:00Z')
  })
})
