import { describe, expect, it } from 'vitest'
import type { RowResult, StoredRowError } from '../../../src-main/import/import-repo'
import { matchKey, type MirrorPerson } from '../../../src-main/import/plan/mirror-lookup'
import { Planner } from '../../../src-main/import/plan/planner'
import type { ValidatedRow } from '../../../src-main/import/types'
import type { CanonicalRecord, IdentifierType, ImportOptions, RowError } from '../../../src-main/import/types'

// The planner with an in-memory mirror: every row lands in exactly one bucket.
const mirror: MirrorPerson[] = [
  { pk: 1, id: 'u1', email: 'ann@example.com', cioId: 'c1', attributes: { plan: 'free' }, devices: null },
  { pk: 2, id: 'u2', email: 'bob@example.com', cioId: 'c2', attributes: { plan: 'pro', city: 'Oslo' }, devices: null },
]
const lookup = {
  find(type: IdentifierType, values: Iterable<string>) {
    const out = new Map<string, MirrorPerson>()
    for (const v of values) {
      const key = matchKey(type, v)
      const p = mirror.find((m) => (type === 'id' ? m.id : type === 'email' ? m.email?.toLowerCase() : m.cioId) === key)
      if (p) out.set(key, p)
    }
    return out
  },
  members: () => new Set<string>(),
}

const person = (row: number, id: string, set: Record<string, string | number | null>, clear: string[] = []): ValidatedRow => ({
  row, errors: [], record: { kind: 'people', row, identifier: { type: 'id', value: id }, set, clear } satisfies CanonicalRecord,
})
const invalid = (row: number, message: string): ValidatedRow => ({ row, record: null, errors: [{ row, column: 'email', value: 'x@', message, severity: 'invalid' } satisfies RowError] })

function plan(rows: ValidatedRow[], options: Partial<ImportOptions> = {}) {
  const results = new Map<number, RowResult>()
  const errors: StoredRowError[] = []
  const planner = new Planner({ kind: 'people', ...options }, lookup, {
    write: (r, e) => { for (const x of r) results.set(x.row, x); errors.push(...e) },
    demote: (row, message) => results.set(row, { ...results.get(row)!, bucket: 'duplicate', changes: null, message }),
  })
  // two batches, so duplicates across batches are covered
  planner.addBatch(rows.slice(0, 3))
  planner.addBatch(rows.slice(3))
  return { planner, results, errors }
}

const file = [
  person(1, 'u1', { plan: 'free' }), // unchanged
  person(2, 'u2', { plan: 'team' }, ['city']), // update: change + clear
  person(3, 'u9', { plan: 'free', email: 'new@example.com' }), // create
  invalid(4, 'email is not an email address'),
  person(5, 'u9', { plan: 'pro' }), // duplicate of row 3
  person(6, 'u3', { email: 'ANN@example.com' }), // email held by u1 → invalid
]

describe('planner', () => {
  it('puts every row in exactly one bucket, old → new for each field', () => {
    const { planner, results, errors } = plan(file)
    expect(planner.counts).toEqual({ rows: 6, create: 1, update: 1, unchanged: 1, invalid: 2, duplicate: 1, errors: 2 })
    const c = planner.counts
    expect(c.create + c.update + c.unchanged + c.invalid + c.duplicate).toBe(c.rows)
    expect([...results.values()].map((r) => r.bucket)).toEqual(['unchanged', 'update', 'create', 'invalid', 'duplicate', 'invalid'])
    expect(results.get(2)!.changes).toEqual({ plan: { from: 'pro', to: 'team' }, city: { from: 'Oslo' } })
    expect(results.get(3)).toMatchObject({ entityKey: 'id:u9', changes: { plan: { to: 'free' }, email: { to: 'new@example.com' } } })
    expect(results.get(5)!.message).toBe('repeats row 3; the first occurrence is imported')
    expect(errors.find((e) => e.row === 6)).toMatchObject({ column: 'email', value: 'ANN@example.com' })
    expect(errors.find((e) => e.row === 6)!.message).toContain('already belongs to another person (id u1)')
    expect(errors.find((e) => e.row === 4)).toMatchObject({ column: 'email', value: 'x@', bucket: 'invalid' })
  })

  it("with duplicates 'last', the later occurrence counts and the earlier one steps back", () => {
    const { planner, results } = plan(file, { duplicates: 'last' })
    expect(planner.counts).toMatchObject({ rows: 6, create: 1, duplicate: 1 })
    expect(results.get(3)!.bucket).toBe('duplicate')
    expect(results.get(3)!.message).toBe('repeated by row 5; the last occurrence is imported')
    expect(results.get(5)).toMatchObject({ bucket: 'create', changes: { plan: { to: 'pro' } } })
  })

  it("with duplicates 'last' inside one batch, the earlier row is rewritten before it is stored", () => {
    const written: RowResult[] = []
    const planner = new Planner({ kind: 'people', duplicates: 'last' }, lookup, { write: (r) => written.push(...r), demote: () => { throw new Error('not stored yet: nothing to demote') } })
    planner.addBatch([person(1, 'u7', { plan: 'a' }), person(2, 'u7', { plan: 'b' }), person(3, 'u7', { plan: 'c' })])
    expect(written.map((r) => [r.row, r.bucket])).toEqual([[1, 'duplicate'], [2, 'duplicate'], [3, 'create']])
    expect(planner.counts).toMatchObject({ rows: 3, create: 1, duplicate: 2 })
  })

  it('refuses a row that gives a new email to a second person of the same file, naming the first row', () => {
    const byEmail = (row: number, email: string, set: Record<string, string>): ValidatedRow => ({
      row, errors: [], record: { kind: 'people', row, identifier: { type: 'email', value: email }, set, clear: [] } satisfies CanonicalRecord,
    })
    const { planner, results, errors } = plan([
      person(1, 'u7', { email: 'Same@example.com' }), // create u7 with a new email
      person(2, 'u8', { email: 'same@EXAMPLE.com' }), // the same email, another person → invalid
      person(3, 'u1', { email: 'ann@example.com' }), // u1 already holds it: fine (unchanged)
      byEmail(4, 'fresh@example.com', { plan: 'pro' }), // a person created by email claims it
      person(5, 'u9', { email: 'fresh@example.com' }), // → invalid
      person(6, 'u7', { plan: 'pro', email: 'same@example.com' }), // u7 again: a duplicate, not a clash
    ])
    expect([...results.values()].map((r) => r.bucket)).toEqual(['create', 'invalid', 'unchanged', 'create', 'invalid', 'duplicate'])
    expect(errors.find((e) => e.row === 2)).toMatchObject({ column: 'email', value: 'same@EXAMPLE.com' })
    expect(errors.find((e) => e.row === 2)!.message).toBe('email same@EXAMPLE.com is also given to id u7 on row 1 of this file; one email cannot belong to two people')
    expect(errors.find((e) => e.row === 5)!.message).toContain('a person created by email on row 4')
    expect(planner.counts).toMatchObject({ rows: 6, create: 2, invalid: 2, unchanged: 1, duplicate: 1 })
  })

  it("with duplicates 'last', a person repeating their own new email is not a clash", () => {
    const { results } = plan([person(1, 'u7', { email: 'n@example.com' }), person(2, 'u7', { email: 'n@example.com', plan: 'x' })], { duplicates: 'last' })
    expect([...results.values()].map((r) => r.bucket)).toEqual(['duplicate', 'create'])
  })
})
