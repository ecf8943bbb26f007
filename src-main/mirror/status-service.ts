import type Database from 'better-sqlite3'
import type { MirrorStatus } from '../contract/mirror'
import { AppError } from '../contract/result'
import { CollectionsRepo } from '../db/collections-repo'
import { PeopleSyncStateRepo } from '../db/people-sync-state-repo'
import { SegmentsRepo } from '../db/segments-repo'

interface WorkspaceRef {
  id: string
  name: string
}

/** Counts of what the mirror holds for one workspace (the CLI's `status`, the Sync screen). */
export class MirrorStatusService {
  private readonly syncState: PeopleSyncStateRepo
  private readonly segments: SegmentsRepo
  private readonly collections: CollectionsRepo

  constructor(
    private readonly sqlite: Database.Database,
    private readonly active: () => WorkspaceRef | null,
  ) {
    this.syncState = new PeopleSyncStateRepo(sqlite)
    this.segments = new SegmentsRepo(sqlite)
    this.collections = new CollectionsRepo(sqlite)
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
      people: count('SELECT count(*) FROM people WHERE ws = (SELECT ws FROM workspaces WHERE id = ?) AND deleted_at IS NULL'),
      segments: this.segments.count(ws.id),
      // members who left in an earlier pull are kept for "who left" and are not counted here
      segmentMembers: this.segments.currentMemberships(ws.id),
      collections: this.collections.count(ws.id),
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
