import { randomUUID } from 'node:crypto'
import type { EventSink } from '../engine/events'
import type { JobFinished, JobView } from '../ipc/contracts/jobs'
import { AppError } from '../ipc/result'
import type { JobRow, JobStore } from './job-store'
import { ProgressThrottle } from './progress'
import { confirmationWhat, type ProductionGate } from './production-gate'

export type JobKind = JobView['kind']
export type JobTrigger = JobView['trigger']

export interface JobContext {
  readonly jobId: string
  readonly workspaceId: string | null
  readonly signal: AbortSignal
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

/**
 * Long work as jobs: an id, an AbortSignal, throttled progress events, exactly one final event and
 * a checkpoint in the mirror. One job of a kind per workspace runs at a time: starting it again
 * returns the running one.
 */
export class JobService {
  private readonly running = new Map<string, { controller: AbortController; done: Promise<void> }>()

  constructor(
    private readonly store: JobStore,
    private readonly events: EventSink,
    /** a kind without a runner cannot be started (tests wire only the kinds they use) */
    private readonly runners: Partial<Record<JobKind, JobRunner>>,
    private readonly activeWorkspace: () => string | null,
    private readonly now: () => number = Date.now,
    /** the production rule (production-gate.ts); the app always wires it, unit tests of other rules may not */
    private readonly gate: ProductionGate | null = null,
  ) {}

  /**
   * `guard.confirm`: the workspace name as typed, for the kinds that send (CONFIRMED_KINDS); it is
   * checked here, where every such job is created, and never stored with the job.
   */
  start(kind: JobKind, trigger: JobTrigger, options: Record<string, unknown> = {}, workspaceId: string | null = this.activeWorkspace(), guard: { confirm?: string } = {}): JobView {
    if (!this.runners[kind]) throw new AppError('INTERNAL', `no runner for ${kind} jobs`)
    this.gate?.(kind, workspaceId, guard.confirm, confirmationWhat(trigger))
    const same = [...this.running.keys()].map((id) => this.store.get(id)).find((j) => j && j.kind === kind && j.workspaceId === workspaceId)
    if (same) return toView(same)
    // A job of this kind cut off by a crash or a kill continues from its checkpoint instead of
    // starting over.
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
    this.running.get(id)?.controller.abort()
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
    for (const r of all) r.controller.abort(new ShutdownSignal())
    await Promise.all(all.map((r) => r.done))
  }

  private run(row: JobRow): void {
    const controller = new AbortController()
    const throttle = new ProgressThrottle()
    let changes: number | null = null
    const ctx: JobContext = {
      jobId: row.id,
      workspaceId: row.workspaceId,
      signal: controller.signal,
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
    const runner = this.runners[row.kind as JobKind]
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
      if (controller.signal.reason instanceof ShutdownSignal) return
      this.store.update(row.id, { state, message, finishedAt: this.now() })
      this.events.emit('app:jobs:finished', { ...finishedEvent(row, state, message, changes), ...(state === 'succeeded' ? undone : {}) })
    })()
    this.running.set(row.id, { controller, done })
  }
}

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
