// Offline edits and their way out, behind the IPC contract (contract/changes.ts): edits and
// discards (edit-service.ts), the outbox and conflict lists, conflict resolution
// (conflict-resolver.ts), and the push job (push-runner.ts). It hands the typed workspace name to
// the job service, which guards every push (jobs/production-gate.ts), and tells every window when
// the counts move.

import type { ConnectivityTracker } from '../cio/connectivity'
import type { GovernorRegistry } from '../cio/rate-governor'
import type { Mirror } from '../db/connection'
import type { EventSink } from '../base/events'
import type { ChangesCounts, ConflictView, EditInput, OutboxEntryView } from '../contract/changes'
import type { JobRunner, JobService } from '../jobs/job-service'
import { SyncRunsRepo } from '../db/sync-runs-repo'
import type { WorkspaceAccess } from '../db/workspace-access'
import { ConflictResolver } from './conflict-resolver'
import { EditService } from './edit-service'
import { OutboxRepo } from './outbox-repo'
import { runOutboxPush } from './push-runner'

export interface ChangesServiceDeps {
  mirror: Mirror
  workspaces: WorkspaceAccess
  events: EventSink
  /** runs the outbox pushes; this service registers the `push` runner with it */
  jobs: JobService
  governors: GovernorRegistry
  connectivity?: ConnectivityTracker
  now?: () => number
  /** who the audit log names (the app: the OS user) */
  actor: string
}

export class ChangesService {
  private readonly repo: OutboxRepo
  private readonly edits: EditService
  private readonly resolver: ConflictResolver
  private readonly now: () => number
  private readonly actor: string

  constructor(private readonly deps: ChangesServiceDeps) {
    this.now = deps.now ?? Date.now
    this.actor = deps.actor
    this.repo = new OutboxRepo(deps.mirror.sqlite)
    this.edits = new EditService(deps.mirror.sqlite, this.repo, this.now)
    this.resolver = new ConflictResolver(deps.mirror.sqlite, this.repo, this.edits, this.now)
    deps.jobs.register('push', this.pushRunner())
  }

  edit(workspaceId: string, input: EditInput): { entries: OutboxEntryView[]; counts: ChangesCounts } {
    this.deps.workspaces.row(workspaceId) // NOT_FOUND for a removed workspace
    const ids = this.edits.edit(workspaceId, input)
    const entries = this.repo.views(workspaceId, this.repo.list(workspaceId, { ids, limit: ids.length || 1 }))
    return { entries, counts: this.changed(workspaceId) }
  }

  outbox(workspaceId: string, q: { personPk?: number; collectionId?: number; states?: OutboxEntryView['state'][]; limit: number }): { entries: OutboxEntryView[]; counts: ChangesCounts } {
    return { entries: this.repo.views(workspaceId, this.repo.list(workspaceId, q)), counts: this.repo.counts(workspaceId) }
  }

  discard(workspaceId: string, ids: number[]): { discarded: number; counts: ChangesCounts } {
    const discarded = this.edits.discard(workspaceId, ids)
    return { discarded, counts: this.changed(workspaceId) }
  }

  push(workspaceId: string, opts: { ids?: number[]; confirm?: string }): { jobId: string } {
    // The production rule is the job service's (jobs/production-gate.ts), checked as the job is created.
    const job = this.deps.jobs.start('push', 'user', opts.ids ? { ids: opts.ids } : {}, workspaceId, { confirm: opts.confirm })
    return { jobId: job.id }
  }

  conflicts(workspaceId: string, q: { state: 'open' | 'resolved'; personPk?: number }): { conflicts: ConflictView[] } {
    return { conflicts: this.repo.conflictViews(workspaceId, q) }
  }

  resolve(workspaceId: string, input: { id: number; keep: 'mine' | 'theirs' | 'edited'; value?: unknown }): { conflict: ConflictView; counts: ChangesCounts; requeued: number | null } {
    const { conflict, requeued } = this.resolver.resolve(workspaceId, input.id, input.keep, input.value)
    return { conflict, counts: this.changed(workspaceId), requeued }
  }

  counts(workspaceId: string): ChangesCounts {
    return this.repo.counts(workspaceId)
  }

  private pushRunner(): JobRunner {
    const env = {
      sqlite: this.deps.mirror.sqlite, repo: this.repo, runs: new SyncRunsRepo(this.deps.mirror.sqlite), workspaces: this.deps.workspaces, now: this.now,
      actor: this.actor, governors: this.deps.governors, connectivity: this.deps.connectivity, changed: (ws: string) => void this.changed(ws),
    }
    return (ctx) => runOutboxPush(env, ctx)
  }

  /** A pull moves counts too (conflicts found, edits settled): windows hear about it when it ends. */
  afterPull(runner: JobRunner): JobRunner {
    return async (ctx) => {
      try {
        return await runner(ctx)
      } finally {
        if (ctx.workspaceId) this.changed(ctx.workspaceId)
      }
    }
  }

  /**
   * "Sync" (job kind `pull-and-push`): the pull, then the queued changes go out as their own `push` job (its own progress and
   * history row). A production workspace's changes wait for a push with its name typed: nothing
   * that sends starts without it (jobs/production-gate.ts).
   */
  pullAndPushRunner(pull: JobRunner): JobRunner {
    const afterPull = this.afterPull(pull)
    return async (ctx) => {
      const pulled = await afterPull(ctx)
      const workspaceId = ctx.workspaceId
      if (!workspaceId || ctx.signal.aborted) return pulled
      const queued = this.repo.sendable(workspaceId, null).length
      if (queued === 0) return pulled
      const n = `${queued} queued ${queued === 1 ? 'change' : 'changes'}`
      if (this.deps.workspaces.row(workspaceId).production) return `${pulled}; ${n} wait: production needs its name typed to push them`
      this.deps.jobs.start('push', ctx.trigger, {}, workspaceId)
      return `${pulled}; pushing ${n}`
    }
  }

  private changed(workspaceId: string): ChangesCounts {
    const counts = this.repo.counts(workspaceId)
    this.deps.events.emit('app:changes:updated', { ...counts, workspaceId })
    return counts
  }
}

