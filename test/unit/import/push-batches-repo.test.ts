// The push's books of its requests (import/push/push-batches-repo.ts): what a resume finds open
// after each step of a unit's life, on a real mirror.
import { afterEach, describe, expect, it } from 'vitest'
import { emptyCounts, ImportRepo } from '../../../src-main/import/import-repo'
import { PushBatchesRepo } from '../../../src-main/import/push/push-batches-repo'
import { addWorkspace, tempHome } from '../db/helpers'

let home: ReturnType<typeof tempHome>
afterEach(() => home?.cleanup())

function setup() {
  home = tempHome()
  const m = home.open()
  addWorkspace(m, 'w1')
  const meta = { sourcePath: '/f.csv', options: { kind: 'people' as const }, rowKind: 'people' as const, undoOf: null, warnings: [], mirrorAgeMs: null, segmentsEntered: [], pushJobId: null, pushStatus: null }
  for (const id of ['a', 'b']) new ImportRepo(m.sqlite).create({ id, workspaceId: 'w1', kind: 'people', fileName: 'f.csv', fileHash: 'h', fileBytes: 1, mapping: null, meta, state: 'planned', counts: emptyCounts(), createdAt: 1 })
  const attempts = (id: string, seq: number) => m.sqlite.prepare('SELECT attempts FROM import_batches WHERE job_id = ? AND seq = ?').pluck().get(id, seq)
  return { batches: new PushBatchesRepo(m.sqlite), attempts }
}

const unit = (seq: number, idempotent = true) => ({ seq, firstRow: seq * 10, lastRow: seq * 10 + 9, bytes: 100, ops: 10, idempotent })

describe('push batches repository', () => {
  it('keeps a unit open from its recording until it is answered, with its rows and idempotence', () => {
    const { batches, attempts } = setup()
    batches.record('a', unit(1), 5)
    batches.record('a', unit(2, false), 5)
    expect(batches.open('a')).toEqual([
      { seq: 1, state: 'recorded', first_row: 10, last_row: 19, response: '{"idempotent":true}' },
      { seq: 2, state: 'recorded', first_row: 20, last_row: 29, response: '{"idempotent":false}' },
    ])
    batches.markSent('a', 1, 6)
    expect(attempts('a', 1)).toBe(1)
    expect(batches.open('a').map((b) => [b.seq, b.state])).toEqual([
      [1, 'sent'],
      [2, 'recorded'],
    ])
    batches.acknowledge('a', 1, { refused: [] }, 7)
    batches.markMayHaveApplied('a', 2, { idempotent: false, error: 'lost' }, 7)
    expect(batches.open('a')).toEqual([])
  })

  it('forgets a unit that never left, and keeps each import’s books apart', () => {
    const { batches } = setup()
    batches.record('a', unit(1), 5)
    batches.record('b', unit(1), 5)
    batches.forget('a', 1)
    expect(batches.open('a')).toEqual([])
    expect(batches.open('b').map((b) => b.seq)).toEqual([1])
  })
})
