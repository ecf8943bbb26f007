// What the tray shows and when the OS is asked to notify, as pure functions of the engine's events,
// so both are unit-tested without Electron. src-main/shell/tray.ts only renders the menu model and
// shows the notifications this module decides on.

import type { ScheduleStatus } from '../contract/schedules'

export interface TrayState {
  status: ScheduleStatus | null
  /** open conflicts per workspace, as last reported */
  conflicts: Record<string, number>
  /** per workspace and job kind: the message of the failure already notified, until a run of the kind succeeds */
  failing: Record<string, string>
  /** when each job was first seen (a progress event), to tell a long import from a short one */
  seen: Record<string, number>
}

export type TrayEvent =
  | { type: 'status'; status: ScheduleStatus }
  | { type: 'jobProgress'; jobId: string; at: number }
  | {
      type: 'jobFinished'
      jobId: string
      kind: string
      state: 'succeeded' | 'failed' | 'cancelled'
      message: string | null
      at: number
      /** whose job it was: every notification names its workspace (absent: a job of no workspace) */
      workspace?: { id: string; name: string } | null
    }
  | { type: 'conflicts'; workspaceId: string; conflicts: number }

export interface TrayNotification {
  reason: 'failed' | 'conflicts' | 'import'
  title: string
  body: string
}

/** An import that ran this long earns a notification when it ends; a short one the user watched. */
export const LONG_IMPORT_MS = 60_000

export const initialTrayState: TrayState = { status: null, conflicts: {}, failing: {}, seen: {} }

const KIND_LABEL: Record<string, string> = { 'pull-and-push': 'Sync', pull: 'Pull', 'deep-pull': 'Deep pull', push: 'Push', 'import-push': 'Import', 'import-plan': 'Import plan', 'undo-plan': 'Undo plan' }

/** The next state, and the notifications this event calls for (most events call for none). */
export function reduceTray(state: TrayState, event: TrayEvent): { state: TrayState; notify: TrayNotification[] } {
  switch (event.type) {
    case 'status':
      return { state: { ...state, status: event.status }, notify: [] }
    case 'jobProgress':
      if (event.jobId in state.seen) return { state, notify: [] }
      return { state: { ...state, seen: { ...state.seen, [event.jobId]: event.at } }, notify: [] }
    case 'conflicts': {
      const before = state.conflicts[event.workspaceId] ?? 0
      const next = { ...state, conflicts: { ...state.conflicts, [event.workspaceId]: event.conflicts } }
      const added = event.conflicts - before
      if (added <= 0) return { state: next, notify: [] }
      const body = `${added} new conflict${added === 1 ? '' : 's'} between your edits and Customer.io. Open cio-sync to keep yours, keep theirs or edit.`
      return { state: next, notify: [{ reason: 'conflicts', title: 'cio-sync: conflicts to resolve', body }] }
    }
    case 'jobFinished':
      return finished(state, event)
  }
}

function finished(state: TrayState, e: Extract<TrayEvent, { type: 'jobFinished' }>): { state: TrayState; notify: TrayNotification[] } {
  const { [e.jobId]: since, ...seen } = state.seen
  const failing = { ...state.failing }
  const notify: TrayNotification[] = []
  const label = KIND_LABEL[e.kind] ?? e.kind
  const key = e.workspace ? `${e.workspace.id}/${e.kind}` : e.kind
  const title = (what: string) => (e.workspace ? `cio-sync — ${e.workspace.name}: ${what}` : `cio-sync: ${what}`)
  if (e.state === 'failed') {
    const message = e.message ?? 'unknown error'
    // A schedule failing again with the same error (back-off retries) is one notification, not one per try.
    if (failing[key] !== message) notify.push({ reason: 'failed', title: title(`${label.toLowerCase()} failed`), body: message })
    failing[key] = message
  } else if (e.state === 'succeeded') {
    delete failing[key]
    if (e.kind === 'import-push' && since !== undefined && e.at - since >= LONG_IMPORT_MS) {
      notify.push({ reason: 'import', title: title('import finished'), body: e.message ?? `The import finished after ${formatSpan(e.at - since)}.` })
    }
  }
  return { state: { ...state, seen, failing }, notify }
}

export type TrayIcon = ScheduleStatus['state']

/** The tray menu as data: the shell turns it into an Electron Menu. */
export interface TrayMenuModel {
  icon: TrayIcon
  tooltip: string
  statusLine: string
  lastSyncLine: string
  nextRunLine: string | null
  canSyncNow: boolean
  /** Pause 1 h / Pause until resumed, or Resume */
  paused: boolean
}

export function trayMenu(status: ScheduleStatus | null, now: number): TrayMenuModel {
  if (!status) {
    return { icon: 'idle', tooltip: 'cio-sync — starting', statusLine: 'Starting…', lastSyncLine: 'Last sync: —', nextRunLine: null, canSyncNow: false, paused: false }
  }
  const statusLine = describeStatus(status)
  const lastSyncLine = `Last sync: ${status.lastSyncAt === null ? 'never' : formatAgo(now - status.lastSyncAt)}`
  const nextRunLine = status.nextRunAt !== null && !status.paused ? `Next run: ${formatClock(status.nextRunAt, now)}` : null
  return {
    icon: status.state,
    tooltip: `cio-sync — ${statusLine}`,
    statusLine,
    lastSyncLine,
    nextRunLine,
    canSyncNow: status.state !== 'syncing',
    paused: status.paused,
  }
}

export function describeStatus(s: ScheduleStatus): string {
  switch (s.state) {
    case 'syncing':
      return s.percent === null ? 'Syncing…' : `Syncing… ${s.percent} %`
    case 'paused':
      if (!s.paused) return `Waiting: ${s.reason ?? 'held back'}`
      return s.pausedUntil === null ? 'Paused until resumed' : `Paused until ${formatClock(s.pausedUntil, null)}`
    case 'offline':
      return `Offline: ${s.reason ?? 'the workspace cannot be reached'}`
    case 'error':
      return `Sync failed: ${truncate(s.reason ?? 'see the Sync screen', 60)}`
    default:
      return s.schedules === 0 ? 'Idle (no schedules)' : 'Up to date'
  }
}

/** "just now", "5 min ago", "3 h ago", "2 d ago". */
export function formatAgo(ms: number): string {
  if (ms < 60_000) return 'just now'
  if (ms < 3600_000) return `${Math.floor(ms / 60_000)} min ago`
  if (ms < 86400_000) return `${Math.floor(ms / 3600_000)} h ago`
  return `${Math.floor(ms / 86400_000)} d ago`
}

/** "14:05" today, "Tue 14:05" another day (local time). */
export function formatClock(at: number, now: number | null): string {
  const d = new Date(at)
  const hm = `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`
  if (now === null || new Date(now).toDateString() === d.toDateString()) return hm
  return `${['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][d.getDay()]} ${hm}`
}

function formatSpan(ms: number): string {
  const m = Math.round(ms / 60_000)
  return m < 60 ? `${m} min` : `${Math.floor(m / 60)} h ${m % 60} min`
}

function truncate(text: string, n: number): string {
  return text.length <= n ? text : `${text.slice(0, n - 1)}…`
}
