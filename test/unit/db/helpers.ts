import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DEFAULT_MIGRATIONS_FOLDER, openMirror, type Mirror } from '../../../src-main/db/connection'

/** A fresh temp folder per test, removed with everything opened in it. */
export function tempHome(): { dir: string; file: string; open(): Mirror; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'cio-sync-db-'))
  const opened: Mirror[] = []
  const file = join(dir, 'mirror.db')
  return {
    dir,
    file,
    open() {
      const m = openMirror(file)
      opened.push(m)
      return m
    },
    cleanup() {
      for (const m of opened) m.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

export function addWorkspace(m: Mirror, id: string, name = id, active = false): void {
  m.sqlite
    .prepare('INSERT INTO workspaces (id, name, kind, created_at, active) VALUES (?, ?, ?, ?, ?)')
    .run(id, name, 'sandbox', 1, active ? 1 : 0)
}

export function addPerson(
  m: Mirror,
  workspaceId: string,
  p: { cioId?: string; id?: string; email?: string; attributes?: Record<string, unknown> },
): number {
  const r = m.sqlite
    .prepare(
      'INSERT INTO people (ws, cio_id, id, email, attributes, created_at, updated_at) VALUES ((SELECT ws FROM workspaces WHERE id = ?), ?, ?, ?, ?, 1, 1)',
    )
    .run(workspaceId, p.cioId ?? null, p.id ?? null, p.email ?? null, JSON.stringify(p.attributes ?? {}))
  return Number(r.lastInsertRowid)
}

export function count(m: Mirror, table: string, where = '1 = 1', ...params: unknown[]): number {
  return (m.sqlite.prepare(`SELECT count(*) AS n FROM ${table} WHERE ${where}`).get(...params) as { n: number }).n
}

/**
 * A copy of the migrations folder that stops just before the migration tagged `…_<tag>`: opening
 * a mirror with it writes a file at the schema of the version before that migration.
 */
export function migrationsBefore(dir: string, tag: string): string {
  const older = join(dir, `before-${tag}`)
  cpSync(DEFAULT_MIGRATIONS_FOLDER, older, { recursive: true })
  const file = join(older, 'meta', '_journal.json')
  const journal = JSON.parse(readFileSync(file, 'utf8')) as { entries: { idx: number; tag: string }[] }
  const at = journal.entries.findIndex((e) => e.tag.endsWith(`_${tag}`))
  if (at <= 0) throw new Error(`no migration tagged …_${tag} after the first`)
  journal.entries = journal.entries.slice(0, at)
  writeFileSync(file, JSON.stringify(journal))
  return older
}
