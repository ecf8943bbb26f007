// Every statement on an import's row results and errors lives in row-results-repo.ts. These pin
// what the push, the re-push of fixed rows, the undo and the review ask of it, on a real mirror.
import { afterEach, describe, expect, it } from 'vitest'
import { emptyCounts, ImportRepo, type RowResult } from '../../../src-main/import/import-repo'
import { RowResultsRepo, toRowResult } from '../../../src-main/import/row-results-repo'
import { addWorkspace, tempHome } from '../db/helpers'

let home: ReturnType<typeof tempHome>
afterEach(() => home?.cleanup())

const row = (n: number, bucket: RowResult['bucket'], extra: Partial<RowResult> = {}): RowResult => ({
  row: n, entityKey: `id:p${n}`, bucket, outcome: null, changes: bucket === 'update' || bucket === 'create' ? { plan: { to: `v${n}` } } : null, message: null, ...extra,
})

/** Two imports in one workspace; the first has one row of each kind that matters. */
function setup(): { repo: ImportRepo; rows: RowResultsRepo } {
  home = tempHome()
  const m = home.open()
  addWorkspace(m, 'w1')
  const repo = new ImportRepo(m.sqlite)
  const meta = { sourcePath: '/f.csv', options: { kind: 'people' as const }, rowKind: 'people' as const, undoOf: null, warnings: [], mirrorAgeMs: null, segmentsEntered: [], pushJobId: null, pushStatus: null }
  for (const id of ['a', 'b']) repo.create({ id, workspaceId: 'w1', kind: 'people', fileName: 'f.csv', fileHash: 'h', fileBytes: 1, mapping: null, meta, state: 'planned', counts: emptyCounts(), createdAt: 1 })
  m.sqlite.transaction(() => {
    repo.rows.putFreshRows('a', [row(1, 'create'), row(2, 'update'), row(3, 'unchanged'), row(4, 'invalid', { entityKey: null, message: 'bad email' }), row(5, 'duplicate', { message: 'repeats row 1' }), row(6, 'delete')])
    repo.rows.putError('a', { row: 4, column: 'email', value: 'x', message: 'bad email', bucket: 'invalid' })
    repo.rows.putFreshRows('b', [row(1, 'create')])
  })()
  return { repo, rows: new RowResultsRepo(m.sqlite) }
}

describe('row results repository', () => {
  it('counts and pages only the rows a push may still send, limited to fixed rows when asked', () => {
    const { rows } = setup()
    expect(rows.pendingCount('a', null)).toBe(3)
    expect(rows.pendingPage('a', null, 0, 10).map((r) => r.row)).toEqual([1, 2, 6])
    expect(rows.pendingPage('a', null, 1, 1).map((r) => r.row)).toEqual([2])
    expect(rows.pendingCount('a', JSON.stringify([2, 3]))).toBe(1)
    rows.setOutcome('a', 1, 'accepted', null)
    expect(rows.pendingCount('a', null)).toBe(2)
    expect(rows.pendingCount('b', null)).toBe(1)
  })

  it('re-opens refused rows for a re-push, answering how many were refused, and drops their refusals', () => {
    const { rows } = setup()
    rows.setOutcome('a', 2, 'rejected', 'attribute too long')
    rows.putError('a', { row: 2, column: null, value: null, message: 'attribute too long', bucket: 'rejected' })
    rows.setOutcome('a', 1, 'accepted', null)
    expect(rows.failedRows('a')).toEqual([
      { row: 2, reason: 'rejected', message: 'attribute too long' },
      { row: 4, reason: 'invalid', message: 'email: bad email' },
    ])
    expect(rows.reopenRows('a', JSON.stringify([2]))).toBe(1)
    expect(rows.row('a', 2)).toMatchObject({ outcome: null, message: null })
    expect(rows.errorsOf('a', 2)).toEqual([])
    expect(rows.row('a', 1)?.outcome).toBe('accepted')
  })

  it('gives the undo the accepted changes in file order and counts the deletions a push would send', () => {
    const { rows } = setup()
    rows.setOutcome('a', 2, 'accepted', null)
    rows.setOutcome('a', 1, 'accepted', null)
    expect([...rows.acceptedChanges('a')].map((r) => r.row)).toEqual([1, 2])
    expect(rows.deletionsToSend('a', null)).toBe(1)
    expect(rows.deletionsToSend('a', JSON.stringify([1]))).toBe(0)
    rows.setOutcome('a', 6, 'accepted', null)
    expect(rows.deletionsToSend('a', null)).toBe(0)
  })

  it('pages the review by bucket, by refusal and by column, and demotes a duplicate in place', () => {
    const { rows } = setup()
    expect(rows.page('a', {}, 0, 100).total).toBe(6)
    expect(rows.page('a', { bucket: 'unchanged' }, 0, 100).rows.map((r) => r.row)).toEqual([3])
    expect(rows.page('a', { column: { column: 'Plan', target: 'plan' } }, 0, 100).rows.map((r) => r.row)).toEqual([1, 2])
    expect(rows.page('a', { column: { column: 'email', target: 'email' } }, 0, 100).rows.map((r) => r.row)).toEqual([4])
    rows.setOutcome('a', 1, 'rejected', 'no')
    expect(rows.page('a', { bucket: 'rejected' }, 0, 100).rows.map((r) => r.row)).toEqual([1])
    rows.demoteToDuplicate('a', 3, 'repeated by row 9')
    expect(rows.duplicateCount('a')).toBe(2)
    expect(rows.firstDuplicates('a', 10)).toEqual([
      { row: 3, message: 'repeated by row 9' },
      { row: 5, message: 'repeats row 1' },
    ])
  })

  it('clears a plan’s rows and errors without touching another import', () => {
    const { rows } = setup()
    rows.clearPlan('a')
    expect(rows.page('a', {}, 0, 10).total).toBe(0)
    expect(rows.errorCount('a')).toBe(0)
    expect(rows.page('b', {}, 0, 10).total).toBe(1)
  })

  it('stores fresh rows of every shape as given, over several statements: bare unchanged rows and unchanged rows with more to say alike', () => {
    const { repo, rows } = setup()
    const kinds: ((n: number) => RowResult)[] = [
      (n) => row(n, 'unchanged'),
      (n) => row(n, 'update'),
      (n) => row(n, 'unchanged', { message: 'the mirror is older than the file' }),
      (n) => row(n, 'unchanged', { entityKey: null }),
      (n) => row(n, 'invalid', { entityKey: null, message: 'bad email' }),
      (n) => row(n, 'unchanged', { outcome: 'skipped' }),
    ]
    // 250 rows: both shapes take more than one 100-row statement, and the last ones are short
    const fresh = Array.from({ length: 250 }, (_, i) => kinds[i % 3 === 0 ? 0 : i % kinds.length](i + 1))
    repo.rows.clearPlan('a')
    rows.putFreshRows('a', fresh)
    expect(rows.page('a', {}, 0, 1000).rows.map(toRowResult)).toEqual(fresh)
    expect(rows.page('a', { bucket: 'unchanged' }, 0, 1000).total).toBe(fresh.filter((r) => r.bucket === 'unchanged').length)
  })
})
