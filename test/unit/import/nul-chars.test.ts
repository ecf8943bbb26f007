import { describe, expect, it } from 'vitest'
import { suggestMapping } from '../../../src-main/import/mapping'
import type { ImportKind } from '../../../src-main/import/types'
import { createValidator } from '../../../src-main/import/validate'

// Issue 14 item 17: NUL characters (U+0000) were sent to Customer.io as they came. A value loses
// them, listed as a row warning (row, column, before → after); a cell saying who or what the row
// is about makes the row invalid instead.
const ctx = { fileSha256: 'a'.repeat(64), fileName: 'nul.csv' }

function validate(kind: ImportKind, header: string[], rows: string[][]) {
  const v = createValidator(suggestMapping(kind, header, rows, {}), { kind }, ctx)
  return rows.map((cells, i) => v({ row: i + 2, cells }))
}

describe('NUL characters in a cell', () => {
  it('are removed from a value, and the removal is a warning of the row with its column', () => {
    const [r] = validate('people', ['id', 'notes', 'city'], [['p1', 'a\u0000b\u0000', 'Oslo']])
    expect(r.record).toMatchObject({ identifier: { type: 'id', value: 'p1' }, set: { notes: 'ab', city: 'Oslo' } })
    expect(r.errors).toEqual([
      { row: 2, column: 'notes', value: 'a\u0000b\u0000', severity: 'warning', message: 'column "notes": "a\\u0000b\\u0000" held 2 NUL characters (U+0000), which Customer.io cannot store; removed: "a\\u0000b\\u0000" → "ab"' },
    ])
  })

  it('leave a cell of nothing but NULs blank, as if it were empty', () => {
    const [r] = validate('people', ['id', 'notes'], [['p1', '\u0000']])
    expect(r.record).toMatchObject({ set: {} })
    expect(r.errors.map((e) => e.severity)).toEqual(['warning'])
  })

  it('make the row invalid in the identifier, a spare email column or an event name', () => {
    const [id] = validate('people', ['id', 'notes'], [['p\u00001', 'x']])
    expect(id.record).toBeNull()
    expect(id.errors).toMatchObject([{ row: 2, column: 'id', severity: 'invalid', message: expect.stringMatching(/contains 1 NUL character \(U\+0000\).*fix the file/) }])
    const [email] = validate('people', ['id', 'email'], [['p1', 'a\u0000@example.com']])
    expect(email.record).toBeNull()
    expect(email.errors).toMatchObject([{ column: 'email', severity: 'invalid' }])
    const [event] = validate('events', ['id', 'name', 'amount'], [['p1', 'sign\u0000up', '3']])
    expect(event.record).toBeNull()
    expect(event.errors).toMatchObject([{ column: 'name', severity: 'invalid' }])
  })

  it('in event data are removed like any value', () => {
    const [r] = validate('events', ['id', 'name', 'coupon'], [['p1', 'signup', 'SAVE\u000010']])
    expect(r.record).toMatchObject({ kind: 'events' })
    expect(JSON.stringify(r.record)).toContain('"SAVE10"')
    expect(r.errors).toMatchObject([{ column: 'coupon', severity: 'warning' }])
  })
})
