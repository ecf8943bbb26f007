import { describe, expect, it } from 'vitest'
import { assessPerson } from '../../../src-main/import/plan/assess-person'
import { lookupBatchPeople } from '../../../src-main/import/plan/batch-people'
import { matchKey, type MirrorPerson } from '../../../src-main/import/plan/mirror-lookup'
import type { ValidatedRow } from '../../../src-main/import/types'
import type { CanonicalRecord, IdentifierType } from '../../../src-main/import/types'

// Two people share one email (emails are not unique in every workspace); u1 comes first.
const mirror: MirrorPerson[] = [
  { pk: 1, id: 'u1', email: 'Shared@Example.com', cioId: 'c1', attributes: { plan: 'free' }, devices: null },
  { pk: 2, id: 'u2', email: 'shared@example.com', cioId: 'c2', attributes: { plan: 'pro' }, devices: null },
  { pk: 3, id: 'u3', email: 'own@example.com', cioId: 'c3', attributes: {}, devices: null },
]

function recordingLookup() {
  const asked: { type: IdentifierType; values: string[]; fields?: readonly string[] }[] = []
  return {
    asked,
    find(type: IdentifierType, values: Iterable<string>, fields?: readonly string[]) {
      const list = [...values]
      asked.push({ type, values: list, fields })
      const out = new Map<string, MirrorPerson>()
      for (const v of list) {
        const key = matchKey(type, v)
        const p = mirror.find((m) => (type === 'id' ? m.id : type === 'email' ? m.email?.toLowerCase() : m.cioId) === key)
        if (p && !out.has(key)) out.set(key, p)
      }
      return out
    },
  }
}

const person = (row: number, id: string, set: Record<string, string>): ValidatedRow & { record: Extract<CanonicalRecord, { kind: 'people' }> } => ({
  row, errors: [], record: { kind: 'people', row, identifier: { type: 'id', value: id }, set, clear: [] },
})

describe('lookupBatchPeople', () => {
  it("asks for an email's holder only when the email is not already the matched person's own", () => {
    const lookup = recordingLookup()
    const rows = [
      person(1, 'u3', { email: 'OWN@example.com', plan: 'pro' }), // its own email, case aside: no holder probe
      person(2, 'u3', { email: 'shared@example.com' }), // someone else's: probed
      person(3, 'u9', { email: 'new@example.com' }), // a new person: probed
    ]
    const people = lookupBatchPeople(lookup, rows)
    const emailAsk = lookup.asked.find((a) => a.type === 'email')!
    expect(emailAsk.values).toEqual(['shared@example.com', 'new@example.com'])
    // looked up only to find holders: no attributes fetched
    expect(emailAsk.fields).toEqual([])
    expect(lookup.asked.find((a) => a.type === 'id')!.fields).toEqual(['email', 'plan'])
    expect(people.email.get('shared@example.com')?.id).toBe('u1')
  })
})

describe('assessPerson', () => {
  const judge = (row: ValidatedRow & { record: Extract<CanonicalRecord, { kind: 'people' }> }) => assessPerson(row.record, lookupBatchPeople(recordingLookup(), [row]))

  it('lets a person keep an email that another person of the mirror also holds', () => {
    // u2's email is also u1's (who comes first); u2 keeping it changes nothing
    expect(judge(person(1, 'u2', { email: 'shared@example.com', plan: 'pro' })).plan).toEqual({ bucket: 'unchanged', changes: null })
  })

  it("refuses an email that belongs to someone else, naming the holder, and claims no email then", () => {
    const verdict = judge(person(4, 'u3', { email: 'shared@example.com' }))
    expect(verdict.claimEmail).toBeNull()
    expect(verdict.plan).toMatchObject({ bucket: 'invalid', column: 'email', value: 'shared@example.com' })
    expect(verdict.plan.message).toContain('already belongs to another person (id u1)')
  })

  it('claims an email nobody holds, and gives the keys the planner checks duplicates with', () => {
    const verdict = judge(person(5, 'u9', { email: 'fresh@example.com', plan: 'free' }))
    expect(verdict).toMatchObject({ entityKey: 'id:u9', duplicateKey: 'id:u9', claimEmail: 'fresh@example.com' })
    expect(verdict.plan).toEqual({ bucket: 'create', changes: { email: { to: 'fresh@example.com' }, plan: { to: 'free' } } })
  })
})
