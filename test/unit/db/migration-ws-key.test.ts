import { cpSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { DEFAULT_MIGRATIONS_FOLDER, openMirror, type Mirror } from '../../../src-main/db/connection'
import { CampaignsRepo } from '../../../src-main/db/campaigns-repo'
import { CollectionsRepo } from '../../../src-main/db/collections-repo'
import { MessagesRepo } from '../../../src-main/db/messages-repo'
import { PeopleSyncStateRepo } from '../../../src-main/db/people-sync-state-repo'
import { SegmentsRepo } from '../../../src-main/db/segments-repo'
import { WS_OF_ID } from '../../../src-main/db/workspace-key'
import { addWorkspace, count, tempHome } from './helpers'

// The migration that gives every mirror table but people the workspace's number (ws) instead of
// its 36-character id: a mirror written by the schema before it keeps every row, under the right
// workspace, the lookups walk the (ws, …) indexes, and removing a workspace still removes its rows.

const TABLES = ['segments', 'segment_members', 'collections', 'collection_rows', 'campaigns', 'campaign_metrics', 'messages', 'people_sync_state']
const WORKSPACES = ['5b0e6a52-1c1e-4a39-9d5e-2f6b7f0c0a01', '9d3c1f7e-8a2b-4c6d-b1e0-7a5f3e2d1c02']

let home: ReturnType<typeof tempHome>
afterEach(() => home?.cleanup())

/** A copy of the migrations folder that stops before the ws-key migration (found by name: the lead renumbers). */
function foldersBeforeWsKey(dir: string): string {
  const older = join(dir, 'older-drizzle')
  cpSync(DEFAULT_MIGRATIONS_FOLDER, older, { recursive: true })
  const path = join(older, 'meta', '_journal.json')
  const journal = JSON.parse(readFileSync(path, 'utf8')) as { entries: { idx: number; tag: string }[] }
  const at = journal.entries.findIndex((e) => e.tag.endsWith('_mirror_ws_key'))
  expect(at).toBeGreaterThan(0)
  journal.entries = journal.entries.slice(0, at)
  writeFileSync(path, JSON.stringify(journal))
  return older
}

/** Rows of every table, in the schema before the migration (workspace_id text), distinct per workspace. */
function fillOld(m: Mirror, workspaceId: string, n: number): void {
  const run = (sql: string, ...params: unknown[]) => m.sqlite.prepare(sql).run(...params)
  run("INSERT INTO segments (workspace_id, id, name, type, member_count, baseline_at) VALUES (?, 7, ?, 'manual', 2, 100)", workspaceId, `vip ${n}`)
  run('INSERT INTO segments (workspace_id, id, name) VALUES (?, 8, ?)', workspaceId, `churned ${n}`)
  for (const cio of ['c1', 'c2']) run('INSERT INTO segment_members (workspace_id, segment_id, cio_id, joined_at, pull_id) VALUES (?, 7, ?, 100, ?)', workspaceId, `${cio}-${n}`, `run-${n}`)
  run('INSERT INTO segment_members (workspace_id, segment_id, cio_id, joined_at, left_at) VALUES (?, 8, ?, 50, 90)', workspaceId, `c3-${n}`)
  run('INSERT INTO collections (workspace_id, id, name, rows) VALUES (?, 3, ?, 2)', workspaceId, `stores ${n}`)
  for (const idx of [0, 1]) run('INSERT INTO collection_rows (workspace_id, collection_id, idx, data) VALUES (?, 3, ?, ?)', workspaceId, idx, JSON.stringify({ store: `${n}-${idx}` }))
  run("INSERT INTO campaigns (workspace_id, type, id, name, metrics) VALUES (?, 'campaign', 1, ?, '{\"sent\":5}')", workspaceId, `welcome ${n}`)
  run("INSERT INTO campaigns (workspace_id, type, id, name) VALUES (?, 'transactional', 1, ?)", workspaceId, `receipt ${n}`)
  run("INSERT INTO campaign_metrics (workspace_id, type, id, period, steps, series, fetched_at) VALUES (?, 'campaign', 1, 'days', 2, ?, 10)", workspaceId, JSON.stringify({ sent: [n, n] }))
  run("INSERT INTO messages (workspace_id, id, campaign_id, cio_id, subject, created) VALUES (?, ?, 1, ?, 'hi', 1000)", workspaceId, `d-${n}`, `c1-${n}`)
  run("INSERT INTO people_sync_state (workspace_id, last_mode, attribute_names) VALUES (?, 'export', ?)", workspaceId, JSON.stringify({ plan: ['mirror'], [`only${n}`]: ['feed'] }))
}

/** Each table's rows with the workspace id they belong to (through ws), in a stable order. */
function rowsByWorkspace(m: Mirror, table: string): Record<string, unknown>[] {
  return m.sqlite.prepare(`SELECT w.id AS workspace, t.* FROM ${table} t JOIN workspaces w ON w.ws = t.ws ORDER BY 1, 3, 4, 5`).all() as Record<string, unknown>[]
}

function plan(m: Mirror, sql: string): string {
  const params = Array<string>(sql.split('?').length - 1).fill('x')
  return (m.sqlite.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail).join(' | ')
}

function migrated(): Mirror {
  home = tempHome()
  const old = openMirror(home.file, { migrationsFolder: foldersBeforeWsKey(home.dir) })
  WORKSPACES.forEach((id, i) => {
    addWorkspace(old, id)
    fillOld(old, id, i + 1)
  })
  old.close()
  return home.open()
}

describe('migration: the workspace number (ws) in every mirror table but people', () => {
  it('keeps every row under its own workspace, and no table keeps the text id', () => {
    const m = migrated()
    const ws = Object.fromEntries((m.sqlite.prepare('SELECT id, ws FROM workspaces').all() as { id: string; ws: number }[]).map((r) => [r.id, r.ws]))
    expect(Object.values(ws).sort()).toEqual([1, 2])
    const perWorkspace = { segments: 2, segment_members: 3, collections: 1, collection_rows: 2, campaigns: 2, campaign_metrics: 1, messages: 1, people_sync_state: 1 }
    for (const table of TABLES) {
      const columns = (m.sqlite.prepare(`SELECT name FROM pragma_table_info('${table}')`).pluck().all() as string[])
      expect(columns, table).toContain('ws')
      expect(columns, table).not.toContain('workspace_id')
      const rows = rowsByWorkspace(m, table)
      expect(rows.length, table).toBe(2 * perWorkspace[table as keyof typeof perWorkspace])
      for (const id of WORKSPACES) expect(rows.filter((r) => r.workspace === id).length, `${table} of ${id}`).toBe(perWorkspace[table as keyof typeof perWorkspace])
      for (const r of rows) expect(r.ws, table).toBe(ws[r.workspace as string])
    }
    // the values came along with their workspace (n = 1 for the first, 2 for the second)
    const [a, b] = WORKSPACES
    const segments = new SegmentsRepo(m.sqlite)
    expect(segments.list(a).map((s) => s.name)).toEqual(['churned 1', 'vip 1'])
    expect(segments.list(b).map((s) => [s.name, s.memberCount, s.baselineAt])).toEqual([['churned 2', null, null], ['vip 2', 2, 100]])
    expect(segments.currentMembers(b, 7)).toBe(2)
    expect(segments.memberCounts(a, 0, 1000)).toEqual([{ id: 7, current: 2, joined: 2, left: null }, { id: 8, current: 0, joined: 0, left: 1 }])
    expect(segments.currentOf(a, 'c1-1')).toEqual([{ id: 7, name: 'vip 1', type: 'manual', joinedAt: 100 }])
    expect(segments.currentOf(a, 'c1-2')).toEqual([])
    const collections = new CollectionsRepo(m.sqlite)
    expect(collections.rows(b, 3)).toEqual([{ store: '2-0' }, { store: '2-1' }])
    expect(collections.list(a).map((c) => [c.name, c.storedRows])).toEqual([['stores 1', 2]])
    const campaigns = new CampaignsRepo(m.sqlite)
    expect(campaigns.list(a).map((c) => [c.name, c.metrics])).toEqual([['welcome 1', '{"sent":5}']])
    expect(JSON.parse(campaigns.series(b, { kind: 'campaign', id: 1, period: 'days' })!.series)).toEqual({ sent: [2, 2] })
    expect(campaigns.transactionalNamesEverywhere()).toEqual(new Map([[`${a}:1`, 'receipt 1'], [`${b}:1`, 'receipt 2']]))
    expect(new MessagesRepo(m.sqlite).ofPerson(b, 'c1-2', 10).map((d) => d.id)).toEqual(['d-2'])
    const state = new PeopleSyncStateRepo(m.sqlite)
    expect(state.get(a)).toMatchObject({ lastMode: 'export', attributeNames: { plan: ['mirror'], only1: ['feed'] } })
    expect(state.get(b).attributeNames).toEqual({ plan: ['mirror'], only2: ['feed'] })
  })

  it('looks rows up through the (ws, …) indexes, also when the number is resolved inside the statement', () => {
    const m = migrated()
    const uses = (sql: string, index: RegExp) => {
      const detail = plan(m, sql)
      expect(detail, sql).toMatch(index)
      expect(detail, sql).not.toMatch(/^SCAN (segments|segment_members|collections|collection_rows|campaigns|campaign_metrics|messages|people_sync_state)\b/)
    }
    uses(`SELECT count(*) FROM segment_members WHERE ws = ${WS_OF_ID} AND segment_id = ? AND left_at IS NULL`, /SEARCH segment_members USING INDEX sqlite_autoindex_segment_members_1 \(ws=\? AND segment_id=\?\)/)
    uses(`SELECT segment_id, joined_at FROM segment_members WHERE ws = ${WS_OF_ID} AND cio_id = ? AND left_at IS NULL`, /SEARCH segment_members USING (COVERING )?INDEX segment_members_ws_person \(ws=\? AND cio_id=\?\)/)
    uses(`SELECT name FROM segments WHERE ws = ${WS_OF_ID} AND id = ?`, /SEARCH segments USING INDEX sqlite_autoindex_segments_1 \(ws=\? AND id=\?\)/)
    uses(`SELECT id FROM collections WHERE ws = ${WS_OF_ID} AND name = ?`, /SEARCH collections USING (COVERING )?INDEX collections_ws_name \(ws=\? AND name=\?\)/)
    uses(`SELECT data FROM collection_rows WHERE ws = ${WS_OF_ID} AND collection_id = ? ORDER BY idx`, /SEARCH collection_rows USING INDEX sqlite_autoindex_collection_rows_1 \(ws=\? AND collection_id=\?\)/)
    uses(`SELECT id FROM campaigns WHERE ws = ${WS_OF_ID} AND type = ?`, /SEARCH campaigns USING (COVERING )?INDEX sqlite_autoindex_campaigns_1 \(ws=\? AND type=\?\)/)
    uses(`SELECT series FROM campaign_metrics WHERE ws = ${WS_OF_ID} AND type = ? AND id = ? AND period = ?`, /SEARCH campaign_metrics USING INDEX sqlite_autoindex_campaign_metrics_1/)
    uses(`SELECT id FROM messages WHERE ws = ${WS_OF_ID} AND cio_id = ? ORDER BY created DESC`, /SEARCH messages USING INDEX messages_ws_person_created \(ws=\? AND cio_id=\?\)/)
    uses(`SELECT count(*) FROM messages WHERE ws = ${WS_OF_ID} AND campaign_id = ?`, /SEARCH messages USING (COVERING )?INDEX messages_ws_campaign \(ws=\? AND campaign_id=\?\)/)
    uses(`SELECT * FROM people_sync_state WHERE ws = ${WS_OF_ID}`, /SEARCH people_sync_state USING INTEGER PRIMARY KEY \(rowid=\?\)/)
    // the number is looked up once per statement, by the workspaces primary key
    expect(plan(m, `SELECT count(*) FROM segments WHERE ws = ${WS_OF_ID}`)).toMatch(/SCALAR SUBQUERY.*SEARCH workspaces USING INDEX sqlite_autoindex_workspaces_1 \(id=\?\)/)
  })

  it('removes a workspace’s rows with the workspace, and nobody else’s', () => {
    const m = migrated()
    m.sqlite.prepare('DELETE FROM workspaces WHERE id = ?').run(WORKSPACES[0])
    for (const table of TABLES) {
      const rows = rowsByWorkspace(m, table)
      expect(count(m, table), table).toBe(rows.length)
      expect(rows.length, table).toBeGreaterThan(0)
      expect(rows.every((r) => r.workspace === WORKSPACES[1]), table).toBe(true)
    }
    // and a new workspace never gets the removed number: its rows cannot meet the old ones
    addWorkspace(m, 'later')
    expect(m.sqlite.prepare("SELECT ws FROM workspaces WHERE id = 'later'").pluck().get()).toBe(3)
  })

  it('refuses rows of an unknown workspace in the repositories (as the foreign key did)', () => {
    const m = migrated()
    expect(() => new SegmentsRepo(m.sqlite).addCreated('nope', { id: 1, name: 'x', description: null }, 1)).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }))
    expect(() => new PeopleSyncStateRepo(m.sqlite).setExtraAttributeNames('nope', ['plan'])).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }))
    expect(() => m.sqlite.prepare("INSERT INTO messages (ws, id) VALUES (99, 'd')").run()).toThrow(/FOREIGN KEY/)
  })
})
