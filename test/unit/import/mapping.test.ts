import { describe, expect, it } from 'vitest'
import { headerSignature, inferColumn, inferType, suggestMapping } from '../../../src-main/import/mapping'
import type { Mapping } from '../../../src-main/import/types'

const targets = (m: Mapping) => Object.fromEntries(m.columns.map((c) => [c.column, c.target]))
const types = (m: Mapping) => Object.fromEntries(m.columns.map((c) => [c.column, c.type]))

describe('suggestMapping', () => {
  it('matches columns case- and spacing-tolerantly and snake_cases attributes', () => {
    const header = ['Customer_ID', 'E-mail', 'First Name', 'lastName', '  Plan Tier ', 'Signup Date']
    const m = suggestMapping('people', header, [['7', 'a@x.co', 'Ana', 'Lima', 'pro', '2024-01-01']])
    expect(targets(m)).toEqual({ Customer_ID: 'id', 'E-mail': 'email', 'First Name': 'first_name', lastName: 'last_name', '  Plan Tier ': 'plan_tier', 'Signup Date': 'created_at' })
    expect(m.identifier).toEqual({ column: 'Customer_ID', type: 'id' })
    expect(m.columns.every((c) => c.blank === 'skip')).toBe(true)
  })

  it('prefers id, then email, then cio_id, but not an id column empty in the sample; cio_id is never an attribute', () => {
    const header = ['cio_id', 'id', 'Email Address']
    expect(suggestMapping('people', header, [['d7000001', '1', 'a@x.co']]).identifier).toEqual({ column: 'id', type: 'id' })
    const noIds = suggestMapping('people', header, [['d7000001', '', 'a@x.co']])
    expect(noIds.identifier).toEqual({ column: 'Email Address', type: 'email' })
    expect(targets(noIds)).toMatchObject({ cio_id: null, id: 'id' })
    expect(suggestMapping('people', header, [['d7000001', '1', 'a@x.co']], { identifierType: 'cio_id' }).identifier).toEqual({ column: 'cio_id', type: 'cio_id' })
    expect(suggestMapping('people', ['email'], [], { identifierType: 'id' }).identifier).toBeNull()
  })

  it('maps the reserved targets of each kind', () => {
    expect(targets(suggestMapping('events', ['email', 'name', 'Occurred At', 'Event ID', 'amount'], []))).toEqual({ email: 'email', name: 'event_name', 'Occurred At': 'timestamp', 'Event ID': 'event_id', amount: 'amount' })
    expect(targets(suggestMapping('devices', ['id', 'Push Token', 'OS', 'Last Seen'], []))).toEqual({ id: 'id', 'Push Token': 'device_token', OS: 'platform', 'Last Seen': 'last_used' })
    expect(targets(suggestMapping('relationships', ['email', 'Object Type ID', 'object_id', 'Role'], []))).toMatchObject({ 'Object Type ID': 'object_type_id', object_id: 'object_id', Role: 'role' })
    expect(targets(suggestMapping('segment-members', ['email', 'Action', 'plan'], []))).toEqual({ email: 'email', Action: 'action', plan: null })
    const collection = suggestMapping('collection', ['SKU', 'Unit Price', 'id'], [['A1', '9.5', '1']])
    expect(collection.identifier).toBeNull()
    expect(targets(collection)).toEqual({ SKU: 'sku', 'Unit Price': 'unit_price', id: 'id' })
  })

  it('gives spare identifier columns to people only', () => {
    expect(targets(suggestMapping('events', ['id', 'email', 'event'], [['1', 'a@x.co', 'x']]))).toEqual({ id: 'id', email: null, event: 'event_name' })
    expect(targets(suggestMapping('people', ['id', 'email'], [['1', 'a@x.co']]))).toEqual({ id: 'id', email: 'email' })
  })

  it('applies --map overrides: rename, ignore, and choose the identifier', () => {
    const m = suggestMapping('people', ['Mail', 'Tier', 'Junk'], [['a@x.co', 'pro', 'x']], { map: { Mail: 'email', tier: 'plan', 'Junk': '' }, blank: 'clear' })
    expect(targets(m)).toEqual({ Mail: 'email', Tier: 'plan', Junk: null })
    expect(m.identifier).toEqual({ column: 'Mail', type: 'email' })
    expect(m.columns.every((c) => c.blank === 'clear')).toBe(true)
  })

  it('infers types from the sample and keeps leading-zero numbers as strings', () => {
    const sample = [
      ['00042', '12.5', 'yes', '2024-01-15', '{"a":1}', '1700000000', '13/02/2024', '1', 'x'],
      ['00043', '-3', 'No', '2024-02-01T10:00:00Z', '[1]', '1700000500', '01/03/2024', '0', '5'],
    ]
    const header = ['id', 'score', 'active', 'born', 'prefs', 'last_login_at', 'renewal', 'is_vip', 'misc']
    const m = suggestMapping('people', header, sample)
    expect(types(m)).toEqual({ id: 'string', score: 'number', active: 'boolean', born: 'timestamp', prefs: 'json', last_login_at: 'timestamp', renewal: 'timestamp', is_vip: 'boolean', misc: 'string' })
    expect(m.columns.find((c) => c.column === 'renewal')?.dateOrder).toBe('dmy')
  })

  it('reuses a remembered mapping for the same header layout, and only then', () => {
    const first = suggestMapping('people', ['ID', 'Email', 'Plan'], [['1', 'a@x.co', 'pro']], { map: { Plan: 'tier' } })
    const again = suggestMapping('people', ['id', 'email', 'plan'], [['2', 'b@x.co', '5']], { remembered: first })
    expect(targets(again)).toEqual({ id: 'id', email: 'email', plan: 'tier' })
    expect(again.columns[2].type).toBe('string')
    const other = suggestMapping('people', ['id', 'email', 'plan', 'city'], [], { remembered: first })
    expect(targets(other).plan).toBe('plan')
  })

  it('lets an explicit identifier type win over a remembered layout built around another one', () => {
    // Once, the `id` column of this layout was imported as emails…
    const asEmail = suggestMapping('people', ['id', 'plan'], [['a@x.co', 'pro']], { identifierType: 'email', map: { id: 'email' } })
    expect(asEmail.identifier).toEqual({ column: 'id', type: 'email' })
    // …now the same layout holds real ids, and the user says so.
    const asId = suggestMapping('people', ['id', 'plan'], [['42', 'pro']], { remembered: asEmail, identifierType: 'id' })
    expect(asId.identifier).toEqual({ column: 'id', type: 'id' })
    expect(targets(asId).id).toBe('id')
    // Without an explicit type, the remembered layout still applies.
    expect(suggestMapping('people', ['id', 'plan'], [['b@x.co', 'pro']], { remembered: asEmail }).identifier).toEqual({ column: 'id', type: 'email' })
  })
})

describe('inferType', () => {
  it.each([
    [['1', '2.5', '-3', '1e3'], 'number'],
    [['007', '12'], 'string'],
    [['12345678901234567890'], 'string'],
    [['true', 'FALSE', 'yes', '0'], 'boolean'],
    [['0', '1'], 'number'],
    [['2024-01-01', '2024-02-29T12:00:00+01:00'], 'timestamp'],
    [['03/04/2024', '05/06/2024'], 'string'],
    [['03/04/2024', '05/26/2024'], 'timestamp'],
    [['13/04/2024', '05/26/2024'], 'string'],
    [['{"a":1}', '[]'], 'json'],
    [['{"a":'], 'string'],
    [['', '  '], 'string'],
  ] as const)('%j → %s', (values, expected) => {
    expect(inferType(values)).toBe(expected)
  })

  it('reads bare integers as unix time only under a time-like name', () => {
    expect(inferType(['1700000000', '1700000001000'], 'updated_at')).toBe('timestamp')
    expect(inferType(['1700000000'], 'order_number')).toBe('number')
    expect(inferColumn(['03/04/2024', '05/26/2024'])).toEqual({ type: 'timestamp', dateOrder: 'mdy' })
  })
})

describe('headerSignature', () => {
  it('is stable across spelling, case, spacing and invisible characters, and changes with order or names', () => {
    const base = headerSignature(['id', 'Email', 'First Name'])
    expect(headerSignature(['ID', ' e-mail ', 'first_name\u200b'])).toBe(base)
    expect(headerSignature(['Email', 'id', 'First Name'])).not.toBe(base)
    expect(headerSignature(['id', 'Email', 'First Name', 'Plan'])).not.toBe(base)
    expect(base).toMatch(/^h1:3:[0-9a-f]{32}$/)
  })
})
