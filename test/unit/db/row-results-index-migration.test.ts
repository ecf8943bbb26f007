// Migration 0013: the bucket index of import_row_results leaves out unchanged rows. Checked on a
// file written by the schema before it: every row stays, the index is partial, and the review's
// and the push's queries on other buckets still use it instead of reading all of an import's rows.
import { afterEach, describe, expect, it } from 'vitest'
import { openMirror } from '../../../src-main/db/connection'
import { schemaObjectSql } from '../../../src-main/db/schema-objects'
import { ImportRepo } from '../../../src-main/import/import-repo'
import { NOT_UNCHANGED } from '../../../src-main/import/row-results-repo'
import { addWorkspace, count, migrationsBefore, tempHome } from './helpers'

let home: ReturnType<typeof tempHome>
afterEach(() => home?.cleanup())

const BUCKETS = ['create', 'update', 'unchanged', 'unchanged', 'unchanged', 'invalid', 'duplicate']

describe('migration: the bucket index without unchanged rows', () => {
  it('keeps every row, makes the index partial, and the queries on other buckets use it', () => {
    home = tempHome()
    const old = openMirror(home.file, { migrationsFolder: migrationsBefore(home.dir, 'row_results_bucket_index') })
    expect(schemaObjectSql(old.sqlite, 'index', 'import_row_results_job_bucket')).not.toMatch(/WHERE/)
    addWorkspace(old, 'w1')
    const repo = new ImportRepo(old.sqlite)
    repo.create({ id: 'imp', workspaceId: 'w1', kind: 'people', fileName: 'f.csv', fileHash: '', fileBytes: 0, mapping: null, meta: {} as never, state: 'planned', counts: {} as never, createdAt: 1 })
    old.sqlite.transaction(() =>
      repo.rows.putFreshRows('imp', Array.from({ length: 700 }, (_, i) => ({ row: i + 2, entityKey: `id:u${i}`, bucket: BUCKETS[i % BUCKETS.length] as never, outcome: null, changes: null, message: null }))),
    )()
    old.close()

    const now = home.open()
    expect(schemaObjectSql(now.sqlite, 'index', 'import_row_results_job_bucket')).toMatch(/WHERE .*bucket.* != 'unchanged'/)
    expect(count(now, 'import_row_results')).toBe(700)
    const rows = new ImportRepo(now.sqlite).rows
    expect(rows.duplicateCount('imp')).toBe(100)
    expect(rows.pendingCount('imp', null)).toBe(200)
    expect(rows.page('imp', { bucket: 'unchanged' }, 0, 5).total).toBe(300)
    expect(rows.page('imp', { bucket: 'update' }, 0, 5).rows.map((r) => r.row)).toEqual([3, 10, 17, 24, 31])
    const plan = (sql: string) => (now.sqlite.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((r) => r.detail).join(' | ')
    expect(plan(`SELECT count(*) FROM import_row_results WHERE job = 1 AND bucket = 'duplicate' AND ${NOT_UNCHANGED}`)).toMatch(/USING COVERING INDEX import_row_results_job_bucket/)
    expect(plan(`SELECT count(*) FROM import_row_results r WHERE r.job = 1 AND r.bucket = 'update' AND r.${NOT_UNCHANGED}`)).toMatch(/USING COVERING INDEX import_row_results_job_bucket/)
    // without the term SQLite may not use a partial index at all
    expect(plan(`SELECT count(*) FROM import_row_results WHERE job = 1 AND bucket = 'duplicate'`)).not.toMatch(/import_row_results_job_bucket/)
    now.close()
  })
})
