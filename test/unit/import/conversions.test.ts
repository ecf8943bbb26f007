import { describe, expect, it } from 'vitest'
import { inferType, suggestMapping } from '../../../src-main/import/mapping'
import type { Mapping } from '../../../src-main/import/types'
import { createValidator } from '../../../src-main/import/validate'
import { parseNumber } from '../../../src-main/import/value-types'

// Issue 14, item 3: a number never drops what the text says (a leading + or 0, digits past 15),
// and every conversion the validator makes is counted per column with an example.
const ctx = { fileSha256: 'a'.repeat(64), fileName: 'people.csv' }

function validate(header: string[], rows: string[][], tweak?: (m: Mapping) => void) {
  const mapping = suggestMapping('people', header, rows)
  tweak?.(mapping)
  const validator = createValidator(mapping, { kind: 'people' }, ctx)
  return { results: rows.map((cells, i) => validator({ row: i + 1, cells })), validator, mapping }
}

describe('numbers keep what the text says', () => {
  it.each([
    ['+4915112345678', undefined],
    ['+5', undefined],
    ['0151234567', undefined],
    ['-007', undefined],
    ['4111111111111111', undefined],
    ['1.234567890123456', undefined],
    ['0.000123456789012345', 1.23456789012345e-4],
    ['123456789012345', 123456789012345],
    ['0.5', 0.5],
    ['-3', -3],
    ['1e3', 1000],
  ] as const)('parseNumber(%j) → %s', (text, expected) => {
    expect(parseNumber(text)).toBe(expected)
  })

  it('infers text for a column with a leading +, a leading 0, 16 digits, or a phone-like name', () => {
    expect(inferType(['+4915112345678', '+441632960961'])).toBe('string')
    expect(inferType(['4111111111111111'])).toBe('string')
    expect(inferType(['4915112345678'], 'mobile')).toBe('string')
    expect(inferType(['10115', '20095'], 'zip')).toBe('string')
    expect(inferType(['4915112345678'], 'score')).toBe('number')
  })

  it('refuses such a value in a column the user typed as a number, saying why, instead of changing it', () => {
    const { results } = validate(['id', 'phone'], [['1', '+4915112345678'], ['2', '015112345678'], ['3', '49151123456789012']], (m) => {
      m.columns[1].type = 'number'
    })
    expect(results.map((r) => r.record)).toEqual([null, null, null])
    expect(results.map((r) => r.errors[0].message)).toEqual([
      'column "phone": "+4915112345678" starts with a +, which a number would drop (a phone number?): import the column as text',
      'column "phone": "015112345678" starts with a zero, which a number would drop (a code or phone number?): import the column as text',
      'column "phone": "49151123456789012" is too large to be stored exactly as a number: import the column as text',
    ])
  })
})

describe('the conversion log', () => {
  it('lists each typed column with its count and an example whose text changes, and trimmed identifiers', () => {
    const { validator } = validate(['id', 'score', 'vip', 'born', 'email', 'note'], [
      [' u1', '2', 'yes', '2024-01-02', 'a@example.com ', 'x'],
      ['u2', '1.50', 'true', '2024-01-03', 'b@example.com', 'y'],
    ])
    expect(validator.conversions()).toEqual([
      { column: 'id', attribute: 'id', conversion: 'trimmed', cells: 1, changed: 1, example: { row: 1, before: ' u1', after: '"u1"' } },
      { column: 'score', attribute: 'score', conversion: 'text → number', cells: 2, changed: 1, example: { row: 2, before: '1.50', after: '1.5' } },
      { column: 'vip', attribute: 'vip', conversion: 'text → true/false', cells: 2, changed: 1, example: { row: 1, before: 'yes', after: 'true' } },
      { column: 'born', attribute: 'born', conversion: 'date → unix seconds', cells: 2, changed: 2, example: { row: 1, before: '2024-01-02', after: '1704153600' } },
      { column: 'email', attribute: 'email', conversion: 'trimmed', cells: 1, changed: 1, example: { row: 1, before: 'a@example.com ', after: '"a@example.com"' } },
    ])
  })

  it('lists stray bytes read as Windows-1252 when the user accepts them', () => {
    const mapping = suggestMapping('people', ['id', 'name'], [['1', 'x']])
    const validator = createValidator(mapping, { kind: 'people', acceptStrayBytes: true }, ctx)
    const r = validator({ row: 4, cells: ['1', 'Fran\udce7ois'], strayBytes: [{ cell: 1, offset: 30, byte: 0xe7 }] })
    expect(r.record).toMatchObject({ set: { name: 'François' } })
    expect(validator.conversions()).toEqual([
      { column: 'name', attribute: 'name', conversion: 'stray bytes read as Windows-1252', cells: 1, changed: 1, example: { row: 4, before: 'Fran\ufffdois', after: '"François"' } },
    ])
  })
})

// The plan's two threads each validate part of the file (import/plan/hand-over.ts); the review
// must list the same conversions as one validator reading the whole file would.
describe('conversion logs of two validators of one file', () => {
  const header = ['id', 'score', 'email']
  const rows = [
    ['u1', '2', 'a@example.com'], // score: converted, text unchanged
    ['u2', '3', 'b@example.com'],
    ['u3', '1.50', ' c@example.com'], // score: text changes; email trimmed
    ['u4', '4', 'd@example.com '], // email trimmed
    ['u5', '2.0', 'e@example.com'], // score: text changes
  ]

  function split(first: number[], second: number[]) {
    const mapping = suggestMapping('people', header, rows)
    const whole = createValidator(mapping, { kind: 'people' }, ctx)
    rows.forEach((cells, i) => whole({ row: i + 1, cells }))
    const reader = createValidator(mapping, { kind: 'people' }, ctx)
    const planner = createValidator(mapping, { kind: 'people' }, { ...ctx, continuing: true })
    for (const i of first) reader({ row: i + 1, cells: rows[i] })
    for (const i of second) planner({ row: i + 1, cells: rows[i] })
    planner.log.merge(reader.log.snapshot())
    return { whole: whole.conversions(), merged: planner.conversions() }
  }

  it('merge into what one validator of the whole file lists, whichever rows each validated', () => {
    for (const [first, second] of [
      [[0, 1], [2, 3, 4]],
      [[0, 2, 4], [1, 3]],
      [[3, 4], [0, 1, 2]],
      [[0, 1, 2, 3, 4], []],
      [[], [0, 1, 2, 3, 4]],
    ]) {
      const { whole, merged } = split(first, second)
      expect(merged).toEqual(whole)
    }
    // the example is the first cell whose text changes, even when a cell before it was converted unchanged
    expect(split([0, 1], [2, 3, 4]).merged.find((c) => c.column === 'score')?.example).toEqual({ row: 3, before: '1.50', after: '1.5' })
  })

  it('a continuing validator leaves the row-0 problems to the first validator of the file', () => {
    const mapping = suggestMapping('people', ['id', 'email', 'Email'], [['u1', 'a@example.com', 'b@example.com']])
    const first = createValidator(mapping, { kind: 'people' }, ctx)
    expect(first.mappingErrors.length).toBeGreaterThan(0)
    const continuing = createValidator(mapping, { kind: 'people' }, { ...ctx, continuing: true })
    expect(first({ row: 1, cells: ['u1', 'a@example.com', 'b@example.com'] }).errors.filter((e) => e.row === 0)).toEqual(first.mappingErrors)
    expect(continuing({ row: 2, cells: ['u2', 'c@example.com', 'd@example.com'] }).errors.filter((e) => e.row === 0)).toEqual([])
  })
})
