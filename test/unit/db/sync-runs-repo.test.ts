// The pull history questions the import asks (db/sync-runs-repo.ts): how old the mirror is, and
// whether a pull changed it since a plan began. On a real mirror.
import { afterEach, describe, expect, it } from 'vitest'
import { SyncRunsRepo } from '../../../src-main/db/sync-runs-repo'
import { addWorkspace, tempHome } from './helpers'

let home: ReturnType<typeof tempHome>
afterEach(() => home?.cleanup())

function history(): SyncRunsRepo {
  home = tempHome()
  const m = home.open()
  addWorkspace(m, 'w1')
  addWorkspace(m, 'w2')
  const runs = new SyncRunsRepo(m.sqlite)
  const run = (id: string, ws: string, kind: 'pull' | 'deep-pull' | 'import-push', startedAt: number, end: { state: 'succeeded' | 'failed'; at: number } | null) => {
    runs.begin({ id, workspaceId: ws, kind, trigger: 'user', startedAt })
    if (end) runs.finish(id, end.state, end.at, {}, 0, null)
  }
  run('p1', 'w1', 'pull', 100, { state: 'succeeded', at: 150 })
  run('d1', 'w1', 'deep-pull', 200, { state: 'succeeded', at: 260 })
  run('p2', 'w1', 'pull', 300, { state: 'failed', at: 320 })
  run('x1', 'w1', 'import-push', 400, { state: 'succeeded', at: 500 })
  run('p3', 'w1', 'pull', 450, null)
  run('q1', 'w2', 'pull', 50, { state: 'succeeded', at: 900 })
  return runs
}

describe('sync runs: the pull history an import reads', () => {
  it('dates the mirror by its last successful shallow pull, per workspace', () => {
    const runs = history()
    expect(runs.lastSucceededPullAt('w1')).toBe(150)
    expect(runs.lastSucceededPullAt('w2')).toBe(900)
  })

  it('finds a successful pull, shallow or deep, that ended after a moment, and none when none did', () => {
    const runs = history()
    expect(runs.pulledAfter('w1', 120)).toBe(260)
    expect(runs.pulledAfter('w1', 260)).toBeNull()
  })

  it('moves a plan’s start back to the start of any pull still running at it or begun after it', () => {
    const runs = history()
    expect(runs.earliestPullSince('w1', 140)).toBe(100)
    expect(runs.earliestPullSince('w1', 330)).toBe(450)
    expect(runs.earliestPullSince('w2', 1000)).toBeNull()
  })
})
