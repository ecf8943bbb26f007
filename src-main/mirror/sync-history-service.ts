import type Database from 'better-sqlite3'
import { RUN_KINDS, type SyncRun } from '../contract/sync'
import { StatementCache, isPlainObject, parseJson } from '../db/sql-cache'

// Sync history for the Sync screen's list and chart: the workspace's runs, newest first.

interface RunRow {
  id: string
  workspaceId: string
  kind: string
  trigger: string
  state: string
  startedAt: number
  finishedAt: number | null
  counts: string | null
  retries: number
  error: string | null
}

const KINDS: readonly string[] = RUN_KINDS

export class SyncHistoryService {
  private readonly statements: StatementCache

  constructor(sqlite: Database.Database) {
    this.statements = new StatementCache(sqlite)
  }

  list(workspaceId: string, limit: number): SyncRun[] {
    const rows = this.statements
      .get(
        `SELECT id, workspace_id AS workspaceId, kind, trigger, state, started_at AS startedAt, finished_at AS finishedAt,
                counts, retries, error
           FROM sync_runs WHERE workspace_id = ? ORDER BY started_at DESC, id DESC LIMIT ?`,
      )
      .all(workspaceId, limit) as RunRow[]
    return rows.map((r) => {
      const counts = parseJson<unknown>(r.counts, {})
      return {
        id: r.id,
        workspaceId: r.workspaceId,
        kind: (KINDS.includes(r.kind) ? r.kind : 'pull-and-push') as SyncRun['kind'],
        trigger: r.trigger,
        // a run is recorded once it starts; 'queued' (a job state) shows as running
        state: (r.state === 'queued' ? 'running' : r.state) as SyncRun['state'],
        startedAt: r.startedAt,
        finishedAt: r.finishedAt,
        durationMs: r.finishedAt === null ? null : Math.max(0, r.finishedAt - r.startedAt),
        counts: isPlainObject(counts) ? counts : {},
        retries: r.retries,
        error: r.error,
      }
    })
  }
}
