import { describe, expect, it } from 'vitest'
import type { ScheduleStatus } from '../../../src-main/contract/schedules'
import { describeStatus, initialTrayState, LONG_IMPORT_MS, reduceTray, trayMenu, type TrayEvent, type TrayNotification, type TrayState } from '../../../src-main/schedule/tray-state'

// The tray's state machine and its notification decisions, without Electron.

const NOW = new Date(2026, 0, 5, 14, 0).getTime()
const status = (over: Partial<ScheduleStatus>): ScheduleStatus => ({
  state: 'idle', percent: null, reason: null, paused: false, pausedUntil: null, lastSyncAt: null, nextRunAt: null, running: null, schedules: 1, workspaceId: null, ...over,
})

/** Feeds events in order; answers the final state and every notification decided on the way. */
function run(events: TrayEvent[], from: TrayState = initialTrayState): { state: TrayState; notified: TrayNotification[] } {
  let state = from
  const notified: TrayNotification[] = []
  for (const e of events) {
    const r = reduceTray(state, e)
    state = r.state
    notified.push(...r.notify)
  }
  return { state, notified }
}

const failed = (jobId: string, message: string, kind = 'pull'): TrayEvent => ({ type: 'jobFinished', jobId, kind, state: 'failed', message, at: NOW })
const succeeded = (jobId: string, kind = 'pull', at = NOW): TrayEvent => ({ type: 'jobFinished', jobId, kind, state: 'succeeded', message: null, at })

describe('the tray menu', () => {
  it('shows each state in words, with the last sync and the next run', () => {
    expect(trayMenu(status({ lastSyncAt: NOW - 5 * 60_000, nextRunAt: NOW + 15 * 60_000 }), NOW)).toEqual({
      icon: 'idle', tooltip: 'cio-sync — Up to date', statusLine: 'Up to date', lastSyncLine: 'Last sync: 5 min ago', nextRunLine: 'Next run: 14:15', canSyncNow: true, paused: false,
    })
    const syncing = trayMenu(status({ state: 'syncing', percent: 42 }), NOW)
    expect(syncing).toMatchObject({ icon: 'syncing', statusLine: 'Syncing… 42 %', canSyncNow: false, lastSyncLine: 'Last sync: never' })
    expect(trayMenu(status({ state: 'error', reason: 'Customer.io answered 503' }), NOW).statusLine).toBe('Sync failed: Customer.io answered 503')
    expect(trayMenu(status({ state: 'offline', reason: 'connect ECONNREFUSED' }), NOW).statusLine).toBe('Offline: connect ECONNREFUSED')
    expect(trayMenu(null, NOW)).toMatchObject({ statusLine: 'Starting…', canSyncNow: false })
  })

  it('offers Resume instead of the pauses while paused, and hides the next run', () => {
    const hour = trayMenu(status({ state: 'paused', paused: true, pausedUntil: NOW + 3600_000, nextRunAt: NOW + 60_000 }), NOW)
    expect(hour).toMatchObject({ icon: 'paused', statusLine: 'Paused until 15:00', paused: true, nextRunLine: null })
    expect(describeStatus(status({ state: 'paused', paused: true, pausedUntil: null }))).toBe('Paused until resumed')
    // held back by the battery is not the user's pause: the menu still offers Pause
    const battery = trayMenu(status({ state: 'paused', paused: false, reason: 'on battery (12 %, below 20 %)' }), NOW)
    expect(battery).toMatchObject({ statusLine: 'Waiting: on battery (12 %, below 20 %)', paused: false })
  })

  it('follows status events', () => {
    const { state } = run([{ type: 'status', status: status({ state: 'syncing', percent: 10 }) }, { type: 'status', status: status({ state: 'idle' }) }])
    expect(trayMenu(state.status, NOW).statusLine).toBe('Up to date')
  })
})

describe('notifications', () => {
  it('notify a failed run once per streak of the same error, and again after a success', () => {
    const { notified } = run([failed('a', '503 from Customer.io'), failed('b', '503 from Customer.io'), failed('c', '503 from Customer.io'), succeeded('d'), failed('e', '503 from Customer.io')])
    expect(notified.map((n) => n.title)).toEqual(['cio-sync: pull failed', 'cio-sync: pull failed'])
    expect(notified[0]).toMatchObject({ reason: 'failed', body: '503 from Customer.io' })
  })

  it('notify a different error in a streak, and never a cancelled run', () => {
    const { notified } = run([failed('a', '503'), failed('b', 'the App API key was refused'), { type: 'jobFinished', jobId: 'c', kind: 'pull', state: 'cancelled', message: 'cancelled', at: NOW }])
    expect(notified.map((n) => n.body)).toEqual(['503', 'the App API key was refused'])
  })

  it('keep failure streaks apart per job kind', () => {
    const { notified } = run([failed('a', 'down', 'pull'), failed('b', 'down', 'push')])
    expect(notified.map((n) => n.title)).toEqual(['cio-sync: pull failed', 'cio-sync: push failed'])
  })

  it('name the workspace of the job, and keep failure streaks apart per workspace', () => {
    const acme = { id: 'w1', name: 'Acme' }
    const beta = { id: 'w2', name: 'Beta' }
    const { notified } = run([
      { type: 'jobFinished', jobId: 'a', kind: 'pull', state: 'failed', message: 'down', at: NOW, workspace: acme },
      { type: 'jobFinished', jobId: 'b', kind: 'pull', state: 'failed', message: 'down', at: NOW, workspace: beta },
      { type: 'jobFinished', jobId: 'c', kind: 'pull', state: 'failed', message: 'down', at: NOW, workspace: acme },
    ])
    expect(notified.map((n) => n.title)).toEqual(['cio-sync — Acme: pull failed', 'cio-sync — Beta: pull failed'])
  })

  it('notify new conflicts only when their number grows', () => {
    const { notified } = run([
      { type: 'conflicts', workspaceId: 'w1', conflicts: 2 },
      { type: 'conflicts', workspaceId: 'w1', conflicts: 2 },
      { type: 'conflicts', workspaceId: 'w1', conflicts: 1 },
      { type: 'conflicts', workspaceId: 'w1', conflicts: 4 },
      { type: 'conflicts', workspaceId: 'w2', conflicts: 0 },
    ])
    expect(notified.map((n) => n.body)).toEqual([
      '2 new conflicts between your edits and Customer.io. Open cio-sync to keep yours, keep theirs or edit.',
      '3 new conflicts between your edits and Customer.io. Open cio-sync to keep yours, keep theirs or edit.',
    ])
  })

  it('notify the end of a long import, not of a short one', () => {
    const long = run([{ type: 'jobProgress', jobId: 'i1', at: NOW }, { type: 'jobProgress', jobId: 'i1', at: NOW + 30_000 }, succeeded('i1', 'import-push', NOW + LONG_IMPORT_MS)])
    expect(long.notified).toEqual([{ reason: 'import', title: 'cio-sync: import finished', body: 'The import finished after 1 min.' }])
    expect(long.state.seen).toEqual({})
    const short = run([{ type: 'jobProgress', jobId: 'i2', at: NOW }, succeeded('i2', 'import-push', NOW + 5000)])
    expect(short.notified).toEqual([])
    // a pull that took long is routine: no notification
    expect(run([{ type: 'jobProgress', jobId: 'p', at: NOW }, succeeded('p', 'pull', NOW + 10 * LONG_IMPORT_MS)]).notified).toEqual([])
  })
})
