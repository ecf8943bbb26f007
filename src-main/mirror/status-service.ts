import type Database from 'better-sqlite3'
import type { MirrorStatus } from '../ipc/contracts/mirror'
import { AppError } from '../ipc/result'
import { PeopleSyncStateRepo } from '../sync/pull/people-sync-state-repo'

interface WorkspaceRef {
  id: string
  name: string
}

/** Counts of what the mirror holds for one workspace (the CLI's `status`, the Sync screen). */
export class MirrorStatusService {
  private readonly syncState: PeopleSyncStateRepo

  constructor(
    private readonly sqlite: Database.Database,
    private readonly active: () => WorkspaceRef | null,
  ) {
    this.syncState = new PeopleSyncStateRepo(sqlite)
  }

  status(workspaceId?: string): MirrorStatus {
    const ws = workspaceId
      ? (this.sqlite.prepare('SELECT id, name FROM workspaces WHERE id = ?').get(workspaceId) as WorkspaceRef | undefined)
      : (this.active() ?? undefined)
    if (workspaceId && !ws) throw new AppError('NOT_FOUND', `no workspace with id ${workspaceId}`)
    if (!ws) {
      return { workspaceId: null, workspaceName: null, people: 0, segments: 0, segmentMembers: 0, collections: 0, outbox: 0, conflicts: 0, lastPull: null, attributeCoverage: { names: [], deepPullFinishedAt: null, lastPeoplePull: null, lastPeoplePullReason: null } }
    }
    const state = this.syncState.get(ws.id)
    const count = (sql: string) => (this.sqlite.prepare(sql).pluck().get(ws.id) as number | null) ?? 0
    return {
      workspaceId: ws.id,
      workspaceName: ws.name,
      people: count('SELECT count(*) FROM people WHERE workspace_id = ? AND deleted_at IS NULL'),
      segments: count('SELECT count(*) FROM segments WHERE workspace_id = ?'),
      // members who left in an earlier pull are kept for "who left" and are not counted here
      segmentMembers: count('SELECT count(*) FROM segment_members WHERE workspace_id = ? AND left_at IS NULL'),
      collections: count('SELECT count(*) FROM collections WHERE workspace_id = ?'),
      outbox: count("SELECT count(*) FROM outbox WHERE workspace_id = ? AND state NOT IN ('sent')"),
      conflicts: count("SELECT count(*) FROM conflicts WHERE workspace_id = ? AND state = 'open'"),
      lastPull: (this.sqlite
        .prepare("SELECT max(finished_at) FROM sync_runs WHERE workspace_id = ? AND kind = 'pull' AND state = 'succeeded'")
        .pluck()
        .get(ws.id) as number | null) ?? null,
      attributeCoverage: {
        names: Object.keys(state.attributeNames),
        deepPullFinishedAt: state.deepFinishedAt,
        lastPeoplePull: state.lastMode,
        lastPeoplePullReason: state.lastReason,
      },
    }
  }
}
