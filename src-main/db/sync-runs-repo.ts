// The sync history row of a pull (table sync_runs; id = the job id). Written when the pull starts,
// after each part (so a crashed pull still shows what it got done), and when it ends.

import type Database from 'better-sqlite3'
import type { JobState } from './schema'

export interface SyncRunStart {
  id: string
  workspaceId: string
  kind: 'pull' | 'deep-pull' | 'push' | 'import-push'
  trigger: string
  startedAt: number
}

export interface SyncRunRow {
  id: string
  workspaceId: string
  kind: string
  trigger: string
  state: JobState
  startedAt: number
  finishedAt: number | null
  counts: Record<string, unknown> | null
  retries: number
  error: string | null
}

export class SyncRunsRepo {
  constructor(private readonly sqlite: Database.Database) {}

  /** A resumed job keeps its row (and its start time); it goes back to running. */
  begin(run: SyncRunStart): void {
    this.sqlite
      .prepare(
        `INSERT INTO sync_runs (id, workspace_id, kind, trigger, state, started_at, retries) VALUES (?, ?, ?, ?, 'running', ?, 0)
         ON CONFLICT (id) DO UPDATE SET state = 'running', finished_at = NULL, error = NULL`,
      )
      .run(run.id, run.workspaceId, run.kind, run.trigger, run.startedAt)
  }

  record(id: string, counts: object, retries: number): void {
    this.sqlite.prepare('UPDATE sync_runs SET counts = ?, retries = ? WHERE id = ?').run(JSON.stringify(counts), retries, id)
  }

  finish(id: string, state: Exclude<JobState, 'queued' | 'running'>, finishedAt: number, counts: object, retries: number, error: string | null): void {
    this.sqlite
      .prepare('UPDATE sync_runs SET state = ?, finished_at = ?, counts = ?, retries = ?, error = ? WHERE id = ?')
      .run(state, finishedAt, JSON.stringify(counts), retries, error, id)
  }

  get(id: string): SyncRunRow | undefined {
    const row = this.sqlite
      .prepare(
        'SELECT id, workspace_id AS workspaceId, kind, trigger, state, started_at AS startedAt, finished_at AS finishedAt, counts, retries, error FROM sync_runs WHERE id = ?',
      )
      .get(id) as (Omit<SyncRunRow, 'counts'> & { counts: string | null }) | undefined
    return row && { ...row, counts: row.counts === null ? null : (JSON.parse(row.counts) as Record<string, unknown>) }
  }

  /** When the workspace's mirror was last filled by a successful (shallow) pull, or null if never. */
  lastSucceededPullAt(workspaceId: string): number | null {
    return (this.sqlite.prepare("SELECT max(finished_at) FROM sync_runs WHERE workspace_id = ? AND kind = 'pull' AND state = 'succeeded'").pluck().get(workspaceId) as number | null) ?? null
  }

  /** The latest end of a successful pull (shallow or deep) after `since`, or null when none ended since. */
  pulledAfter(workspaceId: string, since: number): number | null {
    return this.sqlite
      .prepare("SELECT max(finished_at) FROM sync_runs WHERE workspace_id = ? AND kind IN ('pull', 'deep-pull') AND state = 'succeeded' AND finished_at > ?")
      .pluck()
      .get(workspaceId, since) as number | null
  }

  /** The earliest start of a pull (shallow or deep, in any state) still running at `since` or begun after it, or null. */
  earliestPullSince(workspaceId: string, since: number): number | null {
    return this.sqlite
      .prepare("SELECT min(started_at) FROM sync_runs WHERE workspace_id = ? AND kind IN ('pull', 'deep-pull') AND (finished_at IS NULL OR finished_at >= ?)")
      .pluck()
      .get(workspaceId, since) as number | null
  }
}
