// Migration 0012 on a mirror written by the schema before it: people keyed by workspace_id text,
// with two JSON copies. After it, every row is the same person, keyed by the workspace's number,
// with the base stored only where it differed; the indexes, the search index and its triggers work.
import { cpSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { DEFAULT_MIGRATIONS_FOLDER, openMirror } from '../../../src-main/db/connection'
import { addWorkspace, count, tempHome } from './helpers'

const COMPACT_MIGRATION = 12

let home: ReturnType<typeof tempHome>

/** Live people of a workspace whose id, email or names start with `text`, the way the People screen searches. */
function searchPeople(m: ReturnType<typeof openMirror>, workspaceId: string, text: string): { id: string | null; email: string | null }[] {
  return m.sqlite
    .prepare(
      `SELECT p.id, p.email FROM people_fts f CROSS JOIN people p ON p.pk = f.rowid
        WHERE people_fts MATCH ? AND p.ws = (SELECT ws FROM workspaces WHERE id = ?) AND p.deleted_at IS NULL ORDER BY p.pk`,
    )
    .all(`"${text}"*`, workspaceId) as { id: string | null; email: string | null }[]
}
afterEach(() => home?.cleanup())

interface LegacyPerson {
  ws: string
  cioId: string | null
  id: string | null
  email: string | null
  attributes: string
  base: string | null
  devices?: string | null
  deletedAt?: number | null
  syncedAt?: number | null
  remoteUpdatedAt?: number | null
}

const people: LegacyPerson[] = [
  // synced, nothing pending: base = attributes (textually), becomes NULL
  { ws: 'w1', cioId: 'c1', id: 'u1', email: 'Zoe@Example.com', attributes: '{"first_name":"Zoë","plan":"pro"}', base: '{"first_name":"Zoë","plan":"pro"}', syncedAt: 5, remoteUpdatedAt: 4000 },
  // an edit pending: base differs, kept as it is
  { ws: 'w1', cioId: 'c2', id: 'u2', email: 'ana@example.com', attributes: '{"first_name":"Ana","plan":"team"}', base: '{"first_name":"Ana","plan":"free"}', syncedAt: 5 },
  // the same values in another key order: not the same text, kept (only textual equality is dropped)
  { ws: 'w1', cioId: 'c3', id: 'u3', email: 'bo@example.com', attributes: '{"a":"1","b":"2"}', base: '{"b":"2","a":"1"}' },
  // a tombstone with devices
  { ws: 'w1', cioId: 'c4', id: 'u4', email: 'gone@example.com', attributes: '{"name":"Gone Person"}', base: '{"name":"Gone Person"}', devices: '[{"id":"tok","platform":"ios"}]', deletedAt: 7 },
  // created here (no cio_id), never synced: base NULL stays NULL
  { ws: 'w1', cioId: null, id: null, email: 'local@example.com', attributes: '{"last_name":"Local"}', base: null },
  // the second workspace holds the same cio_id and id
  { ws: 'w2', cioId: 'c1', id: 'u1', email: 'zoe@example.com', attributes: '{"first_name":"Zoe","plan":"free"}', base: '{"first_name":"Zoe","plan":"free"}', devices: '[]' },
  { ws: 'w2', cioId: 'c9', id: 'u9', email: 'k9@example.com', attributes: '{"first_name":"Kim"}', base: '{"first_name":"Kim","plan":"old"}' },
]

/** A mirror file written by the migrations before 0012 (today's schema before this branch). */
function olderFolder(): string {
  return join(home.dir, 'older-drizzle')
}

function legacyMirror(): { workspaceWs: Record<string, number>; pks: number[] } {
  const older = olderFolder()
  cpSync(DEFAULT_MIGRATIONS_FOLDER, older, { recursive: true })
  const j = JSON.parse(readFileSync(join(older, 'meta', '_journal.json'), 'utf8'))
  j.entries = j.entries.filter((e: { idx: number }) => e.idx < COMPACT_MIGRATION)
  writeFileSync(join(older, 'meta', '_journal.json'), JSON.stringify(j))
  const old = openMirror(home.file, { migrationsFolder: older })
  expect(old.sqlite.prepare("SELECT 1 FROM pragma_table_info('people') WHERE name = 'workspace_id'").get()).toBeDefined()
  addWorkspace(old, 'w1')
  addWorkspace(old, 'w2')
  const insert = old.sqlite.prepare(
    `INSERT INTO people (workspace_id, cio_id, id, email, attributes, base_attributes, devices, created_at, updated_at, synced_at, remote_updated_at, deleted_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, 1, 2, ?, ?, ?)`,
  )
  const pks = people.map((p) =>
    Number(insert.run(p.ws, p.cioId, p.id, p.email, p.attributes, p.base, p.devices ?? null, p.syncedAt ?? null, p.remoteUpdatedAt ?? null, p.deletedAt ?? null).lastInsertRowid),
  )
  // a person deleted at the end of the table: AUTOINCREMENT must not give their pk again
  const lastPk = Number(insert.run('w1', 'c-end', null, null, '{}', '{}', null, null, null, null).lastInsertRowid)
  old.sqlite.prepare('DELETE FROM people WHERE pk = ?').run(lastPk)
  const workspaceWs = Object.fromEntries((old.sqlite.prepare('SELECT id, ws FROM workspaces').all() as { id: string; ws: number }[]).map((w) => [w.id, w.ws]))
  old.close()
  return { workspaceWs, pks: [...pks, lastPk] }
}

describe('migration 0012: compact people', () => {
  it('gives the old copy\'s space back to the disk after the upgrade (VACUUM when over a quarter of the file is free)', () => {
    home = tempHome()
    legacyMirror()
    const old = openMirror(home.file, { migrationsFolder: olderFolder() })
    const insert = old.sqlite.prepare("INSERT INTO people (workspace_id, cio_id, id, email, attributes, base_attributes, created_at, updated_at) VALUES ('w1', ?, ?, ?, ?, ?, 1, 1)")
    const attributes = (i: number) => JSON.stringify({ first_name: `First${i}`, last_name: `Last${i}`, plan: 'pro', city: `City ${i % 100}`, note: 'x'.repeat(100) })
    old.sqlite.transaction(() => {
      for (let i = 0; i < 5000; i++) insert.run(`bulk-${i}`, `b${i}`, `b${i}@example.com`, attributes(i), attributes(i))
    })()
    old.close()
    const before = statSync(home.file).size

    const now = home.open()
    expect(count(now, 'people', "cio_id LIKE 'bulk-%'")).toBe(5000)
    expect(now.sqlite.pragma('freelist_count', { simple: true })).toBe(0)
    now.sqlite.pragma('wal_checkpoint(TRUNCATE)')
    // one JSON copy and a 1-byte workspace number instead of two copies and 36 characters
    expect(statSync(home.file).size).toBeLessThan(before * 0.75)
  })


  it('keeps every person, keys them by ws, and drops the base only where it equals the attributes', () => {
    home = tempHome()
    const { workspaceWs, pks } = legacyMirror()
    const m = home.open()
    const columns = (m.sqlite.prepare("SELECT name FROM pragma_table_xinfo('people')").pluck().all() as string[])
    expect(columns).toContain('ws')
    expect(columns).not.toContain('workspace_id')
    expect(columns).toContain('names')

    const rows = m.sqlite
      .prepare('SELECT pk, ws, cio_id, id, email, attributes, base_attributes, devices, created_at, updated_at, synced_at, remote_updated_at, deleted_at FROM people ORDER BY pk')
      .all() as Record<string, unknown>[]
    expect(rows).toEqual(
      people.map((p, i) => ({
        pk: pks[i],
        ws: workspaceWs[p.ws],
        cio_id: p.cioId,
        id: p.id,
        email: p.email,
        attributes: p.attributes,
        base_attributes: p.base === p.attributes ? null : p.base,
        devices: p.devices ?? null,
        created_at: 1,
        updated_at: 2,
        synced_at: p.syncedAt ?? null,
        remote_updated_at: p.remoteUpdatedAt ?? null,
        deleted_at: p.deletedAt ?? null,
      })),
    )
    // the merge base every reader sees is the one stored before
    const bases = m.sqlite.prepare('SELECT coalesce(base_attributes, attributes) FROM people ORDER BY pk').pluck().all()
    expect(bases).toEqual(people.map((p) => p.base ?? p.attributes))

    // AUTOINCREMENT continues after the highest pk ever given, also one deleted before the migration
    const next = Number(m.sqlite.prepare("INSERT INTO people (ws, cio_id, created_at, updated_at) VALUES (?, 'c-new', 3, 3)").run(workspaceWs.w1).lastInsertRowid)
    expect(next).toBe(pks[pks.length - 1] + 1)
  })

  it('has the four people indexes on ws, and the queries use them', () => {
    home = tempHome()
    legacyMirror()
    const m = home.open()
    const indexes = m.sqlite.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'people' AND sql IS NOT NULL ORDER BY name").all() as { name: string; sql: string }[]
    expect(indexes.map((i) => i.name)).toEqual(['people_ws_cio_id', 'people_ws_email_ci', 'people_ws_id', 'people_ws_live'])
    for (const i of indexes) expect(i.sql).toMatch(/\(`ws`/)
    const plan = (query: string, ...params: unknown[]) =>
      (m.sqlite.prepare(`EXPLAIN QUERY PLAN ${query}`).all(...params) as { detail: string }[]).map((r) => r.detail).join(' | ')
    const ws = '(SELECT ws FROM workspaces WHERE id = ?)'
    expect(plan(`SELECT pk FROM people WHERE ws = ${ws} AND cio_id = ?`, 'w1', 'c1')).toContain('people_ws_cio_id')
    expect(plan(`SELECT pk FROM people WHERE ws = ${ws} AND id = ?`, 'w1', 'u1')).toContain('people_ws_id')
    expect(plan(`SELECT pk FROM people WHERE ws = ${ws} AND lower(email) = lower(?)`, 'w1', 'zoe@example.com')).toContain('people_ws_email_ci')
    expect(plan(`SELECT count(*) FROM people WHERE ws = ${ws} AND deleted_at IS NULL`, 'w1')).toContain('people_ws_live')
    // unique per workspace, as before
    const insert = m.sqlite.prepare("INSERT INTO people (ws, cio_id, id, created_at, updated_at) VALUES ((SELECT ws FROM workspaces WHERE id = ?), ?, ?, 1, 1)")
    expect(() => insert.run('w1', 'c1', null)).toThrow(/UNIQUE/)
    expect(() => insert.run('w2', null, 'u9')).toThrow(/UNIQUE/)
  })

  it('keeps search working: the old index answers, and the re-created triggers follow inserts, updates and deletes', () => {
    home = tempHome()
    legacyMirror()
    const m = home.open()
    const triggers = m.sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'people' ORDER BY name").pluck().all()
    expect(triggers).toEqual(['people_fts_after_delete', 'people_fts_after_insert', 'people_fts_after_update'])
    m.sqlite.prepare("INSERT INTO people_fts (people_fts, rank) VALUES ('integrity-check', 1)").run()
    const ids = (ws: string, text: string) => searchPeople(m, ws, text).map((p) => p.id ?? p.email)
    expect(ids('w1', 'zoe')).toEqual(['u1'])
    expect(ids('w2', 'zoe')).toEqual(['u1'])
    expect(ids('w1', 'ana@')).toEqual(['u2'])
    expect(ids('w1', 'local')).toEqual(['local@example.com'])
    expect(ids('w1', 'gone')).toEqual([]) // a tombstone stays indexed but is not found
    expect(ids('w2', 'kim')).toEqual(['u9'])

    m.sqlite.prepare("INSERT INTO people (ws, cio_id, id, attributes, created_at, updated_at) VALUES ((SELECT ws FROM workspaces WHERE id = 'w2'), 'c10', 'u10', '{\"first_name\":\"Quincy\"}', 1, 1)").run()
    expect(ids('w2', 'quin')).toEqual(['u10'])
    m.sqlite.prepare("UPDATE people SET attributes = '{\"first_name\":\"Renata\"}' WHERE id = 'u9'").run()
    expect(ids('w2', 'kim')).toEqual([])
    expect(ids('w2', 'renat')).toEqual(['u9'])
    m.sqlite.prepare("DELETE FROM people WHERE id = 'u10'").run()
    expect(ids('w2', 'quin')).toEqual([])
    m.sqlite.prepare("INSERT INTO people_fts (people_fts, rank) VALUES ('integrity-check', 1)").run()
  })

  it('cascades a workspace delete to its people through ws, leaving the other workspace whole', () => {
    home = tempHome()
    legacyMirror()
    const m = home.open()
    m.sqlite.prepare("DELETE FROM workspaces WHERE id = 'w1'").run()
    expect(count(m, 'people')).toBe(2)
    expect(searchPeople(m, 'w2', 'zoe')).toHaveLength(1)
    m.sqlite.prepare("INSERT INTO people_fts (people_fts, rank) VALUES ('integrity-check', 1)").run()
  })
})
