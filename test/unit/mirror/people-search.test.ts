import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { peoplePage, peopleQuery, type PeopleQuery } from '../../../src-main/contract/people'
import { PeopleReadService } from '../../../src-main/mirror/people-read-service'
import { addMember, addOutbox, addPerson, addSegment, tempMirror, type TempMirror } from './mirror-fixtures'

let t: TempMirror
let svc: PeopleReadService
const search = (q: PeopleQuery, ws = 'w1') => svc.search(ws, peopleQuery.parse(q))
const emails = (q: PeopleQuery) => search(q).rows.map((r) => r.email)

beforeEach(() => {
  t = tempMirror(['w1', 'w2'])
  svc = new PeopleReadService(t.sqlite)
  const s = t.sqlite
  addPerson(s, 'w1', { cioId: 'c1', id: 'user-100', email: 'ann@example.com', attributes: { first_name: 'Ann', last_name: 'Lee', plan: 'pro', score: 9, 'plan.tier': 'gold', 'fav "color"': 'red', vip: true }, updatedAt: 30, syncedAt: 25, remoteUpdatedAt: 1_700_000_000_000 })
  addPerson(s, 'w1', { cioId: 'c2', id: 'user-101', email: 'bob@test.org', attributes: { first_name: 'José', last_name: 'García', plan: 'free', score: 10, vip: false }, updatedAt: 10, syncedAt: 10, remoteUpdatedAt: 1_800_000_000_000 })
  addPerson(s, 'w1', { cioId: 'c3', id: 'user-200', email: 'Carol.Jones@Example.com', attributes: { name: 'Carol Jones', plan: 'pro', score: '100', 'first seen': '2024-05-01' }, updatedAt: 20 })
  addPerson(s, 'w1', { cioId: 'c4', id: 'gone-1', email: 'ann.old@example.com', attributes: { first_name: 'Ann' }, deletedAt: 5 })
  addPerson(s, 'w1', { cioId: 'c5', id: 'user-300', email: 'dave@ex.net', attributes: { plan: null, score: 2.5 } })
  addPerson(s, 'w2', { cioId: 'c1', id: 'user-100', email: 'ann@example.com', attributes: { first_name: 'Ann' } })
})
afterEach(() => t.cleanup())

describe('PeopleReadService.search: text', () => {
  it('finds by id prefix, partial email, first and last name, and ignores case and diacritics', () => {
    expect(emails({ text: 'user-10' })).toEqual(['ann@example.com', 'bob@test.org'])
    expect(emails({ text: 'ann@ex' })).toEqual(['ann@example.com'])
    expect(emails({ text: 'carol.jo' })).toEqual(['Carol.Jones@Example.com'])
    expect(emails({ text: 'lee' })).toEqual(['ann@example.com'])
    expect(emails({ text: 'jose' })).toEqual(['bob@test.org'])
    expect(emails({ text: 'GARC' })).toEqual(['bob@test.org'])
    expect(emails({ text: 'carol jon' })).toEqual(['Carol.Jones@Example.com'])
  })

  it('never reads user text as FTS syntax, and treats text without letters or digits as no text', () => {
    expect(search({ text: 'ann OR "bob' }).total).toBe(0)
    expect(search({ text: 'NEAR(ann' }).total).toBe(0)
    expect(search({ text: '@ *' }).total).toBe(4)
  })

  it('keeps to the workspace and leaves tombstones out unless asked', () => {
    expect(search({ text: 'ann' }).rows.map((r) => r.cioId)).toEqual(['c1'])
    const withDeleted = search({ text: 'ann', includeDeleted: true })
    expect(withDeleted.total).toBe(2)
    expect(withDeleted.rows.map((r) => r.deletedAt)).toEqual([null, 5])
    expect(search({ text: 'ann' }, 'w2').total).toBe(1)
    expect(search({}).total).toBe(4)
    expect(search({ includeDeleted: true }).total).toBe(5)
  })

  it('combines text with filters and returns rows in the contract shape', () => {
    const page = search({ text: 'example', filters: [{ attribute: 'plan', op: 'eq', value: 'pro' }] })
    expect(page.total).toBe(2)
    expect(page.rows[0]).toEqual({
      pk: 1,
      cioId: 'c1',
      id: 'user-100',
      email: 'ann@example.com',
      attributes: { first_name: 'Ann', last_name: 'Lee', plan: 'pro', score: 9, 'plan.tier': 'gold', 'fav "color"': 'red', vip: true },
      updatedAt: 30,
      remoteUpdatedAt: 1_700_000_000_000,
      pulledAt: 25,
      deletedAt: null,
      pending: [],
    })
    expect(peoplePage.parse(page)).toEqual(page)
  })
})

describe('PeopleReadService.search: filters', () => {
  const ids = (attribute: string, op: string, value?: string) =>
    search({ filters: [{ attribute, op: op as 'eq', value }] }).rows.map((r) => r.id)

  it('eq / neq, including numbers, booleans and names with dots, spaces and quotes', () => {
    expect(ids('plan', 'eq', 'pro')).toEqual(['user-100', 'user-200'])
    expect(ids('plan', 'neq', 'pro')).toEqual(['user-101', 'user-300'])
    expect(ids('score', 'eq', '10')).toEqual(['user-101'])
    expect(ids('score', 'eq', '10.0')).toEqual(['user-101'])
    expect(ids('vip', 'eq', 'true')).toEqual(['user-100'])
    expect(ids('vip', 'eq', 'false')).toEqual(['user-101'])
    expect(ids('plan.tier', 'eq', 'gold')).toEqual(['user-100'])
    expect(ids('first seen', 'eq', '2024-05-01')).toEqual(['user-200'])
    expect(ids('fav "color"', 'eq', 'red')).toEqual(['user-100'])
    expect(ids('email', 'eq', 'bob@test.org')).toEqual(['user-101'])
  })

  it('contains ignores case; exists and missing treat null as missing', () => {
    expect(ids('email', 'contains', 'EXAMPLE')).toEqual(['user-100', 'user-200'])
    expect(ids('last_name', 'contains', 'arc')).toEqual(['user-101'])
    expect(ids('plan', 'exists')).toEqual(['user-100', 'user-101', 'user-200'])
    expect(ids('plan', 'missing')).toEqual(['user-300'])
    expect(ids('nope', 'missing')).toHaveLength(4)
  })

  it('gt / lt compare numbers numerically (numeric text too) and other values as text', () => {
    // as text "100" < "9"; numerically 100 > 9
    expect(ids('score', 'gt', '9')).toEqual(['user-101', 'user-200'])
    expect(ids('score', 'lt', '9.5')).toEqual(['user-100', 'user-300'])
    expect(ids('first seen', 'gt', '2024-01-01')).toEqual(['user-200'])
    expect(ids('first seen', 'lt', '2024-01-01')).toEqual([])
    expect(ids('last_name', 'lt', 'H')).toEqual(['user-101'])
  })

  it('ANDs several filters', () => {
    expect(search({ filters: [{ attribute: 'plan', op: 'eq', value: 'pro' }, { attribute: 'score', op: 'gt', value: '50' }] }).rows.map((r) => r.id)).toEqual(['user-200'])
  })
})

describe('PeopleReadService.search: segments, sort, paging, pending', () => {
  it('limits to current members of a segment, with or without text', () => {
    addSegment(t.sqlite, 'w1', 7, 'VIP')
    addMember(t.sqlite, 'w1', 7, 'c1')
    addMember(t.sqlite, 'w1', 7, 'c3')
    addMember(t.sqlite, 'w1', 7, 'c2', 1, 50)
    addMember(t.sqlite, 'w1', 7, 'c4')
    expect(search({ segmentId: 7 }).rows.map((r) => r.cioId)).toEqual(['c1', 'c3'])
    expect(search({ segmentId: 7 }).total).toBe(2)
    expect(search({ segmentId: 7, text: 'carol' }).rows.map((r) => r.cioId)).toEqual(['c3'])
    expect(search({ segmentId: 7, includeDeleted: true }).total).toBe(3)
  })

  it('sorts by identifiers, updated_at and attributes in both directions', () => {
    expect(search({ sort: { column: 'email', dir: 'asc' } }).rows.map((r) => r.id)).toEqual(['user-100', 'user-101', 'user-200', 'user-300'])
    expect(search({ sort: { column: 'id', dir: 'desc' } }).rows.map((r) => r.id)).toEqual(['user-300', 'user-200', 'user-101', 'user-100'])
    expect(search({ sort: { column: 'updated_at', dir: 'asc' } }).rows.map((r) => r.id)).toEqual(['user-300', 'user-101', 'user-200', 'user-100'])
    expect(search({ sort: { column: 'cio_id', dir: 'desc' } }).rows.map((r) => r.cioId)).toEqual(['c5', 'c3', 'c2', 'c1'])
    // Customer.io's update time and the last pull are their own orders (people never read sort first)
    expect(search({ sort: { column: 'remote_updated_at', dir: 'desc' } }).rows.map((r) => r.id).slice(0, 2)).toEqual(['user-101', 'user-100'])
    expect(search({ sort: { column: 'pulled_at', dir: 'desc' } }).rows.map((r) => r.id).slice(0, 2)).toEqual(['user-100', 'user-101'])
    expect(search({ sort: { column: 'plan.tier', dir: 'desc' } }).rows[0].id).toBe('user-100')
    expect(search({ sort: { column: 'pk', dir: 'desc' }, limit: 2 }).rows.map((r) => r.pk)).toEqual([5, 3])
  })

  it('pages never overlap and together cover the result, in every order and after jumps', () => {
    for (let i = 0; i < 237; i++) addPerson(t.sqlite, 'w1', { id: `bulk-${i}`, email: `bulk${i}@x.io`, attributes: { n: i % 17 }, deletedAt: i % 10 === 0 ? 1 : null })
    const orders = [undefined, { column: 'pk', dir: 'desc' as const }, { column: 'n', dir: 'asc' as const }, { column: 'email', dir: 'desc' as const }]
    for (const sort of orders) {
      const expected = search({ sort, limit: 1000 }).rows.map((r) => r.pk)
      expect(expected).toHaveLength(217)
      const seen: number[] = []
      for (let offset = 0; offset < 217; offset += 25) seen.push(...search({ sort, offset, limit: 25 }).rows.map((r) => r.pk))
      expect(seen).toEqual(expected)
      // random jumps (keyset anchors, reading from the end) give the same rows as a full listing
      for (const offset of [200, 3, 150, 216, 99, 100, 0, 217, 500]) {
        expect(search({ sort, offset, limit: 10 }).rows.map((r) => r.pk)).toEqual(expected.slice(offset, offset + 10))
      }
    }
    const bulk = search({ text: 'bulk', offset: 200, limit: 50 })
    expect(bulk.total).toBe(213)
    expect(bulk.rows).toHaveLength(13)
  })

  it('answers exact totals and rows right after the data changes', () => {
    expect(search({ text: 'zed' }).total).toBe(0)
    expect(search({ limit: 2 }).rows).toHaveLength(2)
    const pk = addPerson(t.sqlite, 'w1', { id: 'zed-1', email: 'zed@x.io' })
    expect(search({ text: 'zed' }).total).toBe(1)
    expect(search({}).total).toBe(5)
    t.sqlite.prepare('UPDATE people SET deleted_at = 9 WHERE pk = ?').run(pk)
    expect(search({ text: 'zed' }).total).toBe(0)
    t.sqlite.prepare('DELETE FROM people WHERE pk = 1').run()
    expect(search({ offset: 0, limit: 2 }).rows.map((r) => r.pk)).toEqual([2, 3])
  })

  it('lists the attributes with a pending outbox edit, per person', () => {
    addOutbox(t.sqlite, 'w1', 'person:1', { attributes: { plan: 'enterprise', score: 11 } })
    addOutbox(t.sqlite, 'w1', 'person:1', { changes: { last_name: { from: 'Lee', to: 'Li' } } }, 'pending', 'update')
    addOutbox(t.sqlite, 'w1', 'person:2', { id: 'user-101', first_name: 'Pepe' })
    addOutbox(t.sqlite, 'w1', 'person:3', { attributes: { plan: 'free' } }, 'sent')
    addOutbox(t.sqlite, 'w2', 'person:3', { attributes: { plan: 'free' } })
    const rows = search({}).rows
    expect(rows.map((r) => [r.pk, r.pending])).toEqual([
      [1, ['last_name', 'plan', 'score']],
      [2, ['first_name']],
      [3, []],
      [5, []],
    ])
  })
})
