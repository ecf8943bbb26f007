import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { AppError } from '../../../src-main/contract/result'
import { CollectionsReadService } from '../../../src-main/mirror/collections-read-service'
import { SegmentsReadService } from '../../../src-main/mirror/segments-read-service'
import { SyncHistoryService } from '../../../src-main/mirror/sync-history-service'
import { addMember, addPerson, addRun, addSegment, tempMirror, type TempMirror } from './mirror-fixtures'

let t: TempMirror
beforeEach(() => {
  t = tempMirror(['w1', 'w2'])
})
afterEach(() => t.cleanup())

function code(fn: () => unknown): string {
  try {
    fn()
  } catch (e) {
    expect(e).toBeInstanceOf(AppError)
    return (e as AppError).code
  }
  throw new Error('expected an AppError')
}

describe('SegmentsReadService', () => {
  beforeEach(() => {
    const s = t.sqlite
    // pull-1 ran 100–200, pull-2 ran 1000–2000; pull-3 (1500–) failed, pull-4 is running
    addRun(s, 'w1', { id: 'pull-1', startedAt: 100, finishedAt: 200 })
    addRun(s, 'w1', { id: 'pull-2', startedAt: 1000, finishedAt: 2000 })
    addRun(s, 'w1', { id: 'pull-3', startedAt: 1500, finishedAt: 1600, state: 'failed' })
    addRun(s, 'w1', { id: 'pull-4', startedAt: 3000, state: 'running' })
    addRun(s, 'w1', { id: 'push-1', kind: 'push', startedAt: 2500, finishedAt: 2600 })
    addSegment(s, 'w1', 1, 'paying', 'dynamic', 999)
    addSegment(s, 'w1', 2, 'Beta', null, 40)
    addSegment(s, 'w2', 1, 'elsewhere')
    for (let i = 0; i < 5; i++) addPerson(s, 'w1', { cioId: `c${i}`, id: `p${i}`, email: `p${i}@x.io` })
    addMember(s, 'w1', 1, 'c0', 150, null, 'pull-2') // member since pull-1
    addMember(s, 'w1', 1, 'c1', 1200, null, 'pull-2') // joined in pull-2
    addMember(s, 'w1', 1, 'c2', 1300, null, 'pull-2') // joined in pull-2
    addMember(s, 'w1', 1, 'c3', 150, 1800, 'pull-1') // left in pull-2
    addMember(s, 'w1', 1, 'c4', 150, 190, 'pull-1') // left in pull-1
    addMember(s, 'w1', 1, 'ghost', 3100, null, 'pull-4') // joined in the running pull; no person row
  })

  it('lists segments with mirror member counts and joined / left in the latest successful pull', () => {
    expect(new SegmentsReadService(t.sqlite).list('w1')).toEqual([
      { id: 2, name: 'Beta', description: null, type: 'unknown', state: null, memberCount: 40, joined: 0, left: 0, baseline: false, baselineAt: null, membersReadAt: null, pulledAt: null },
      { id: 1, name: 'paying', description: null, type: 'dynamic', state: null, memberCount: 4, joined: 2, left: 1, baseline: false, baselineAt: null, membersReadAt: null, pulledAt: null },
    ])
    expect(new SegmentsReadService(t.sqlite).list('w2')).toMatchObject([{ id: 1, memberCount: 0, joined: 0, left: 0 }])
  })

  it('pages members for each change filter, joined to their people', () => {
    const svc = new SegmentsReadService(t.sqlite)
    const current = svc.members('w1', { segmentId: 1, change: 'current', offset: 0, limit: 2 })
    expect(current.total).toBe(4)
    expect(current.rows).toEqual([
      { pk: 1, cioId: 'c0', id: 'p0', email: 'p0@x.io', joinedAt: 150, leftAt: null },
      { pk: 2, cioId: 'c1', id: 'p1', email: 'p1@x.io', joinedAt: 1200, leftAt: null },
    ])
    const next = svc.members('w1', { segmentId: 1, change: 'current', offset: 2, limit: 2 })
    expect(next.rows.map((r) => [r.cioId, r.pk])).toEqual([
      ['c2', 3],
      ['ghost', null],
    ])
    expect(svc.members('w1', { segmentId: 1, change: 'joined', offset: 0, limit: 10 }).rows.map((r) => r.cioId)).toEqual(['c1', 'c2'])
    const left = svc.members('w1', { segmentId: 1, change: 'left', offset: 0, limit: 10 })
    expect(left).toEqual({ total: 1, offset: 0, rows: [{ pk: 4, cioId: 'c3', id: 'p3', email: 'p3@x.io', joinedAt: 150, leftAt: 1800 }] })
    expect(code(() => svc.members('w1', { segmentId: 42, change: 'current', offset: 0, limit: 10 }))).toBe('NOT_FOUND')
  })

  it('shows no joined or left for a segment whose first read (baseline) the latest pull took', () => {
    const svc = new SegmentsReadService(t.sqlite)
    t.sqlite.prepare("UPDATE segments SET baseline_at = 1000, members_read_at = 1900 WHERE ws = (SELECT ws FROM workspaces WHERE id = 'w1') AND id = 1").run()
    expect(svc.list('w1').find((s) => s.id === 1)).toMatchObject({ memberCount: 4, joined: 0, left: 0, baseline: true, membersReadAt: 1900 })
    expect(svc.members('w1', { segmentId: 1, change: 'joined', offset: 0, limit: 10 })).toEqual({ total: 0, offset: 0, rows: [] })
    expect(svc.members('w1', { segmentId: 1, change: 'left', offset: 0, limit: 10 }).total).toBe(0)
    // a baseline taken by an earlier pull leaves the latest pull's joined / left as they are
    t.sqlite.prepare("UPDATE segments SET baseline_at = 100 WHERE ws = (SELECT ws FROM workspaces WHERE id = 'w1') AND id = 1").run()
    expect(svc.list('w1').find((s) => s.id === 1)).toMatchObject({ joined: 2, left: 1, baseline: false })
  })

  it('follows a new pull: counts are recomputed when the data changes', () => {
    const svc = new SegmentsReadService(t.sqlite)
    expect(svc.list('w1').find((s) => s.id === 1)?.joined).toBe(2)
    t.sqlite.prepare("UPDATE sync_runs SET state = 'succeeded', finished_at = 3200 WHERE id = 'pull-4'").run()
    expect(svc.list('w1').find((s) => s.id === 1)).toMatchObject({ memberCount: 4, joined: 1, left: 0 })
    expect(svc.members('w1', { segmentId: 1, change: 'joined', offset: 0, limit: 10 }).rows.map((r) => r.cioId)).toEqual(['ghost'])
  })
})

describe('CollectionsReadService', () => {
  beforeEach(() => {
    const s = t.sqlite
    const add = s.prepare('INSERT INTO collections (ws, id, name, schema, bytes, rows, updated_at, pulled_at) VALUES ((SELECT ws FROM workspaces WHERE id = ?), ?, ?, ?, ?, ?, ?, ?)')
    add.run('w1', 1, 'products', JSON.stringify([{ name: 'sku' }, { name: 'price' }]), 300, 3, 10, 20)
    add.run('w1', 2, 'Cities', JSON.stringify({ city: 'string', pop: 'number' }), null, 12, null, null)
    add.run('w1', 3, 'loose', null, 10, null, null, null)
    const row = s.prepare('INSERT INTO collection_rows (ws, collection_id, idx, data) VALUES ((SELECT ws FROM workspaces WHERE id = ?), ?, ?, ?)')
    row.run('w1', 1, 0, JSON.stringify({ sku: 'a', price: 1 }))
    row.run('w1', 1, 1, JSON.stringify({ sku: 'b', price: 2, color: 'red' }))
    row.run('w1', 1, 2, JSON.stringify({ sku: 'c' }))
    row.run('w1', 3, 0, JSON.stringify({ x: 1 }))
    row.run('w1', 3, 1, JSON.stringify({ y: 2, x: 3 }))
    row.run('w1', 3, 2, JSON.stringify('plain'))
  })

  it('lists collections with schema fields and stored row counts', () => {
    expect(new CollectionsReadService(t.sqlite).list('w1')).toEqual([
      { id: 2, name: 'Cities', rows: 12, bytes: 0, schema: ['city', 'pop'], updatedAt: null, pulledAt: null },
      { id: 3, name: 'loose', rows: 3, bytes: 10, schema: [], updatedAt: null, pulledAt: null },
      { id: 1, name: 'products', rows: 3, bytes: 300, schema: ['sku', 'price'], updatedAt: 10, pulledAt: 20 },
    ])
  })

  it('pages rows in order with the schema as columns, plus keys the schema lacks', () => {
    const svc = new CollectionsReadService(t.sqlite)
    expect(svc.rows('w1', { collectionId: 1, offset: 1, limit: 5 })).toEqual({
      total: 3,
      offset: 1,
      columns: ['sku', 'price', 'color'],
      rows: [{ sku: 'b', price: 2, color: 'red' }, { sku: 'c' }],
    })
    expect(svc.rows('w1', { collectionId: 3, offset: 0, limit: 5 }).columns).toEqual(['x', 'y', 'value'])
    expect(svc.rows('w1', { collectionId: 2, offset: 0, limit: 5 })).toEqual({ total: 0, offset: 0, columns: ['city', 'pop'], rows: [] })
    expect(code(() => svc.rows('w2', { collectionId: 1, offset: 0, limit: 5 }))).toBe('NOT_FOUND')
  })
})

describe('SyncHistoryService', () => {
  it('lists runs newest first with durations and parsed counts', () => {
    const s = t.sqlite
    addRun(s, 'w1', { id: 'a', startedAt: 100, finishedAt: 1600, counts: { people: { created: 3 } }, retries: 2 })
    addRun(s, 'w1', { id: 'b', kind: 'push', startedAt: 300, finishedAt: null, state: 'running' })
    addRun(s, 'w1', { id: 'c', kind: 'import-push', startedAt: 200, finishedAt: 250, state: 'failed', counts: 'not json', error: 'boom' })
    addRun(s, 'w2', { id: 'd', startedAt: 400, finishedAt: 500 })
    const runs = new SyncHistoryService(s).list('w1', 10)
    expect(runs.map((r) => [r.id, r.kind, r.state, r.durationMs])).toEqual([
      ['b', 'push', 'running', null],
      ['c', 'import-push', 'failed', 50],
      ['a', 'pull', 'succeeded', 1500],
    ])
    expect(runs[2]).toEqual({ id: 'a', workspaceId: 'w1', kind: 'pull', trigger: 'manual', state: 'succeeded', startedAt: 100, finishedAt: 1600, durationMs: 1500, counts: { people: { created: 3 } }, retries: 2, error: null })
    expect(runs[1].counts).toEqual({})
    expect(runs[1].error).toBe('boom')
    expect(new SyncHistoryService(s).list('w1', 2).map((r) => r.id)).toEqual(['b', 'c'])
  })
})
