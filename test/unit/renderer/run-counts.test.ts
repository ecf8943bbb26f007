import { describe, expect, it } from 'vitest'
import type { SyncRun } from '../../../src-renderer/api'
import { countsSummary } from '../../../src-renderer/screens/sync/run-counts'

// The history's one-line summary of a pull says how people were read (docs/pulls.md).

const run = (counts: Record<string, unknown>): SyncRun => ({ id: 'r', workspaceId: 'w', kind: 'pull', trigger: 'user', state: 'succeeded', startedAt: 0, finishedAt: 1, durationMs: 1, counts, retries: 0, error: null })

describe('countsSummary', () => {
  it('names the path people took', () => {
    expect(countsSummary(run({ people: { created: 2, updated: 0, unchanged: 5, deleted: 0 }, peoplePull: { mode: 'incremental', reason: null, feedPages: 6, peopleRead: 7 } }))).toEqual([
      'people: +2 created',
      'people read through the activity feed (6 feed pages, 7 people read)',
    ])
    expect(countsSummary(run({ peoplePull: { mode: 'export', reason: 'the first pull of this workspace', feedPages: 0, peopleRead: 0 } }))).toEqual(['people read from an export: the first pull of this workspace'])
    expect(countsSummary(run({ peoplePull: { mode: 'search', reason: null, feedPages: 0, peopleRead: 20 } }))).toEqual(['people read from one search page'])
  })
})
