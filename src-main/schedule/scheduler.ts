// The background scheduler (issue #7). It lives in the engine worker, is started by the composition
// root in the app and in `cio-sync serve` (never by a one-shot CLI command), and starts due
// schedules through the same JobService as the UI, with trigger 'schedule'.
//
// Everything happens in tick(): settle runs that ended (back-off on failure), then start what is
// due unless paused, on a low battery, offline, behind a foreground import or behind a job of the
// same kind. Time comes from an injected clock and the timer only calls tick(), so unit tests step
// a fake clock and call tick() themselves.

import type { EventSink } from '../base/events'
import { sameFamily, type JobView } from '../contract/jobs'
import { AppError } from '../contract/result'
import { SCHEDULE_PULL_PARTS, type ScheduleStatus } from '../contract/schedules'
import type { Connectivity } from '../contract/sync'
import type { JobKind, JobTrigger } from '../jobs/job-service'
import type { PowerSource } from './power'
import type { ScheduleRow, SchedulesRepo } from './schedules-repo'
import { computeStatus, sameStatus } from './status'
import { collapseMissed, inWindow, nextAfterRun, nextRunAfter, nextWindowOpen, pullBack, type Timing } from './timing'

/** What the scheduler needs of the JobService. */
export interface JobPort {
  start(kind: JobKind, trigger: JobTrigger, options: Record<string, unknown>, workspaceId: string | null, guard?: { confirm?: string }): JobView
  get(id: string): JobView | null
  listRunning(): JobView[]
}

export interface Timers {
  set(fn: () => void, ms: number): unknown
  clear(handle: unknown): void
}

export const realTimers: Timers = {
  set: (fn, ms) => {
    const t = setTimeout(fn, ms)
    t.unref?.()
    return t
  },
  clear: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
}

export interface SchedulerDeps {
  repo: SchedulesRepo
  jobs: JobPort
  connectivity: { get(workspaceId: string): Connectivity | null }
  power: PowerSource
  events: EventSink
  now?: () => number
  timers?: Timers
}

/** A workspace that failed with a network error is left alone this long before a run probes it again. */
export const OFFLINE_RECHECK_MS = 60_000
/** While a run is going, look at it this often (its progress feeds the status). */
const BUSY_TICK_MS = 1000
/** Idle, wake up at least this often (a pause ends, the network comes back, the battery charges). */
const IDLE_TICK_MS = 15_000
/** Imports and their plans are the user's foreground work: a scheduled run waits for them. */
const FOREGROUND_KINDS: readonly string[] = ['import-push', 'import-plan', 'undo-plan']

export function timingOf(row: ScheduleRow): Timing {
  return { everySeconds: row.everySeconds, cron: row.cron, window: row.window ?? null }
}

export function jobFor(row: ScheduleRow): { kind: JobKind; options: Record<string, unknown> } {
  if (row.kind === 'push') return { kind: 'push', options: {} }
  // a deep pull always reads everyone's attributes: no parts, no options
  if (row.kind === 'deep-pull') return { kind: 'deep-pull', options: {} }
  return { kind: 'pull', options: { only: row.parts?.length ? row.parts : [...SCHEDULE_PULL_PARTS] } }
}

export class Scheduler {
  private readonly now: () => number
  private readonly timers: Timers
  private timer: unknown = null
  private started = false
  private last: ScheduleStatus | null = null
  private held: string | null = null
  private deferred: string | null = null

  constructor(private readonly deps: SchedulerDeps) {
    this.now = deps.now ?? Date.now
    this.timers = deps.timers ?? realTimers
  }

  /** Starts ticking. Missed runs collapse here: each overdue schedule is due once, now. */
  start(): void {
    if (this.started) return
    this.started = true
    const now = this.now()
    for (const row of this.deps.repo.listEnabled()) {
      const next = collapseMissed(timingOf(row), row.nextRunAt, now)
      if (next !== row.nextRunAt) this.deps.repo.update(row.id, { nextRunAt: next })
    }
    this.tick()
  }

  stop(): void {
    this.started = false
    if (this.timer !== null) this.timers.clear(this.timer)
    this.timer = null
  }

  /** Something changed (a schedule, the pause): look again now instead of at the next wake-up. */
  poke(): void {
    if (this.started) this.tick()
    else this.publish()
  }

  tick(): void {
    const now = this.now()
    this.settle(now)
    this.pullBackAfterClockChange(now)
    this.held = null
    this.deferred = null
    const pause = this.currentPause(now)
    if (!pause) {
      const power = this.deps.power.read()
      const threshold = this.deps.repo.batteryThreshold()
      if (power.onBattery && power.percent !== null && power.percent < threshold) this.held = `on battery (${power.percent} %, below ${threshold} %)`
      else for (const row of this.deps.repo.listEnabled()) if (row.nextRunAt !== null && row.nextRunAt <= now) this.consider(row, now)
    }
    this.publish()
    this.arm(now)
  }

  /** Starts the schedule's job now, outside its window and back-off; a running job of the kind is returned instead. */
  runNow(row: ScheduleRow): JobView {
    const { kind } = jobFor(row)
    const busy = this.deps.jobs.listRunning().find((j) => j.workspaceId === row.workspaceId && sameKind(j.kind, kind))
    if (busy) return busy
    const job = this.launch(row, this.now())
    this.poke()
    return job
  }

  status(): ScheduleStatus {
    return this.compute()
  }

  /** Ends the pause once its time is up; answers the pause in force. */
  private currentPause(now: number) {
    const pause = this.deps.repo.getPause()
    if (pause && pause.until !== null && pause.until <= now) {
      this.deps.repo.setPause(null)
      return null
    }
    return pause
  }

  private consider(row: ScheduleRow, now: number): void {
    if (row.lastState === 'running') return // settle() found its job still going
    const timing = timingOf(row)
    if (!inWindow(timing.window, now)) {
      this.deps.repo.update(row.id, { nextRunAt: nextWindowOpen(timing.window, now) })
      return
    }
    const conn = this.deps.connectivity.get(row.workspaceId)
    // Offline: wait (the schedule stays due) but probe again now and then: the run is the probe.
    if (conn && !conn.reachable && now - conn.checkedAt < OFFLINE_RECHECK_MS) return
    const running = this.deps.jobs.listRunning().filter((j) => j.workspaceId === row.workspaceId)
    if (running.some((j) => FOREGROUND_KINDS.includes(j.kind))) {
      this.deferred = 'waiting for an import to finish'
      return
    }
    if (running.some((j) => sameKind(j.kind, jobFor(row).kind))) return
    try {
      this.launch(row, now)
    } catch {
      // recorded on the row as a failed run (with back-off); the other schedules still get their turn
    }
  }

  private launch(row: ScheduleRow, now: number): JobView {
    const { kind, options } = jobFor(row)
    const nextRunAt = row.enabled ? nextRunAfter(timingOf(row), now) : null
    let job: JobView
    try {
      // A push schedule of a production workspace runs on the name typed when it was confirmed.
      job = this.deps.jobs.start(kind, 'schedule', options, row.workspaceId, { confirm: this.deps.repo.confirmation(row.id) })
    } catch (err) {
      // e.g. no runner for the kind in this build: a failed run like any other, with back-off.
      // Refused by the production gate (made production, or renamed, since it was confirmed): held,
      // nothing sent; it stays at its normal cadence, saying why, until someone confirms it again.
      const held = err instanceof AppError && err.code === 'FORBIDDEN'
      const failures = held ? row.failures : row.failures + 1
      const message = err instanceof Error ? err.message : String(err)
      const next = held ? nextRunAfter(timingOf(row), now) : nextAfterRun(timingOf(row), now, now, failures)
      this.deps.repo.update(row.id, {
        lastRunAt: now, lastFinishedAt: now, lastState: 'failed', lastError: message, lastJobId: null, failures,
        nextRunAt: row.enabled ? next : null,
      })
      throw err
    }
    this.deps.repo.update(row.id, { lastRunAt: now, lastJobId: job.id, lastState: 'running', nextRunAt })
    return job
  }

  /**
   * The clock may have moved backwards since a next run was computed; the timer still fires (it
   * counts elapsed time, not the wall clock), and here a next run beyond one period (or back-off)
   * from now is brought back, so a clock set back a day does not silence the schedules for a day.
   */
  private pullBackAfterClockChange(now: number): void {
    for (const row of this.deps.repo.listEnabled()) {
      const next = pullBack(timingOf(row), row.nextRunAt, row.failures, now)
      if (next !== row.nextRunAt) this.deps.repo.update(row.id, { nextRunAt: next })
    }
  }

  /** Runs that ended since the last look: success resets the back-off, a failure doubles it. */
  private settle(now: number): void {
    for (const row of this.deps.repo.listRunning()) {
      const job = row.lastJobId ? this.deps.jobs.get(row.lastJobId) : null
      if (job && (job.state === 'running' || job.state === 'queued')) continue
      const state = job?.state ?? 'failed'
      const finishedAt = job?.finishedAt ?? now
      const message = job ? job.message : 'the run was lost'
      if (state === 'succeeded') {
        this.deps.repo.update(row.id, { lastState: 'succeeded', lastFinishedAt: finishedAt, lastError: null, failures: 0 })
      } else if (state === 'cancelled') {
        this.deps.repo.update(row.id, { lastState: 'cancelled', lastFinishedAt: finishedAt, lastError: message })
      } else {
        const conn = this.deps.connectivity.get(row.workspaceId)
        // Offline is not the workspace failing: no back-off, the offline check holds the next run.
        const failures = conn && !conn.reachable ? row.failures : row.failures + 1
        const started = row.lastRunAt ?? finishedAt
        const next = row.enabled && failures > row.failures ? nextAfterRun(timingOf(row), started, finishedAt, failures) : row.nextRunAt
        this.deps.repo.update(row.id, { lastState: 'failed', lastFinishedAt: finishedAt, lastError: message, failures, nextRunAt: next })
      }
    }
  }

  private compute(): ScheduleStatus {
    const now = this.now()
    return computeStatus({
      now,
      pause: this.currentPause(now),
      held: this.held,
      running: this.deps.jobs.listRunning(),
      schedules: this.deps.repo.listEnabled(),
      connectivity: (w) => this.deps.connectivity.get(w),
      lastSyncAt: this.deps.repo.lastSuccessAt(),
      deferred: this.deferred,
    })
  }

  private publish(): void {
    const status = this.compute()
    if (sameStatus(this.last, status)) return
    this.last = status
    this.deps.events.emit('app:schedules:status', status)
  }

  private arm(now: number): void {
    if (!this.started) return
    if (this.timer !== null) this.timers.clear(this.timer)
    const busy = this.deps.jobs.listRunning().length > 0 || this.deps.repo.listRunning().length > 0
    const due = this.deps.repo.listEnabled().map((s) => s.nextRunAt).filter((t): t is number => t !== null)
    const pause = this.deps.repo.getPause()
    const wake = [now + (busy ? BUSY_TICK_MS : IDLE_TICK_MS), ...due.filter((t) => t > now)]
    if (pause?.until) wake.push(pause.until)
    this.timer = this.timers.set(() => {
      this.timer = null
      this.tick()
    }, Math.max(50, Math.min(...wake) - now))
  }
}

/** A pull schedule collides with a running 'pull-and-push' (the Sync button or tray item) too: one kind family. */
function sameKind(running: JobKind, kind: JobKind): boolean {
  return sameFamily(running, kind)
}
