import { describe, expect, it } from 'vitest'
import { eventId } from '../../../src-main/cio/identifiers'
import { suggestMapping } from '../../../src-main/import/mapping'
import type { ImportKind, ImportOptions, Mapping } from '../../../src-main/import/types'
import { createValidator } from '../../../src-main/import/validate'

const SHA = 'a'.repeat(64)
const ctx = { fileSha256: SHA, fileName: 'test.csv' }

/** A validator for `header` with the suggested mapping (sample = the rows), adjusted by `tweak`. */
function validatorFor(kind: ImportKind, header: string[], rows: string[][], options: Partial<ImportOptions> = {}, tweak?: (m: Mapping) => void) {
  const mapping = suggestMapping(kind, header, rows, { map: options.map, identifierType: options.identifierType, blank: options.blank })
  tweak?.(mapping)
  return createValidator(mapping, { kind, ...options }, ctx)
}
const run = (kind: ImportKind, header: string[], rows: string[][], options: Partial<ImportOptions> = {}, tweak?: (m: Mapping) => void) => {
  const validate = validatorFor(kind, header, rows, options, tweak)
  return rows.map((cells, i) => validate({ row: i + 1, cells }))
}

describe('people', () => {
  it('builds typed set and clear lists; blanks skip or clear per column', () => {
    const [r] = run('people', ['id', 'score', 'vip', 'born', 'prefs', 'city', 'nick'], [['00042', '12.5', 'Yes', '2024-01-02', '{"a":1}', '', ' ']], {}, (m) => {
      m.columns[5].blank = 'clear'
    })
    expect(r.errors).toEqual([])
    expect(r.record).toEqual({ kind: 'people', row: 1, identifier: { type: 'id', value: '00042' }, set: { score: 12.5, vip: true, born: 1704153600, prefs: '{"a":1}' }, clear: ['city'] })
  })

  it('rejects a value that does not fit its column type, naming row, column and value', () => {
    const validate = validatorFor('people', ['id', 'score'], [['1', '5']])
    expect(validate({ row: 7, cells: ['1', 'lots'] })).toEqual({
      record: null,
      errors: [{ row: 7, column: 'score', value: 'lots', message: 'column "score": "lots" is not a number', severity: 'invalid' }],
    })
  })

  it('checks the identifier and a spare email column; email identifiers keep their case', () => {
    const rows = run('people', ['email', 'id'], [['Ana@Example.com', '1'], ['ana@', '2'], ['', '3'], ['bo@example.com', 'x'.repeat(151)]], { identifierType: 'email' })
    expect(rows[0].record).toMatchObject({ identifier: { type: 'email', value: 'Ana@Example.com' }, set: { id: '1' } })
    expect(rows[1].errors[0]).toMatchObject({ row: 2, column: 'email', value: 'ana@', severity: 'invalid' })
    expect(rows[2].errors[0].message).toMatch(/column "email" is blank/)
    expect(rows[3].errors[0]).toMatchObject({ column: 'id', message: expect.stringMatching(/151 bytes long/) })
  })

  it('rejects a bad email in a spare email attribute column', () => {
    const [r] = run('people', ['id', 'email'], [['1', 'not mail']])
    expect(r.errors).toMatchObject([{ column: 'email', value: 'not mail', message: expect.stringMatching(/contains a space/) }])
  })

  it('truncates the value in an error to 200 characters and measures bytes, not characters', () => {
    const [tooLong, multiByte, fits] = run('people', ['id', 'bio'], [['1', 'b'.repeat(1500)], ['2', 'é'.repeat(501)], ['3', 'é'.repeat(500)]])
    expect(tooLong.errors[0].value).toHaveLength(200)
    expect(multiByte.errors[0].message).toMatch(/1002 bytes/)
    expect(fits.record).not.toBeNull()
  })

  it('reports mapping problems once, on row 0, and blocks every row', () => {
    const validate = validatorFor('people', ['id', 'Id', 'ID', 'cio_id'], [['1', '2', '3', 'd7000001']], { map: { cio_id: 'cio_id', Nope: 'x' } })
    expect(validate.blocked).toBe(true)
    const first = validate({ row: 1, cells: ['1', '2', '3', 'd7000001'] })
    const messages = first.errors.filter((e) => e.row === 0).map((e) => e.message)
    expect(messages).toEqual([
      expect.stringMatching(/--map names a column "Nope"/),
      expect.stringMatching(/columns "id", "Id", "ID" all go to "id"/),
      expect.stringMatching(/"cio_id", which cannot be set/),
    ])
    expect(first.record).toBeNull()
    const second = validate({ row: 2, cells: ['1', '2', '3', 'x'] })
    expect(second.errors).toEqual([expect.objectContaining({ row: 2, message: expect.stringMatching(/see row 0/) })])
  })

  it('warns about formula-like text without rejecting it', () => {
    const [r] = run('people', ['id', 'note'], [['1', '=HYPERLINK("x")']])
    expect(r.record).not.toBeNull()
    expect(r.errors).toMatchObject([{ severity: 'warning', column: 'note', message: expect.stringMatching(/formula/) }])
  })
})

describe('events', () => {
  it('derives a deterministic ULID-shaped event id per file and row unless a column gives one', () => {
    const rows = run('events', ['email', 'event_name', 'timestamp', 'event_id', 'amount'], [
      ['a@x.co', 'purchase', '1700000000', '', '9.5'],
      ['a@x.co', 'purchase', '', '01hzx3j8q2w5e6r7t8y9vabcde', '1'],
      ['a@x.co', 'purchase', '', 'not-a-ulid', '1'],
    ])
    expect(rows[0].record).toEqual({ kind: 'events', row: 1, identifier: { type: 'email', value: 'a@x.co' }, name: 'purchase', timestamp: 1700000000, data: { amount: 9.5 }, eventId: eventId(SHA, 1) })
    expect(rows[1].record).toMatchObject({ eventId: '01HZX3J8Q2W5E6R7T8Y9VABCDE', timestamp: null })
    expect(rows[2].errors[0]).toMatchObject({ column: 'event_id', message: expect.stringMatching(/not a ULID/) })
  })

  it('eventId is stable, differs per row and per file, and is a valid ULID', () => {
    expect(eventId(SHA, 1)).toBe(eventId(SHA, 1))
    expect(eventId(SHA, 1)).not.toBe(eventId(SHA, 2))
    expect(eventId('b'.repeat(64), 1)).not.toBe(eventId(SHA, 1))
    for (let row = 1; row < 200; row++) expect(eventId(SHA, row)).toMatch(/^[0-7][0-9A-HJKMNP-TV-Z]{25}$/)
  })

  it('rejects event data over 100000 bytes', () => {
    const header = ['id', 'event_name', ...Array.from({ length: 110 }, (_, i) => `f${i}`)]
    const [r] = run('events', header, [['1', 'big', ...Array.from({ length: 110 }, () => 'd'.repeat(1000))]])
    expect(r.errors[0].message).toMatch(/event data is \d+ bytes; Customer.io takes at most 100000/)
  })
})

describe('other kinds', () => {
  it('devices: platform any case, last_used as seconds, attributes as strings', () => {
    const [ok, bad] = run('devices', ['id', 'device_token', 'platform', 'last_used', 'app_version', 'beta'], [
      ['1', 'tok', 'iOS', '2024-01-02', '3.2', 'true'],
      ['2', '', 'web', '', '', ''],
    ])
    expect(ok.record).toEqual({ kind: 'devices', row: 1, identifier: { type: 'id', value: '1' }, token: 'tok', platform: 'ios', lastUsed: 1704153600, attributes: { app_version: '3.2', beta: 'true' } })
    expect(bad.errors.map((e) => e.message)).toEqual([expect.stringMatching(/device token is blank/), expect.stringMatching(/"web" is not a platform/)])
  })

  it('relationships: object type id is a whole number from 1', () => {
    const [ok, bad] = run('relationships', ['id', 'object_type_id', 'object_id', 'role'], [['1', '2', 'acme', 'admin'], ['2', '1.5', 'acme', '']])
    expect(ok.record).toEqual({ kind: 'relationships', row: 1, identifier: { type: 'id', value: '1' }, objectTypeId: '2', objectId: 'acme', attributes: { role: 'admin' } })
    expect(bad.errors[0]).toMatchObject({ column: 'object_type_id', value: '1.5' })
  })

  it('segment members: add by default, remove in any case', () => {
    const rows = run('segment-members', ['email', 'action'], [['a@x.co', ''], ['b@x.co', 'REMOVE']])
    expect(rows.map((r) => r.record)).toEqual([
      { kind: 'segment-members', row: 1, identifier: { type: 'email', value: 'a@x.co' }, action: 'add' },
      { kind: 'segment-members', row: 2, identifier: { type: 'email', value: 'b@x.co' }, action: 'remove' },
    ])
  })

  it('collection: every column is a typed field; a row over 10 KB is rejected', () => {
    const [ok] = run('collection', ['sku', 'price'], [['A-1', '9.5']])
    expect(ok.record).toEqual({ kind: 'collection', row: 1, data: { sku: 'A-1', price: 9.5 } })
    const header = Array.from({ length: 12 }, (_, i) => `f${i}`)
    const [big] = run('collection', header, [header.map(() => 'x'.repeat(900))])
    expect(big.errors[0].message).toMatch(/collection row may be at most 10240 bytes/)
  })
})
