// Schedules as the IPC contract and the CLI see them: add, edit, enable, remove, run now, pause and
// resume, and the status line. Checks what zod cannot (a cron expression that can be read, the shortest
// interval), asks for a production workspace's name before saving a push schedule (its runs then
// push on that confirmation), and hands every change to the scheduler so the next run is
// recomputed at once.

import type { AddScheduleInput, ScheduleStatus, ScheduleView, UpdateScheduleInput } from '../contract/schedules'
import { AppError } from '../contract/result'
import type { ProductionGate } from '../jobs/production-gate'
import { timingOf, type Scheduler } from './scheduler'
import type { ScheduleRow, SchedulePatch, SchedulesRepo } from './schedules-repo'
import { cronError, describeTiming, MIN_EVERY_SECONDS, nextRunAfter, type Timing } from './timing'

export interface ScheduleServiceDeps {
  repo: SchedulesRepo
  scheduler: Scheduler
  now?: () => number
  /**
   * The shortest interval accepted. 60 s for people; the integration tests lower it (through
   * CIO_SYNC_SCHEDULE_MIN_SECONDS, read by the composition root) to keep a run of the suite short.
   */
  minEverySeconds?: number
  /** the production rule pushes are created under (jobs/production-gate.ts); absent in tests of other rules */
  gate?: ProductionGate
}

/** What a push schedule of a production workspace is confirmed for, in the refusal's "type its name to …". */
const SCHEDULE_WHAT = 'schedule pushes: each run pushes the outbox without asking again'

export class ScheduleService {
  private readonly now: () => number
  private readonly minEvery: number

  constructor(private readonly deps: ScheduleServiceDeps) {
    this.now = deps.now ?? Date.now
    this.minEvery = deps.minEverySeconds ?? MIN_EVERY_SECONDS
  }

  list(workspaceId?: string): ScheduleView[] {
    return this.deps.repo.list(workspaceId).map(toView)
  }

  add(workspaceId: string, input: AddScheduleInput): ScheduleView {
    const timing: Timing = { everySeconds: input.everySeconds ?? null, cron: input.cron?.trim() ?? null, window: input.window ?? null }
    this.check(timing)
    // Confirmed once, here, for every run to come; refused (nothing saved) without the exact name.
    const confirmed = input.kind === 'push' ? (this.deps.gate?.('push', workspaceId, input.confirm, SCHEDULE_WHAT) ?? null) : null
    const now = this.now()
    const row = this.deps.repo.insert({
      workspaceId,
      kind: input.kind,
      parts: input.kind === 'pull' ? (input.parts ?? null) : null,
      ...timing,
      enabled: input.enabled,
      // the first run comes at the first scheduled time, not on the spot (Run now is for that)
      nextRunAt: input.enabled ? nextRunAfter(timing, now) : null,
      createdAt: now,
    })
    if (confirmed !== null) this.deps.repo.setConfirmation(row.id, confirmed)
    this.deps.scheduler.poke()
    return toView(this.must(row.id))
  }

  update(input: UpdateScheduleInput): ScheduleView {
    const row = this.must(input.id)
    const timing: Timing = {
      everySeconds: input.cron !== undefined ? null : (input.everySeconds ?? row.everySeconds),
      cron: input.everySeconds !== undefined ? null : (input.cron?.trim() ?? row.cron),
      window: input.window === undefined ? (row.window ?? null) : input.window,
    }
    this.check(timing)
    // Confirming again (after the workspace was made production or renamed) lets held runs go.
    if (input.confirm !== undefined && row.kind === 'push') this.deps.repo.setConfirmation(row.id, this.deps.gate?.('push', row.workspaceId, input.confirm, SCHEDULE_WHAT) ?? null)
    const enabled = input.enabled ?? row.enabled
    const timingChanged = input.everySeconds !== undefined || input.cron !== undefined || input.window !== undefined
    const patch: SchedulePatch = { ...timing, enabled }
    if (input.parts !== undefined && row.kind === 'pull') patch.parts = input.parts
    if (!enabled) patch.nextRunAt = null
    else if (timingChanged || !row.enabled || row.nextRunAt === null) {
      // re-enabling starts afresh: no back-off carried over from before it was switched off
      patch.nextRunAt = nextRunAfter(timing, this.now())
      if (!row.enabled) patch.failures = 0
    }
    this.deps.repo.update(row.id, patch)
    this.deps.scheduler.poke()
    return toView(this.must(row.id))
  }

  remove(id: number): { removed: boolean } {
    const removed = this.deps.repo.remove(id)
    this.deps.scheduler.poke()
    return { removed }
  }

  runNow(id: number): { jobId: string } {
    const job = this.deps.scheduler.runNow(this.must(id))
    return { jobId: job.id }
  }

  pause(minutes: number | undefined): ScheduleStatus {
    const now = this.now()
    this.deps.repo.setPause({ since: now, until: minutes === undefined ? null : now + minutes * 60_000 })
    this.deps.scheduler.poke()
    return this.deps.scheduler.status()
  }

  resume(): ScheduleStatus {
    this.deps.repo.setPause(null)
    this.deps.scheduler.poke()
    return this.deps.scheduler.status()
  }

  status(): ScheduleStatus {
    return this.deps.scheduler.status()
  }

  private check(t: Timing): void {
    if ((t.everySeconds === null) === (t.cron === null)) throw new AppError('VALIDATION', 'give either an interval or a cron expression')
    if (t.everySeconds !== null && t.everySeconds < this.minEvery) {
      throw new AppError('VALIDATION', `the interval must be at least ${this.minEvery >= 60 ? `${this.minEvery / 60} minute(s)` : `${this.minEvery} s`}`)
    }
    if (t.cron !== null) {
      const error = cronError(t.cron)
      if (error) throw new AppError('VALIDATION', `The cron expression "${t.cron}" is not valid: ${error}`)
    }
    if (nextRunAfter(t, this.now()) === null) throw new AppError('VALIDATION', 'this cron expression never fires inside the time window')
  }

  private must(id: number): ScheduleRow {
    const row = this.deps.repo.get(id)
    if (!row) throw new AppError('NOT_FOUND', `no schedule ${id}`)
    return row
  }
}

export function toView(r: ScheduleRow): ScheduleView {
  const lastState = r.lastState === 'running' || r.lastState === 'succeeded' || r.lastState === 'failed' || r.lastState === 'cancelled' ? r.lastState : null
  return {
    id: r.id,
    workspaceId: r.workspaceId,
    kind: r.kind,
    parts: r.kind === 'pull' && r.parts?.length ? (r.parts as ScheduleView['parts']) : null,
    everySeconds: r.everySeconds,
    cron: r.cron,
    window: r.window ?? null,
    enabled: r.enabled,
    nextRunAt: r.enabled ? r.nextRunAt : null,
    lastRunAt: r.lastRunAt,
    lastFinishedAt: r.lastFinishedAt,
    lastState,
    lastError: r.lastError,
    failures: r.failures,
    description: describeTiming(timingOf(r)),
    createdAt: r.createdAt,
  }
}
