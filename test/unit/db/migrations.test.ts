import { createHash } from 'node:crypto'
import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { DEFAULT_BUSY_TIMEOUT_MS } from '../../../src-main/db/busy'
import { DEFAULT_MIGRATIONS_FOLDER, openMirror, readSchemaVersion } from '../../../src-main/db/connection'
import { AppError } from '../../../src-main/contract/result'
import { addPerson, addWorkspace, count, tempHome } from './helpers'

interface JournalEntry {
  idx: number
  when: number
  tag: string
  breakpoints: boolean
}
const journal = JSON.parse(readFileSync(join(DEFAULT_MIGRATIONS_FOLDER, 'meta', '_journal.json'), 'utf8')) as {
  dialect: string
  entries: JournalEntry[]
}

let home: ReturnType<typeof tempHome>
afterEach(() => home?.cleanup())

describe('the migrations journal', () => {
  // drizzle's migrator applies a migration only if its `when` is later than the last applied one:
  // a migration with an earlier timestamp (a merge of two branches) would be skipped silently.
  it('has strictly increasing timestamps', () => {
    expect(journal.entries.length).toBeGreaterThan(0)
    for (let i = 1; i < journal.entries.length; i++) {
      expect(journal.entries[i].when, `${journal.entries[i].tag} must be later than ${journal.entries[i - 1].tag}`).toBeGreaterThan(
        journal.entries[i - 1].when,
      )
    }
  })

  it('has sequential idx values and a tag that starts with the idx', () => {
    journal.entries.forEach((e, i) => {
      expect(e.idx).toBe(i)
      expect(e.tag.startsWith(String(i).padStart(4, '0') + '_')).toBe(true)
    })
  })

  it('has an .sql file for every entry, and no .sql file without an entry', () => {
    for (const e of journal.entries) expect(existsSync(join(DEFAULT_MIGRATIONS_FOLDER, `${e.tag}.sql`)), e.tag).toBe(true)
    const files = readdirSync(DEFAULT_MIGRATIONS_FOLDER).filter((f) => f.endsWith('.sql'))
    expect(files.sort()).toEqual(journal.entries.map((e) => `${e.tag}.sql`).sort())
  })

  it('sets the schema version to the number of entries', () => {
    expect(readSchemaVersion(DEFAULT_MIGRATIONS_FOLDER)).toBe(journal.entries.length)
  })
})

describe('openMirror', () => {
  it('applies every migration to a fresh file and stamps user_version', () => {
    home = tempHome()
    const m = home.open()
    expect(m.schemaVersion).toBe(journal.entries.length)
    expect(m.sqlite.pragma('user_version', { simple: true })).toBe(journal.entries.length)
    expect(count(m, '__drizzle_migrations')).toBe(journal.entries.length)
    const tables = (m.sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map(
      (t) => t.name,
    )
    for (const t of ['workspaces', 'people', 'people_fts', 'segments', 'segment_members', 'outbox', 'audit_log', 'settings']) {
      expect(tables).toContain(t)
    }
  })

  it('is a no-op on the second open and keeps the data', () => {
    home = tempHome()
    const first = home.open()
    addWorkspace(first, 'w1')
    addPerson(first, 'w1', { cioId: 'c1', email: 'a@example.com' })
    const schemaBefore = first.sqlite.prepare('SELECT type, name, sql FROM sqlite_master ORDER BY name').all()
    first.close()

    const second = home.open()
    expect(count(second, '__drizzle_migrations')).toBe(journal.entries.length)
    expect(second.sqlite.prepare('SELECT type, name, sql FROM sqlite_master ORDER BY name').all()).toEqual(schemaBefore)
    expect(count(second, 'people')).toBe(1)
  })

  it('turns on WAL, foreign keys, busy_timeout and synchronous NORMAL', () => {
    home = tempHome()
    const m = home.open()
    expect(m.sqlite.pragma('journal_mode', { simple: true })).toBe('wal')
    expect(m.sqlite.pragma('foreign_keys', { simple: true })).toBe(1)
    expect(m.sqlite.pragma('busy_timeout', { simple: true })).toBe(DEFAULT_BUSY_TIMEOUT_MS) // db/busy.ts
    expect(m.sqlite.pragma('synchronous', { simple: true })).toBe(1) // NORMAL
  })

  it('works in memory (no WAL there)', () => {
    const m = openMirror(':memory:')
    expect(m.sqlite.pragma('foreign_keys', { simple: true })).toBe(1)
    expect(m.sqlite.pragma('user_version', { simple: true })).toBe(m.schemaVersion)
    m.close()
  })

  it('refuses a file written by a newer cio-sync and leaves it untouched', () => {
    home = tempHome()
    const newer = new Database(home.file)
    newer.exec('CREATE TABLE from_the_future (x)')
    newer.pragma(`user_version = ${journal.entries.length + 5}`)
    newer.close()
    const before = createHash('sha256').update(readFileSync(home.file)).digest('hex')

    let error: unknown
    try {
      openMirror(home.file)
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(AppError)
    expect((error as AppError).code).toBe('DATABASE')
    expect((error as AppError).message).toBe(
      `${home.file} was written by a newer cio-sync (schema ${journal.entries.length + 5}, this app knows ${journal.entries.length}). Update cio-sync, or choose another data folder.`,
    )
    expect(createHash('sha256').update(readFileSync(home.file)).digest('hex')).toBe(before)
    expect(existsSync(`${home.file}-wal`)).toBe(false)
  })

  it('upgrades a file from an older schema (user_version lower) by applying only the new migrations', () => {
    home = tempHome()
    const older = join(home.dir, 'older-drizzle')
    cpSync(DEFAULT_MIGRATIONS_FOLDER, older, { recursive: true })
    const j = JSON.parse(readFileSync(join(older, 'meta', '_journal.json'), 'utf8'))
    j.entries = j.entries.slice(0, 1)
    writeFileSync(join(older, 'meta', '_journal.json'), JSON.stringify(j))
    const old = openMirror(home.file, { migrationsFolder: older })
    expect(old.schemaVersion).toBe(1)
    expect(old.sqlite.prepare("SELECT name FROM sqlite_master WHERE name = 'people_fts'").get()).toBeUndefined()
    addWorkspace(old, 'w1')
    // the people table as 0000 created it (workspace_id text)
    old.sqlite.prepare("INSERT INTO people (workspace_id, cio_id, email, attributes, created_at, updated_at) VALUES ('w1', 'c1', 'zed@example.com', '{}', 1, 1)").run()
    old.close()

    const now = home.open()
    expect(now.sqlite.pragma('user_version', { simple: true })).toBe(journal.entries.length)
    // the FTS migration's 'rebuild' indexed the person that existed before it
    expect(count(now, 'people_fts', 'people_fts MATCH ?', '"zed"*')).toBe(1)
  })

  it('survives a drizzle-kit style rebuild of workspaces: no cascade, triggers kept working', () => {
    // drizzle-kit rebuilds a SQLite table (new table, copy, DROP, rename) for many ALTERs. With
    // foreign keys on, DROP TABLE workspaces would cascade-delete every workspace's data; with
    // the modern ALTER TABLE, the rename fails on audit_log_no_delete, which names workspaces.
    home = tempHome()
    const folder = join(home.dir, 'drizzle')
    cpSync(DEFAULT_MIGRATIONS_FOLDER, folder, { recursive: true })
    const m = openMirror(home.file, { migrationsFolder: folder })
    addWorkspace(m, 'w1')
    addPerson(m, 'w1', { cioId: 'c1' })
    m.sqlite.prepare("INSERT INTO audit_log (workspace_id, at, actor, action) VALUES ('w1', 1, 'me', 'push')").run()
    const createWorkspaces = (m.sqlite.prepare("SELECT sql FROM sqlite_master WHERE name = 'workspaces'").get() as { sql: string }).sql
    const indexes = (
      m.sqlite.prepare("SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'workspaces' AND sql IS NOT NULL").all() as {
        sql: string
      }[]
    ).map((r) => r.sql)
    m.close()

    const j = JSON.parse(readFileSync(join(folder, 'meta', '_journal.json'), 'utf8'))
    const last = j.entries[j.entries.length - 1]
    j.entries.push({ ...last, idx: last.idx + 1, when: last.when + 1000, tag: '9999_rebuild_workspaces' })
    writeFileSync(join(folder, 'meta', '_journal.json'), JSON.stringify(j))
    writeFileSync(
      join(folder, '9999_rebuild_workspaces.sql'),
      [
        'PRAGMA foreign_keys=OFF;', // what drizzle-kit writes; a no-op inside the migrator's transaction
        createWorkspaces.replace('CREATE TABLE `workspaces`', 'CREATE TABLE `__new_workspaces`'),
        'INSERT INTO `__new_workspaces` SELECT * FROM `workspaces`;',
        'DROP TABLE `workspaces`;',
        'ALTER TABLE `__new_workspaces` RENAME TO `workspaces`;',
        'PRAGMA foreign_keys=ON;',
        ...indexes,
      ].join('\n--> statement-breakpoint\n'),
    )
    const after = openMirror(home.file, { migrationsFolder: folder })
    expect(count(after, 'people')).toBe(1)
    expect(count(after, 'audit_log')).toBe(1)
    expect(after.sqlite.pragma('foreign_keys', { simple: true })).toBe(1)
    expect(after.sqlite.pragma('legacy_alter_table', { simple: true })).toBe(0)
    expect(() => after.sqlite.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/)
    after.sqlite.prepare("DELETE FROM workspaces WHERE id = 'w1'").run()
    expect(count(after, 'people')).toBe(0)
    expect(count(after, 'audit_log')).toBe(0)
    after.close()
  })

  it('has the triggers drizzle-kit does not know about (a table rebuild would drop them)', () => {
    home = tempHome()
    const m = home.open()
    const triggers = (m.sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name").all() as { name: string }[]).map(
      (t) => t.name,
    )
    expect(triggers).toEqual([
      'audit_log_no_delete',
      'audit_log_no_update',
      'import_jobs_assign_num',
      'people_fts_after_delete',
      'people_fts_after_insert',
      'people_fts_after_update',
      'workspaces_assign_ws',
    ])
  })

  it('gives every workspace a compact number (ws): existing ones in creation order (0008), new ones max + 1, never shared', () => {
    home = tempHome()
    const older = join(home.dir, 'older-drizzle')
    cpSync(DEFAULT_MIGRATIONS_FOLDER, older, { recursive: true })
    const j = JSON.parse(readFileSync(join(older, 'meta', '_journal.json'), 'utf8'))
    j.entries = j.entries.filter((e: JournalEntry) => e.idx < 8)
    writeFileSync(join(older, 'meta', '_journal.json'), JSON.stringify(j))
    const old = openMirror(home.file, { migrationsFolder: older })
    const insert = old.sqlite.prepare("INSERT INTO workspaces (id, name, kind, created_at) VALUES (?, ?, 'sandbox', ?)")
    insert.run('later', 'Later', 20)
    insert.run('first', 'First', 10)
    insert.run('same-b', 'Same B', 30)
    insert.run('same-a', 'Same A', 30)
    old.close()

    const now = home.open()
    const keys = () => Object.fromEntries((now.sqlite.prepare('SELECT id, ws FROM workspaces').all() as { id: string; ws: number }[]).map((r) => [r.id, r.ws]))
    expect(keys()).toEqual({ first: 1, later: 2, 'same-a': 3, 'same-b': 4 })
    addWorkspace(now, 'new')
    expect(keys().new).toBe(5)
    now.sqlite.prepare("DELETE FROM workspaces WHERE id = 'first'").run()
    addWorkspace(now, 'newer')
    expect(keys().newer).toBe(6)
    expect(() => now.sqlite.prepare("UPDATE workspaces SET ws = 2 WHERE id = 'new'").run()).toThrow(/UNIQUE/)
  })

  it('reports a broken migrations folder as a DATABASE error', () => {
    home = tempHome()
    expect(() => openMirror(home.file, { migrationsFolder: join(home.dir, 'nowhere') })).toThrow(
      expect.objectContaining({ code: 'DATABASE' }),
    )
  })
})
