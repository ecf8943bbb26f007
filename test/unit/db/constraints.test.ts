import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Mirror } from '../../../src-main/db/connection'
import { toFtsPrefixQuery } from '../../../src-main/db/people-search'
import { addPerson, addWorkspace, count, tempHome } from './helpers'

// What the schema itself guarantees, checked with raw SQL so no repository can hide a gap.

let home: ReturnType<typeof tempHome>
let m: Mirror
beforeEach(() => {
  home = tempHome()
  m = home.open()
})
afterEach(() => home.cleanup())

const run = (sql: string, ...params: unknown[]) => m.sqlite.prepare(sql).run(...params)

/** The people of one workspace people_fts finds for what a user typed, best first, tombstones excluded. */
function searchPeople(workspaceId: string, text: string): { email: string | null }[] {
  const query = toFtsPrefixQuery(text)
  if (query === null) return []
  return m.sqlite
    .prepare(
      `SELECT p.email AS email FROM people_fts f JOIN people p ON p.pk = f.rowid
        WHERE people_fts MATCH ? AND p.ws = (SELECT ws FROM workspaces WHERE id = ?) AND p.deleted_at IS NULL ORDER BY f.rank`,
    )
    .all(query, workspaceId) as { email: string | null }[]
}

describe('workspaces', () => {
  it('allows at most one active workspace', () => {
    addWorkspace(m, 'a', 'A', true)
    addWorkspace(m, 'b', 'B', false)
    addWorkspace(m, 'c', 'C', false)
    expect(() => run("UPDATE workspaces SET active = 1 WHERE id = 'b'")).toThrow(/UNIQUE constraint failed/)
    run("UPDATE workspaces SET active = 0 WHERE id = 'a'")
    run("UPDATE workspaces SET active = 1 WHERE id = 'b'")
    expect(count(m, 'workspaces', 'active = 1')).toBe(1)
  })

  it('keeps names unique regardless of case', () => {
    addWorkspace(m, 'a', 'Acme Prod')
    expect(() => addWorkspace(m, 'b', 'ACME prod')).toThrow(/workspaces_name_ci_unique/)
    addWorkspace(m, 'c', 'Acme Staging')
  })

  it('cascades a removal to everything the workspace owns, and nothing else', () => {
    addWorkspace(m, 'w1')
    addWorkspace(m, 'w2')
    for (const ws of ['w1', 'w2']) {
      addPerson(m, ws, { cioId: `${ws}-c1`, email: `jane@${ws}.example` })
      run('INSERT INTO segments (ws, id, name) VALUES ((SELECT ws FROM workspaces WHERE id = ?), 7, ?)', ws, 'VIP')
      run('INSERT INTO segment_members (ws, segment_id, cio_id, joined_at) VALUES ((SELECT ws FROM workspaces WHERE id = ?), 7, ?, 1)', ws, `${ws}-c1`)
      run('INSERT INTO collections (ws, id, name) VALUES ((SELECT ws FROM workspaces WHERE id = ?), 3, ?)', ws, 'stores')
      run("INSERT INTO collection_rows (ws, collection_id, idx, data) VALUES ((SELECT ws FROM workspaces WHERE id = ?), 3, 0, '{}')", ws)
      run("INSERT INTO campaigns (ws, type, id, name) VALUES ((SELECT ws FROM workspaces WHERE id = ?), 'broadcast', 1, 'x')", ws)
      run("INSERT INTO messages (ws, id, cio_id) VALUES ((SELECT ws FROM workspaces WHERE id = ?), 'd1', ?)", ws, `${ws}-c1`)
      run("INSERT INTO outbox (workspace_id, op, entity_key, payload, created_at, updated_at) VALUES (?, 'identify', 'person:1', '{}', 1, 1)", ws)
      run("INSERT INTO conflicts (workspace_id, entity_key, field, created_at) VALUES (?, 'person:1', 'plan', 1)", ws)
      run("INSERT INTO jobs (id, workspace_id, kind, trigger, state, started_at, updated_at) VALUES (?, ?, 'sync', 'user', 'running', 1, 1)", `job-${ws}`, ws)
      run("INSERT INTO import_jobs (id, workspace_id, kind, file_name, file_hash, file_bytes, mapping, options, state, created_at) VALUES (?, ?, 'people', 'f.csv', 'h', 1, '{}', '{}', 'done', 1)", `imp-${ws}`, ws)
      run("INSERT INTO import_row_results (job, row, bucket) VALUES ((SELECT num FROM import_jobs WHERE id = ?), 1, 'create')", `imp-${ws}`)
      run("INSERT INTO import_errors (job_id, row, message, bucket) VALUES (?, 2, 'bad email', 'invalid')", `imp-${ws}`)
      run("INSERT INTO import_batches (job_id, seq, state, first_row, last_row, bytes, ops, created_at, updated_at) VALUES (?, 0, 'acknowledged', 1, 1, 10, 1, 1, 1)", `imp-${ws}`)
      run("INSERT INTO sync_runs (id, workspace_id, kind, trigger, state, started_at) VALUES (?, ?, 'pull', 'user', 'succeeded', 1)", `run-${ws}`, ws)
      run("INSERT INTO schedules (workspace_id, kind, every_seconds, created_at) VALUES (?, 'pull', 900, 1)", ws)
      run("INSERT INTO audit_log (workspace_id, at, actor, action) VALUES (?, 1, 'me', 'import')", ws)
    }
    const owned = [
      'people', 'segments', 'segment_members', 'collections', 'collection_rows', 'campaigns', 'messages', 'outbox',
      'conflicts', 'jobs', 'import_jobs', 'import_row_results', 'import_errors', 'import_batches', 'sync_runs',
      'schedules', 'audit_log',
    ]
    run("DELETE FROM workspaces WHERE id = 'w1'")
    for (const table of owned) expect(count(m, table), table).toBe(1)
    expect(count(m, 'people', "ws = (SELECT ws FROM workspaces WHERE id = 'w2')")).toBe(1)
    // the FTS index followed the cascade
    expect(searchPeople('w1', 'jane')).toEqual([])
    expect(searchPeople('w2', 'jane')).toHaveLength(1)
    run("INSERT INTO people_fts (people_fts, rank) VALUES ('integrity-check', 1)")
  })

  it('refuses rows for a workspace that does not exist', () => {
    // people name their workspace by its number (ws): an unknown id has none, an unknown number is refused by the key
    expect(() => addPerson(m, 'ghost', { cioId: 'c1' })).toThrow(/NOT NULL constraint failed: people.ws/)
    expect(() => run("INSERT INTO people (ws, cio_id, created_at, updated_at) VALUES (999, 'c1', 1, 1)")).toThrow(/FOREIGN KEY constraint failed/)
  })
})

describe('people', () => {
  beforeEach(() => addWorkspace(m, 'w1'))

  it('keeps cio_id and id unique per workspace, but allows many people without them', () => {
    addPerson(m, 'w1', { cioId: 'c1', id: 'u1' })
    expect(() => addPerson(m, 'w1', { cioId: 'c1' })).toThrow(/UNIQUE/)
    expect(() => addPerson(m, 'w1', { id: 'u1' })).toThrow(/UNIQUE/)
    addPerson(m, 'w1', { email: 'a@example.com' })
    addPerson(m, 'w1', { email: 'b@example.com' })
    addWorkspace(m, 'w2')
    addPerson(m, 'w2', { cioId: 'c1', id: 'u1' })
    expect(count(m, 'people')).toBe(4)
  })

  it('upserts on (ws, cio_id) as the pull does', () => {
    addPerson(m, 'w1', { cioId: 'c1', email: 'old@example.com' })
    run(
      `INSERT INTO people (ws, cio_id, email, attributes, created_at, updated_at) VALUES ((SELECT ws FROM workspaces WHERE id = 'w1'), 'c1', 'new@example.com', '{}', 2, 2)
       ON CONFLICT (ws, cio_id) DO UPDATE SET email = excluded.email, updated_at = excluded.updated_at`,
    )
    expect(count(m, 'people')).toBe(1)
    expect(searchPeople('w1', 'new@')).toHaveLength(1)
    expect(searchPeople('w1', 'old@')).toHaveLength(0)
  })

  it('finds people by email case-insensitively through the lower(email) index', () => {
    addPerson(m, 'w1', { cioId: 'c1', email: 'Jane.Doe@Example.com' })
    const plan = m.sqlite
      .prepare("EXPLAIN QUERY PLAN SELECT pk FROM people WHERE ws = (SELECT ws FROM workspaces WHERE id = 'w1') AND lower(email) = lower(?)")
      .all('jane.doe@example.com') as { detail: string }[]
    expect(plan.map((p) => p.detail).join(' ')).toContain('people_ws_email_ci')
  })

  it('derives names from first_name, last_name and name', () => {
    const pk = addPerson(m, 'w1', { attributes: { first_name: 'Zoë', last_name: 'Ng', plan: 'pro' } })
    expect(m.sqlite.prepare('SELECT names FROM people WHERE pk = ?').pluck().get(pk)).toBe('Zoë Ng')
  })
})

describe('people_fts', () => {
  beforeEach(() => {
    addWorkspace(m, 'w1')
    addPerson(m, 'w1', { cioId: 'c1', id: 'u-100', email: 'jane.doe@example.com', attributes: { first_name: 'Jane', last_name: 'Doe' } })
    addPerson(m, 'w1', { cioId: 'c2', id: 'u-200', email: 'bob@acme.io', attributes: { name: 'Robert Müller' } })
  })
  const emails = (q: string) => searchPeople('w1', q).map((h) => h.email)

  it('finds a person by an email prefix', () => {
    expect(emails('jane.do')).toEqual(['jane.doe@example.com'])
    expect(emails('bob@ac')).toEqual(['bob@acme.io'])
    expect(emails('ja')).toEqual(['jane.doe@example.com'])
  })

  it('finds a person by a name token, ignoring case and diacritics', () => {
    expect(emails('muller')).toEqual(['bob@acme.io'])
    expect(emails('ROBERT')).toEqual(['bob@acme.io'])
    expect(emails('jane doe')).toEqual(['jane.doe@example.com'])
  })

  it('finds a person by id', () => {
    expect(emails('u-200')).toEqual(['bob@acme.io'])
  })

  it('follows updates', () => {
    run("UPDATE people SET email = 'janet@example.com', attributes = json_set(attributes, '$.first_name', 'Janet') WHERE cio_id = 'c1'")
    expect(emails('jane.do')).toEqual([])
    expect(emails('janet')).toEqual(['janet@example.com'])
    // a change to an attribute that is not searched leaves the index alone, and still consistent
    run("UPDATE people SET attributes = json_set(attributes, '$.plan', 'pro'), synced_at = 5 WHERE cio_id = 'c1'")
    expect(emails('janet')).toEqual(['janet@example.com'])
    run("INSERT INTO people_fts (people_fts, rank) VALUES ('integrity-check', 1)")
  })

  it('follows deletes, and hides tombstones', () => {
    run("DELETE FROM people WHERE cio_id = 'c2'")
    expect(emails('bob')).toEqual([])
    run("UPDATE people SET deleted_at = 1 WHERE cio_id = 'c1'")
    expect(emails('jane')).toEqual([])
    run("INSERT INTO people_fts (people_fts, rank) VALUES ('integrity-check', 1)")
  })

  it('reads user input as text, never as FTS5 syntax', () => {
    expect(toFtsPrefixQuery('  ')).toBeNull()
    expect(toFtsPrefixQuery('@')).toBeNull()
    expect(toFtsPrefixQuery('a"b OR c')).toBe('"a""b"* "OR"* "c"*')
    expect(() => emails('NEAR( "unbalanced')).not.toThrow()
    expect(emails('email:bob')).toEqual([])
  })
})

describe('audit_log', () => {
  beforeEach(() => {
    addWorkspace(m, 'w1')
    run("INSERT INTO audit_log (workspace_id, at, actor, action, counts) VALUES ('w1', 1, 'me', 'import', '{\"sent\":3}')")
  })

  it('accepts new rows', () => {
    run("INSERT INTO audit_log (workspace_id, at, actor, action) VALUES ('w1', 2, 'me', 'push')")
    expect(count(m, 'audit_log')).toBe(2)
  })

  it('refuses UPDATE and DELETE', () => {
    expect(() => run("UPDATE audit_log SET actor = 'someone else'")).toThrow(/append-only/)
    expect(() => run('DELETE FROM audit_log')).toThrow(/append-only/)
    expect(m.sqlite.prepare('SELECT actor FROM audit_log').pluck().get()).toBe('me')
  })
})

describe('conflicts and schedules', () => {
  beforeEach(() => addWorkspace(m, 'w1'))

  it('keeps one open conflict per field, any number of resolved ones', () => {
    const add = (state: string) =>
      run("INSERT INTO conflicts (workspace_id, entity_key, field, state, created_at) VALUES ('w1', 'person:1', 'plan', ?, 1)", state)
    add('resolved')
    add('resolved')
    add('open')
    expect(() => add('open')).toThrow(/UNIQUE/)
  })

  it('needs exactly one of every_seconds and cron', () => {
    const add = (every: number | null, cron: string | null) =>
      run("INSERT INTO schedules (workspace_id, kind, every_seconds, cron, created_at) VALUES ('w1', 'pull', ?, ?, 1)", every, cron)
    add(900, null)
    add(null, '*/15 * * * *')
    expect(() => add(null, null)).toThrow(/CHECK/)
    expect(() => add(900, '* * * * *')).toThrow(/CHECK/)
  })
})
