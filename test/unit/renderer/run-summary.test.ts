import { describe, expect, it } from 'vitest'
import type { SyncRun } from '../../../src-renderer/api'
import { countOf, runSummary } from '../../../src-renderer/screens/sync/run-summary'

// The sync history's one-line run summaries, from a run's kind, state and counts.

const run = (kind: SyncRun['kind'], counts: Record<string, unknown>, over: Partial<SyncRun> = {}): SyncRun => ({
  id: 'r', workspaceId: 'w', kind, trigger: 'user', state: 'succeeded', startedAt: 0, finishedAt: 5_000, durationMs: 5_000, counts, retries: 0, error: null, ...over,
})
const people = (p: Partial<Record<'created' | 'updated' | 'deleted' | 'restored' | 'unchanged' | 'conflicts', number>>) => ({ created: 0, updated: 0, unchanged: 0, deleted: 0, restored: 0, conflicts: 0, ...p })
const segments = (s: Record<string, number>) => ({ segments: 6, members: 500, joined: 0, left: 0, removed: 0, baseline: 0, firstRead: 0, ...s })

describe('runSummary', () => {
  it('says what a first pull brought in, with its duration', () => {
    expect(runSummary(run('pull', { people: people({ created: 2000 }), segments: segments({ baseline: 500, firstRead: 6 }), collections: { collections: 3 } }))).toBe('Pulled 2,000 people, 6 segments · 5 s')
  })

  it('counts people and membership changes of a later pull, in the right number', () => {
    expect(runSummary(run('pull', { people: people({ updated: 1, unchanged: 40 }), segments: segments({ joined: 2, left: 1 }) }))).toBe('Pulled 1 person, 3 membership changes · 5 s')
    expect(runSummary(run('pull', { people: people({ updated: 2, conflicts: 1 }), segments: segments({ joined: 1 }) }))).toBe('Pulled 2 people, 1 membership change · 1 conflict · 5 s')
    expect(runSummary(run('pull', { people: people({ unchanged: 40 }), segments: segments({ removed: 1 }) }))).toBe('Pulled 1 segment removed · 5 s')
  })

  it('says "Nothing new" when a pull changed nothing', () => {
    expect(runSummary(run('pull', { people: people({ unchanged: 40 }), segments: segments({ unchanged: 1 }) }, { durationMs: 1_200 }))).toBe('Nothing new · 1 s')
  })

  it('says what a push sent and what needs attention', () => {
    expect(runSummary(run('push', { selected: 4, sent: 3, failed: 0, conflicts: 1, settled: 0 }, { durationMs: 2_000 }))).toBe('Pushed 3 changes · 1 conflict · 2 s')
    expect(runSummary(run('push', { selected: 1, sent: 1, failed: 0, conflicts: 0, settled: 0 }))).toBe('Pushed 1 change · 5 s')
    expect(runSummary(run('push', { selected: 2, sent: 0, failed: 0, conflicts: 0, settled: 2 }))).toBe('Nothing to push · 2 already in Customer.io · 5 s')
  })

  it('reads a deep pull and an import', () => {
    expect(runSummary(run('deep-pull', { people: people({ updated: 3 }), read: 2000 }))).toBe('Read 2,000 people in full · 3 updated · 5 s')
    expect(runSummary(run('import-push', { accepted: 1, rejected: 2 }))).toBe('Imported 1 row · 2 rejected · 5 s')
  })

  it('leads with how a run ended when it did not succeed', () => {
    expect(runSummary(run('pull', { people: people({ created: 10 }) }, { state: 'failed', error: 'workspace not reachable: connect ECONNREFUSED\nmore' }))).toBe(
      'Failed · Pulled 10 people · workspace not reachable: connect ECONNREFUSED · 5 s',
    )
    expect(runSummary(run('pull', {}, { state: 'failed', error: 'x'.repeat(200) })).length).toBeLessThan(110)
    expect(runSummary(run('push', {}, { state: 'cancelled' }))).toBe('Cancelled · 5 s')
    expect(runSummary(run('pull', { people: people({ created: 5 }) }, { state: 'running', finishedAt: null, durationMs: null }))).toBe('Pulled 5 people…')
    expect(runSummary(run('pull', {}, { state: 'running', finishedAt: null, durationMs: null }))).toBe('Running…')
  })

  it('agrees in number', () => {
    expect(countOf(1, 'run', 'runs')).toBe('1 run')
    expect(countOf(0, 'run', 'runs')).toBe('0 runs')
    expect(countOf(2, 'run', 'runs')).toBe('2 runs')
  })
})

describe('the history chart', () => {
  it('keeps runs seconds apart side by side, and shows an hour either side of one run', async () => {
    const { timeRange, tickLabel, barHeights } = await import('../../../src-renderer/screens/sync/history-chart-data')
    const [a, b] = timeRange([1000, 1010])
    expect(b - a).toBe(300) // 10 s apart: five minutes
    expect((a + b) / 2).toBe(1005)
    const [e, f] = timeRange([1000, 1002, 1004])
    expect(f - e).toBe(80) // 2 s apart: 40 gaps wide
    expect(timeRange([1000, 1001]).map((v) => v - 1000)).toEqual([-29.5, 30.5]) // never under a minute
    expect(timeRange([1000])).toEqual([1000 - 3600, 1000 + 3600])
    const [c, d] = timeRange([0, 86_400])
    expect(d - c).toBeCloseTo(86_400 * 1.1)
    // ticks seconds apart show seconds; an hour apart, the time of day; weeks apart, the date
    expect(tickLabel(45, 15, 300, 'en-GB')).toMatch(/^\d\d:\d\d:\d\d$/)
    expect(tickLabel(3600, 3600, 86_400, 'en-GB')).toMatch(/^\d\d:\d\d$/)
    expect(tickLabel(0, 7 * 86_400, 60 * 86_400, 'en-GB')).toMatch(/^\d+ [A-Z][a-z]{2}$/)
    // a run of a fraction of a second still shows as a bar; nulls stay gaps
    expect(barHeights([[10, null, 0.01]])).toEqual([[10, null, 0.4]])
  })

  it('says a sub-second run took under 1 s', () => {
    expect(runSummary(run('push', { sent: 1 }, { durationMs: 120 }))).toBe('Pushed 1 change · under 1 s')
  })
})
