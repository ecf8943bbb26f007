import { describe, expect, it } from 'vitest'
import type { SyncRun } from '../../../src-renderer/api'
import { countsSummary } from '../../../src-renderer/screens/sync/run-counts'

// The history's details of a run: its counts in plain words, one line per part (docs/pulls.md for
// how people were read).

const run = (counts: Record<string, unknown>, kind: SyncRun['kind'] = 'pull'): SyncRun => ({ id: 'r', workspaceId: 'w', kind, trigger: 'user', state: 'succeeded', startedAt: 0, finishedAt: 1, durationMs: 1, counts, retries: 0, error: null })

describe('countsSummary', () => {
  it('names the path people took', () => {
    expect(countsSummary(run({ people: { created: 2, updated: 0, unchanged: 5, deleted: 0 }, peoplePull: { mode: 'incremental', reason: null, feedPages: 6, peopleRead: 1 } }))).toEqual([
      'People: 2 created, 5 unchanged',
      'People read through the activity feed (6 feed pages, 1 person read)',
    ])
    expect(countsSummary(run({ peoplePull: { mode: 'export', reason: 'the first pull of this workspace', feedPages: 0, peopleRead: 0 } }))).toEqual(['People read from an export: the first pull of this workspace'])
    expect(countsSummary(run({ peoplePull: { mode: 'search', reason: null, feedPages: 0, peopleRead: 20 } }))).toEqual(['People read from one search page'])
  })

  it('says a first read of segments is a baseline, and later reads who joined and left', () => {
    expect(countsSummary(run({ segments: { segments: 6, members: 1, joined: 0, left: 0, removed: 0, baseline: 1, firstRead: 6 } }))).toEqual([
      'Segments: 6 (1 member): first read of 6 segments: 1 member as a baseline',
    ])
    expect(countsSummary(run({ segments: { segments: 6, members: 80, joined: 2, left: 1, removed: 0, unchanged: 1 }, requests: 12, rateLimited: 1 }))).toEqual([
      'Segments: 6 (80 members): 2 joined, 1 left; 1 big segment unchanged, members not re-read',
      '12 requests to Customer.io, 1 slowed down by its rate limit',
    ])
  })

  it('reads a push', () => {
    expect(countsSummary(run({ selected: 4, sent: 3, failed: 0, conflicts: 1, settled: 0, requests: 1, bytes: 2048 }, 'push'))).toEqual([
      '3 changes sent of 4 selected; 1 conflict, 0 failed, 0 already in Customer.io',
      '1 request to Customer.io (2 KB)',
    ])
  })
})
