// The one status line of background sync, as a pure function of what the scheduler knows, so the
// tray, the Sync screen and `cio-sync serve` all say the same thing and the rules are unit-tested.

import type { Connectivity } from '../contract/sync'
import type { ScheduleStatus } from '../contract/schedules'
import type { JobView } from '../contract/jobs'
import type { PauseSetting, ScheduleRow } from './schedules-repo'

/** Job kinds that count as "syncing": a user's Sync or Pull only as much as a scheduled run. */
export const SYNC_JOB_KINDS: readonly string[] = ['pull-and-push', 'pull', 'push']

export interface StatusInput {
  now: number
  pause: PauseSetting | null
  /** why scheduled runs are held back right now although not paused by the user (battery) */
  held: string | null
  running: JobView[]
  schedules: ScheduleRow[]
  connectivity(workspaceId: string): Connectivity | null
  lastSyncAt: number | null
  /** the workspace whose deferral the scheduler last noted ("waiting for an import") */
  deferred: string | null
}

export function computeStatus(i: StatusInput): ScheduleStatus {
  const enabled = i.schedules.filter((s) => s.enabled)
  const next = enabled.map((s) => s.nextRunAt).filter((t): t is number => t !== null)
  const base = {
    percent: null,
    paused: i.pause !== null,
    pausedUntil: i.pause?.until ?? null,
    lastSyncAt: i.lastSyncAt,
    nextRunAt: next.length ? Math.min(...next) : null,
    running: null,
    schedules: enabled.length,
    workspaceId: null,
  }
  // A deep pull is background work too, but it may run for hours: a pull or push beside it is what
  // the user is waiting for, so it is the one shown.
  const job = i.running.find((j) => SYNC_JOB_KINDS.includes(j.kind)) ?? i.running.find((j) => j.kind === 'deep-pull')
  if (job) {
    const percent = job.total && job.total > 0 ? Math.max(0, Math.min(100, Math.round((job.done / job.total) * 100))) : null
    return { ...base, state: 'syncing', percent, reason: job.phase || null, running: { jobId: job.id, kind: job.kind, workspaceId: job.workspaceId }, workspaceId: job.workspaceId }
  }
  if (i.pause) {
    const reason = i.pause.until === null ? 'paused until resumed' : `paused until ${new Date(i.pause.until).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}`
    return { ...base, state: 'paused', reason }
  }
  if (i.held) return { ...base, state: 'paused', reason: i.held }
  const offline = [...new Set(enabled.map((s) => s.workspaceId))].map((w) => i.connectivity(w)).find((c) => c && !c.reachable)
  if (offline) return { ...base, state: 'offline', reason: offline.message ?? 'the workspace cannot be reached', workspaceId: offline.workspaceId }
  const failing = enabled.filter((s) => s.failures > 0 && s.lastState === 'failed').sort((a, b) => (b.lastFinishedAt ?? 0) - (a.lastFinishedAt ?? 0))[0]
  if (failing) return { ...base, state: 'error', reason: failing.lastError ?? 'the last scheduled run failed', workspaceId: failing.workspaceId }
  return { ...base, state: 'idle', reason: i.deferred }
}

/** Two statuses that would render the same (ignoring the clock), so equal ones are not re-sent. */
export function sameStatus(a: ScheduleStatus | null, b: ScheduleStatus): boolean {
  return a !== null && JSON.stringify(a) === JSON.stringify(b)
}
