// Migration 0011: imports get a compact number (import_jobs.num) and their row results are keyed
// by it instead of the import's id. Checked on a file written by the schema before it.
import { afterEach, describe, expect, it } from 'vitest'
import { openMirror } from '../../../src-main/db/connection'
import { ImportRepo } from '../../../src-main/import/import-repo'
import { addWorkspace, count, migrationsBefore, tempHome } from './helpers'

const TAG = 'import_job_number'

let home: ReturnType<typeof tempHome>
afterEach(() => home?.cleanup())

/** A mirror file at the schema just before this migration. */
function olderMirror() {
  home = tempHome()
  return openMirror(home.file, { migrationsFolder: migrationsBefore(home.dir, TAG) })
}

describe('migration: compact import numbers', () => {
  it('numbers existing imports in creation order and moves their row results to the number, losing nothing', () => {
    const old = olderMirror()
    addWorkspace(old, 'w1')
    const job = old.sqlite.prepare("INSERT INTO import_jobs (id, workspace_id, kind, file_name, file_hash, file_bytes, mapping, options, state, created_at) VALUES (?, 'w1', 'people', 'f.csv', 'h', 1, '{}', '{}', 'planned', ?)")
    job.run('imp-later', 20)
    job.run('imp-first', 10)
    const row = old.sqlite.prepare('INSERT INTO import_row_results (job_id, row, entity_key, bucket, outcome, changes, message) VALUES (?, ?, ?, ?, ?, ?, ?)')
    row.run('imp-first', 1, 'id:a', 'update', 'accepted', '{"plan":{"from":"free","to":"pro"}}', null)
    row.run('imp-first', 2, null, 'invalid', null, null, 'bad email')
    row.run('imp-later', 1, 'id:b', 'unchanged', null, null, null)
    old.sqlite.prepare("INSERT INTO import_errors (job_id, row, message, bucket) VALUES ('imp-first', 2, 'bad email', 'invalid')").run()
    old.close()

    const now = home.open()
    const nums = Object.fromEntries((now.sqlite.prepare('SELECT id, num FROM import_jobs').all() as { id: string; num: number }[]).map((r) => [r.id, r.num]))
    expect(nums).toEqual({ 'imp-first': 1, 'imp-later': 2 })
    const repo = new ImportRepo(now.sqlite)
    expect(repo.rows.row('imp-first', 1)).toEqual({ row: 1, entityKey: 'id:a', bucket: 'update', outcome: 'accepted', changes: { plan: { from: 'free', to: 'pro' } }, message: null })
    expect(repo.rows.row('imp-first', 2)).toEqual({ row: 2, entityKey: null, bucket: 'invalid', outcome: null, changes: null, message: 'bad email' })
    expect(repo.rows.row('imp-later', 1)).toEqual({ row: 1, entityKey: 'id:b', bucket: 'unchanged', outcome: null, changes: null, message: null })
    expect(count(now, 'import_row_results')).toBe(3)
    expect(repo.rows.errorsOf('imp-first', 2)).toHaveLength(1)
    const columns = (now.sqlite.prepare("SELECT name FROM pragma_table_info('import_row_results')").pluck().all() as string[])
    expect(columns).toEqual(['job', 'row', 'entity_key', 'bucket', 'outcome', 'changes', 'message'])
    expect(now.sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'import_row_results' AND sql IS NOT NULL").pluck().all()).toEqual(['import_row_results_job_bucket'])
    expect(now.sqlite.pragma('foreign_key_check')).toEqual([])
    now.close()
  })

  it('gives a new import the next number, keys its rows by it and removes them with it', () => {
    home = tempHome()
    const m = home.open()
    addWorkspace(m, 'w1')
    const repo = new ImportRepo(m.sqlite)
    const create = (id: string) =>
      repo.create({ id, workspaceId: 'w1', kind: 'people', fileName: 'f.csv', fileHash: '', fileBytes: 0, mapping: null, meta: {} as never, state: 'planning', counts: {} as never, createdAt: 1 })
    create('a')
    create('b')
    expect(repo.rows.jobNumber('a')).toBe(1)
    expect(repo.rows.jobNumber('b')).toBe(2)
    m.sqlite.transaction(() => repo.rows.putFreshRows('b', [{ row: 1, entityKey: 'id:x', bucket: 'create', outcome: null, changes: { plan: { to: 'pro' } }, message: null }]))()
    repo.rows.putRow('a', { row: 7, entityKey: null, bucket: 'invalid', outcome: null, changes: null, message: 'no' })
    expect(repo.rows.row('b', 1)?.changes).toEqual({ plan: { to: 'pro' } })
    expect(repo.rows.row('a', 7)?.message).toBe('no')
    expect(repo.rows.row('a', 1)).toBeNull()
    expect(() => m.sqlite.prepare("UPDATE import_jobs SET num = 1 WHERE id = 'b'").run()).toThrow(/UNIQUE/)
    m.sqlite.prepare("DELETE FROM import_jobs WHERE id = 'b'").run()
    expect(count(m, 'import_row_results')).toBe(1)
    create('c')
    expect(repo.rows.jobNumber('c')).toBe(2)
    m.close()
  })
})
