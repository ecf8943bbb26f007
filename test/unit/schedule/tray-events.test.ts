import { describe, expect, it } from 'vitest'
import { eventsOf } from '../../../src-main/contract/client'
import type { JobFinished } from '../../../src-main/contract/jobs'
import type { ScheduleStatus } from '../../../src-main/contract/schedules'
import { followEngineForTray } from '../../../src-main/schedule/tray-events'
import type { TrayEvent } from '../../../src-main/schedule/tray-state'

// The engine events the tray follows, as the desktop shell feeds them (src-main/index.ts): each one
// becomes the tray-state event it means, with its workspace named; other events are not the tray's.

const NOW = 1_760_000_000_000

function engine() {
  const listeners = new Set<(name: string, payload: unknown) => void>()
  const on = eventsOf((l) => {
    listeners.add(l)
    return () => listeners.delete(l)
  })
  return { on, listeners, emit: (name: string, payload: unknown) => listeners.forEach((l) => l(name, payload)) }
}

const finished = (over: Partial<JobFinished>): JobFinished => ({ jobId: 'j1', kind: 'pull', workspaceId: 'w1', trigger: 'schedule', state: 'failed', message: 'down', changes: null, ...over })

describe('the tray follows the engine', () => {
  it('turns status, progress, finished jobs and conflict counts into tray events', () => {
    const { on, emit } = engine()
    const seen: TrayEvent[] = []
    const names = new Map([['w1', 'Acme']])
    followEngineForTray(on, { handle: (e) => seen.push(e), workspaceName: (id) => names.get(id) ?? null, now: () => NOW })
    const status: ScheduleStatus = { state: 'idle', percent: null, reason: null, paused: false, pausedUntil: null, lastSyncAt: null, nextRunAt: null, running: null, schedules: 1, workspaceId: null }
    emit('app:schedules:status', status)
    emit('app:jobs:progress', { jobId: 'j1', kind: 'pull', workspaceId: 'w1', phase: 'people', done: 1, total: null, rate: null, eta: null })
    emit('app:jobs:finished', finished({}))
    emit('app:jobs:finished', finished({ jobId: 'j2', workspaceId: 'gone', state: 'succeeded', message: null }))
    emit('app:jobs:finished', finished({ jobId: 'j3', workspaceId: null, state: 'cancelled' }))
    emit('app:changes:updated', { workspaceId: 'w1', pending: 2, failed: 0, conflicts: 3 })
    emit('app:workspaces:changed', { activeId: 'w1' })
    expect(seen).toEqual([
      { type: 'status', status },
      { type: 'jobProgress', jobId: 'j1', at: NOW },
      { type: 'jobFinished', jobId: 'j1', kind: 'pull', state: 'failed', message: 'down', at: NOW, workspace: { id: 'w1', name: 'Acme' } },
      { type: 'jobFinished', jobId: 'j2', kind: 'pull', state: 'succeeded', message: null, at: NOW, workspace: { id: 'gone', name: 'a removed workspace' } },
      { type: 'jobFinished', jobId: 'j3', kind: 'pull', state: 'cancelled', message: 'down', at: NOW, workspace: null },
      { type: 'conflicts', workspaceId: 'w1', conflicts: 3 },
    ])
  })

  it('stops following when asked', () => {
    const { on, listeners } = engine()
    const off = followEngineForTray(on, { handle: () => undefined, workspaceName: () => null })
    expect(listeners.size).toBe(4)
    off()
    expect(listeners.size).toBe(0)
  })
})
