import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { personDetail } from '../../../src-main/contract/people'
import { AppError } from '../../../src-main/contract/result'
import { PeopleReadService } from '../../../src-main/mirror/people-read-service'
import { addMember, addOutbox, addPerson, addSegment, tempMirror, type TempMirror } from './mirror-fixtures'

let t: TempMirror
let svc: PeopleReadService
let annPk: number

function thrown(fn: () => unknown): AppError {
  try {
    fn()
  } catch (e) {
    expect(e).toBeInstanceOf(AppError)
    return e as AppError
  }
  throw new Error('expected an AppError')
}

beforeEach(() => {
  t = tempMirror(['w1', 'w2'])
  svc = new PeopleReadService(t.sqlite)
  const s = t.sqlite
  annPk = addPerson(s, 'w1', {
    cioId: 'abc123',
    id: 'ann-1',
    email: 'Ann@Example.com',
    attributes: { first_name: 'Ann', plan: 'pro' },
    base: { first_name: 'Ann', plan: 'free' },
    devices: [{ id: 'tok-1', platform: 'ios', last_used: 1_700_000_000, attributes: { app_version: '2.1' } }, { platform: 'android' }, { id: 'tok-2', platform: 'android', last_used: null }],
    syncedAt: 500,
  })
  addPerson(s, 'w1', { cioId: 'old1', id: 'ann-old', email: 'ann@example.com', deletedAt: 9 })
  addPerson(s, 'w2', { cioId: 'zzz', id: 'other', email: 'other@example.com' })
  addSegment(s, 'w1', 1, 'Paying', 'dynamic')
  addSegment(s, 'w1', 2, 'Beta', null)
  addSegment(s, 'w1', 3, 'Churned')
  addMember(s, 'w1', 1, 'abc123', 111)
  addMember(s, 'w1', 2, 'abc123', 222)
  addMember(s, 'w1', 3, 'abc123', 50, 333)
  const msg = s.prepare('INSERT INTO messages (ws, id, campaign_id, cio_id, subject, type, created, metrics) VALUES ((SELECT ws FROM workspaces WHERE id = ?), ?, ?, ?, ?, ?, ?, ?)')
  msg.run('w1', 'm-old', 4, 'abc123', 'Welcome', 'email', 1000, JSON.stringify({ sent: 1 }))
  msg.run('w1', 'm-new', null, 'abc123', null, 'push', 2000, null)
  msg.run('w1', 'm-else', 4, 'old1', 'Other', 'email', 3000, null)
  const audit = s.prepare('INSERT INTO audit_log (workspace_id, at, actor, action, file_name, counts, results) VALUES (?, ?, ?, ?, ?, ?, ?)')
  audit.run('w1', 10, 'me', 'import', 'people.csv', JSON.stringify({ updated: 2, created: 0 }), JSON.stringify({ rows: [{ row: 1, entityKey: `person:${annPk}`, outcome: 'accepted' }, { row: 2, entityKey: 'person:99' }] }))
  audit.run('w1', 20, 'me', 'push', null, null, JSON.stringify([{ email: 'ann@example.COM', status: 'sent' }]))
  audit.run('w1', 30, 'me', 'push', 'x.csv', null, JSON.stringify([{ entityKey: 'person:99', note: 'ann-1' }]))
  audit.run('w2', 40, 'me', 'push', null, null, JSON.stringify([{ entityKey: `person:${annPk}` }]))
})
afterEach(() => t.cleanup())

describe('PeopleReadService.get', () => {
  it('assembles the panel: row, base, current segments, devices, messages, activity', () => {
    addOutbox(t.sqlite, 'w1', `person:${annPk}`, { attributes: { plan: 'pro' } })
    const d = svc.get('w1', { pk: annPk })
    expect(d.person).toMatchObject({ pk: annPk, cioId: 'abc123', id: 'ann-1', email: 'Ann@Example.com', deletedAt: null, pending: ['plan'] })
    expect(d.base).toEqual({ first_name: 'Ann', plan: 'free' })
    expect(d.segments).toEqual([
      { id: 2, name: 'Beta', type: 'unknown', joinedAt: 222 },
      { id: 1, name: 'Paying', type: 'dynamic', joinedAt: 111 },
    ])
    expect(d.devices).toEqual([
      { id: 'tok-1', platform: 'ios', lastUsed: 1_700_000_000_000, attributes: { app_version: '2.1' } },
      { id: 'tok-2', platform: 'android', lastUsed: null, attributes: {} },
    ])
    expect(d.messages.map((m) => [m.id, m.campaignId, m.metrics])).toEqual([
      ['m-new', null, {}],
      ['m-old', 4, { sent: 1 }],
    ])
    expect(d.activity).toEqual([
      { at: 20, action: 'push', summary: 'this person: sent' },
      { at: 10, action: 'import', summary: 'people.csv: updated 2 · this person: accepted' },
    ])
    expect(d.syncedAt).toBe(500)
    // the IPC layer validates answers against the contract: this one must pass unchanged
    expect(personDetail.parse(d)).toEqual(d)
  })

  it('finds a person by id, by email in any case (live before tombstone), by cio_ prefix', () => {
    expect(svc.get('w1', { ident: 'ann-1' }).person.pk).toBe(annPk)
    expect(svc.get('w1', { ident: 'ANN@example.com' }).person.pk).toBe(annPk)
    expect(svc.get('w1', { ident: 'cio_abc123' }).person.pk).toBe(annPk)
    expect(svc.get('w1', { ident: 'ann-old' }).person.deletedAt).toBe(9)
    expect(svc.get('w1', { ident: 'cio_old1' }).messages.map((m) => m.id)).toEqual(['m-else'])
  })

  it('answers NOT_FOUND with a useful message, also across workspaces', () => {
    const e = thrown(() => svc.get('w1', { ident: 'nobody@example.com' }))
    expect(e.code).toBe('NOT_FOUND')
    expect(e.message).toContain('"nobody@example.com"')
    expect(e.message).toContain('pull')
    expect(thrown(() => svc.get('w1', { ident: 'other' })).code).toBe('NOT_FOUND')
    expect(thrown(() => svc.get('w2', { pk: annPk })).message).toContain(`pk ${annPk}`)
  })
})

describe('PeopleReadService.columns and saved views', () => {
  it('counts live people per attribute, ignoring nulls, and follows changes', () => {
    addPerson(t.sqlite, 'w1', { attributes: { plan: 'free', company: null } })
    expect(svc.columns('w1').columns).toEqual([
      { name: 'plan', count: 2 },
      { name: 'first_name', count: 1 },
    ])
    addPerson(t.sqlite, 'w1', { attributes: { company: 'Acme' } })
    expect(svc.columns('w1').columns).toContainEqual({ name: 'company', count: 1 })
    expect(svc.columns('w2').columns).toEqual([])
  })

  it('estimates counts from a sample on a large mirror', () => {
    const insert = t.sqlite.prepare("INSERT INTO people (ws, attributes, created_at, updated_at) VALUES ((SELECT ws FROM workspaces WHERE id = 'w1'), ?, 1, 1)")
    t.sqlite.transaction(() => {
      for (let i = 0; i < 60_000; i++) insert.run(JSON.stringify(i % 4 === 0 ? { a: 1, b: 2 } : { a: 1 }))
    })()
    const cols = new Map(svc.columns('w1').columns.map((c) => [c.name, c.count]))
    expect(cols.get('a')).toBeGreaterThan(57_000)
    expect(cols.get('a')).toBeLessThan(63_000)
    expect(cols.get('b')).toBeGreaterThan(13_500)
    expect(cols.get('b')).toBeLessThan(16_500)
  })

  it('creates, lists, replaces and removes views per workspace', () => {
    expect(svc.views('w1')).toEqual([])
    const a = svc.saveView('w1', { name: 'Pro users', query: { text: '', filters: [{ attribute: 'plan', op: 'eq', value: 'pro' }] }, columns: ['email', 'plan'] })
    const b = svc.saveView('w1', { name: 'VIP', query: { text: 'ann', filters: [], segmentId: 1 }, columns: [] })
    expect(a.id).not.toBe(b.id)
    expect(svc.views('w1').map((v) => v.name)).toEqual(['Pro users', 'VIP'])
    expect(svc.views('w2')).toEqual([])
    expect(thrown(() => svc.saveView('w1', { name: 'vip', query: { text: '', filters: [] }, columns: [] })).code).toBe('CONFLICT')
    const renamed = svc.saveView('w1', { id: a.id, name: 'Pro', query: a.query, columns: ['email'] })
    expect(svc.views('w1')).toEqual([renamed, b])
    expect(thrown(() => svc.saveView('w1', { id: 'missing', name: 'X', query: { text: '', filters: [] }, columns: [] })).code).toBe('NOT_FOUND')
    expect(svc.removeView('w1', b.id)).toEqual({ id: b.id })
    expect(svc.views('w1')).toEqual([renamed])
    expect(thrown(() => svc.removeView('w1', b.id)).code).toBe('NOT_FOUND')
    // a new service (app restart) reads the same views
    expect(new PeopleReadService(t.sqlite).views('w1')).toEqual([renamed])
  })
})
