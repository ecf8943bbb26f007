import { randomUUID } from 'node:crypto'
import type { EventSink } from '../base/events'
import { sameFamily, type JobFinished, type JobKind, type JobTrigger, type JobView } from '../contract/jobs'
import { AppError } from '../contract/result'
import type { JobRow, JobStore } from './job-store'
import { ProgressThrottle } from './progress'
import { confirmationWhat, type ProductionGate } from './production-gate'

export type { JobKind, JobTrigger }

/**
 * Why a job's signal was aborted: a user's (or another process's) cancel, or the engine shutting
 * down (the job then stays running in the mirror and resumes at the next start); null while it runs.
 */
export type StopReason = 'cancelled' | 'shutdown' | null

export interface JobContext {
  readonly jobId: string
  readonly workspaceId: string | null
  readonly signal: AbortSignal
  /** why `signal` was aborted (null while it is not): a runner leaves its state resumable on 'shutdown' */
  stopReason(): StopReason
  /** the checkpoint saved by an earlier, interrupted run of this job, or null */
  readonly resumeFrom: unknown
  /** what the job was started with (kind-specific) */
  readonly options: Record<string, unknown>
  readonly trigger: JobTrigger
  progress(phase: string, done: number, total?: number | null): void
  /** persists where the job is, so a restart continues from here */
  checkpoint(data: unknown): void
  /** adds to the records this job changed (the final event carries the total; see jobFinished.changes) */
  countChanges(count: number): void
}

/** A job's end as the runner reports it: the message, and what it left undone (see `jobFinished`). */
export interface JobResult {
  message: string | null
  conflicts?: number
  failed?: number
}

/** Runs one job to its end; returns the message of the final event (or a JobResult). Throws to fail. */
export type JobRunner = (ctx: JobContext) => Promise<string | null | JobResult>

interface RunningJob {
  controller: AbortController
  done: Promise<void>
  stopReason: StopReason
}

/**
 * Long work as jobs: an id, an AbortSignal, throttled progress events, exactly one final event and
 * a checkpoint in the mirror. One job of a kind family (contract/jobs.ts JOB_FAMILIES) per
 * workspace runs at a time, whoever starts it: starting one again returns the running one.
 *
 * The services that own the work register its runners (`register`), each given this service
 * through its constructor; the composition root registers the runners that combine two domains.
 */
export class JobService {
  private readonly running = new Map<string, RunningJob>()
  private readonly runners = new Map<JobKind, JobRunner>()
  private readonly finishedListeners: ((finished: JobFinished) => void)[] = []

  constructor(
    private readonly store: JobStore,
    private readonly events: EventSink,
    /** runners known from the start (tests wire only the kinds they use); others come through `register` */
    runners: Partial<Record<JobKind, JobRunner>>,
    private readonly activeWorkspace: () => string | null,
    private readonly now: () => number = Date.now,
    /** the production rule (production-gate.ts); the app always wires it, unit tests of other rules may not */
    private readonly gate: ProductionGate | null = null,
  ) {
    for (const [kind, runner] of Object.entries(runners) as [JobKind, JobRunner][]) this.register(kind, runner)
  }

  /** The runner of one kind; a kind without a runner cannot be started, and a kind has one runner. */
  register(kind: JobKind, runner: JobRunner): void {
    if (this.runners.has(kind)) throw new Error(`a runner for ${kind} jobs is already registered`)
    this.runners.set(kind, runner)
  }

  /** Called after each job's final event has gone out (not for a job interrupted by shutdown). */
  onFinished(listener: (finished: JobFinished) => void): void {
    this.finishedListeners.push(listener)
  }

  /**
   * `guard.confirm`: the workspace name as typed, for the kinds that send (CONFIRMED_KINDS); it is
   * checked here, where every such job is created, and never stored with the job.
   */
  start(kind: JobKind, trigger: JobTrigger, options: Record<string, unknown> = {}, workspaceId: string | null = this.activeWorkspace(), guard: { confirm?: string } = {}): JobView {
    if (!this.runners.has(kind)) throw new AppError('INTERNAL', `no runner for ${kind} jobs`)
    this.gate?.(kind, workspaceId, guard.confirm, confirmationWhat(trigger))
    // Two jobs doing the same work on one workspace never run at once (a window's Pull and the
    // tray's Sync now): the second start answers the running one.
    const same = this.runningInFamily(kind, workspaceId)
    if (same) return toView(same)
    // A job of this very kind cut off by a crash or a kill continues from its checkpoint instead
    // of starting over.
    const interrupted = this.store.listUnfinished().find((j) => j.kind === kind && j.workspaceId === workspaceId && !this.running.has(j.id))
    if (interrupted) {
      this.run(interrupted)
      return toView(interrupted)
    }
    const row: JobRow = {
      id: randomUUID(), workspaceId, kind, trigger, state: 'running', phase: 'starting', done: 0, total: null,
      checkpoint: null, options, message: null, startedAt: this.now(), finishedAt: null,
    }
    this.store.insert(row)
    this.run(row)
    return toView(row)
  }

  private runningInFamily(kind: JobKind, workspaceId: string | null): JobRow | undefined {
    for (const id of this.running.keys()) {
      const row = this.store.get(id)
      if (row && row.workspaceId === workspaceId && sameFamily(row.kind as JobKind, kind)) return row
    }
    return undefined
  }

  list(limit = 50): JobView[] {
    return this.store.listRecent(limit).map(toView)
  }

  /** One job by id (finished or not), or null. */
  get(id: string): JobView | null {
    const row = this.store.get(id)
    return row ? toView(row) : null
  }

  /** The jobs running in this process now (not rows left 'running' by a crash and not resumed). */
  listRunning(): JobView[] {
    return [...this.running.keys()].flatMap((id) => {
      const row = this.store.get(id)
      return row ? [toView(row)] : []
    })
  }

  /**
   * Ends a job left 'running' by a process that is gone (its caller checked that: import/job-owner.ts):
   * its row gets the final state and message, and the final event goes out. A job this process
   * runs is not touched (answers false): cancel it instead.
   */
  endOrphan(id: string, state: 'failed' | 'cancelled', message: string): boolean {
    const row = this.store.get(id)
    if (!row || this.running.has(id) || (row.state !== 'running' && row.state !== 'queued')) return false
    this.store.update(id, { state, message, finishedAt: this.now() })
    this.events.emit('app:jobs:finished', finishedEvent(row, state, message, null))
    return true
  }

  cancel(id: string): JobView {
    const row = this.store.get(id)
    if (!row) throw new AppError('NOT_FOUND', `no job ${id}`)
    const job = this.running.get(id)
    if (job && !job.controller.signal.aborted) {
      job.stopReason = 'cancelled'
      job.controller.abort()
    }
    return toView(row)
  }

  /** After a crash or quit: jobs still marked running continue from their checkpoint. */
  resumeUnfinished(): void {
    for (const row of this.store.listUnfinished()) {
      if (!this.running.has(row.id)) this.run(row)
    }
  }

  async shutdown(): Promise<void> {
    const all = [...this.running.values()]
    // Leave the rows "running" with their checkpoint: the next start resumes them.
    for (const r of all) {
      r.stopReason = 'shutdown'
      r.controller.abort(new ShutdownSignal())
    }
    await Promise.all(all.map((r) => r.done))
  }

  private run(row: JobRow): void {
    const controller = new AbortController()
    const throttle = new ProgressThrottle()
    let changes: number | null = null
    const job: RunningJob = { controller, done: Promise.resolve(), stopReason: null }
    const ctx: JobContext = {
      jobId: row.id,
      workspaceId: row.workspaceId,
      signal: controller.signal,
      stopReason: () => job.stopReason,
      resumeFrom: row.checkpoint,
      options: (row.options ?? {}) as Record<string, unknown>,
      trigger: row.trigger as JobTrigger,
      progress: (phase, done, total = null) => {
        this.store.update(row.id, { phase, done, total })
        const sample = throttle.update(this.now(), phase, done, total)
        if (sample) this.events.emit('app:jobs:progress', { jobId: row.id, kind: row.kind as JobKind, workspaceId: row.workspaceId, ...sample })
      },
      checkpoint: (data) => this.store.update(row.id, { checkpoint: data }),
      countChanges: (count) => {
        changes = (changes ?? 0) + count
      },
    }
    const runner = this.runners.get(row.kind as JobKind)
    if (!runner) throw new AppError('INTERNAL', `no runner for ${row.kind} jobs`)
    const done = (async () => {
      let state: 'succeeded' | 'failed' | 'cancelled' = 'succeeded'
      let message: string | null
      let undone: Omit<JobResult, 'message'> = {}
      try {
        const result = await runner(ctx)
        if (result !== null && typeof result === 'object') {
          const { message: text, ...rest } = result
          message = text
          undone = rest
        } else message = result
        if (controller.signal.aborted) state = 'cancelled'
      } catch (err) {
        state = controller.signal.aborted ? 'cancelled' : 'failed'
        message = state === 'cancelled' ? 'cancelled' : err instanceof Error ? err.message : String(err)
      } finally {
        this.running.delete(row.id)
      }
      // Interrupted by shutdown: no final event; the row stays running and resumes at next start.
      if (job.stopReason === 'shutdown') return
      this.store.update(row.id, { state, message, finishedAt: this.now() })
      const finished: JobFinished = { ...finishedEvent(row, state, message, changes), ...(state === 'succeeded' ? undone : {}) }
      this.events.emit('app:jobs:finished', finished)
      for (const listener of this.finishedListeners) listener(finished)
    })()
    job.done = done
    this.running.set(row.id, job)
  }
}

/** The reason a shutdown aborts with (a cancel aborts with the platform's AbortError); runners ask ctx.stopReason(). */
class ShutdownSignal extends Error {
  constructor() {
    super('the app is shutting down')
  }
}

function finishedEvent(row: JobRow, state: JobFinished['state'], message: string | null, changes: number | null): JobFinished {
  return { jobId: row.id, kind: row.kind as JobKind, workspaceId: row.workspaceId, trigger: row.trigger as JobTrigger, state, message, changes }
}

function toView(r: JobRow): JobView {
  return {
    id: r.id, kind: r.kind as JobKind, workspaceId: r.workspaceId, state: r.state, trigger: r.trigger as JobTrigger,
    phase: r.phase, done: r.done, total: r.total, startedAt: r.startedAt, finishedAt: r.finishedAt, message: r.message,
  }
}
