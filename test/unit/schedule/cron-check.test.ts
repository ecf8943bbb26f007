import { describe, expect, it } from 'vitest'
import { cronShapeError } from '../../../src-main/schedule/cron-check'

describe('cronShapeError', () => {
  it('accepts what croner reads: steps, ranges, lists, names, a leading second, L W # ?', () => {
    for (const ok of ['* * * * *', '*/15 * * * *', '0 9-17 * * 1-5', '0,30 8 1,15 JAN-MAR mon-fri', '30 0 9 * * *', '0 0 L * *', '0 0 15W * *', '0 0 ? * 5#2', '0 0 * * 7', '0 0 * * 5L'])
      expect(cronShapeError(ok), ok).toBeNull()
  })

  it('names the field, its range and the offending item', () => {
    expect(cronShapeError('')).toMatch(/^The cron expression is empty\. Use 5 fields/)
    expect(cronShapeError('0 9')).toMatch(/^The cron expression has 2 fields\./)
    expect(cronShapeError('*')).toMatch(/has 1 field\./)
    expect(cronShapeError('60 * * * *')).toBe('Minute must be 0-59; "60" is not.')
    expect(cronShapeError('0 24 * * *')).toBe('Hour must be 0-23; "24" is not.')
    expect(cronShapeError('0 0 0 * *')).toBe('Day of month must be 1-31; "0" is not.')
    expect(cronShapeError('0 0 * 13 *')).toBe('Month must be 1-12 or a name (JAN-DEC); "13" is not.')
    expect(cronShapeError('0 0 * * FUN')).toBe('Weekday must be 0-7 or a name (SUN-SAT); "FUN" is not.')
    expect(cronShapeError('*/0 * * * *')).toBe('Minute: the step after "/" cannot be 0.')
    expect(cronShapeError('*/x * * * *')).toBe('Minute: the step after "/" must be a whole number, not "x".')
    expect(cronShapeError('0 17-9 * * *')).toBe('Hour range "17-9" runs backwards; write the smaller value first.')
    expect(cronShapeError('0,,5 * * * *')).toBe('Minute has an empty item in "0,,5"; remove the extra comma.')
    expect(cronShapeError('61 0 9 * * *')).toBe('Second must be 0-59; "61" is not.')
  })
})
