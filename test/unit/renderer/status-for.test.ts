import { describe, expect, it } from 'vitest'
import type { ScheduleStatus } from '../../../src-renderer/api'
import { statusFor } from '../../../src-renderer/screens/sync/status-for'

const failing: ScheduleStatus = {
  state: 'error', percent: null, reason: 'App API refused the key', paused: false, pausedUntil: null, lastSyncAt: 1, nextRunAt: 2, running: null, schedules: 2, workspaceId: 'a',
}

describe('statusFor', () => {
  it("shows a workspace its own failure, and another workspace's as idle without its reason", () => {
    expect(statusFor(failing, 'a')).toBe(failing)
    expect(statusFor(failing, 'b')).toEqual({ ...failing, state: 'idle', reason: null, workspaceId: null })
  })

  it('keeps what concerns every workspace: a pause', () => {
    const paused: ScheduleStatus = { ...failing, state: 'paused', reason: 'paused until resumed', paused: true, workspaceId: null }
    expect(statusFor(paused, 'b')).toBe(paused)
  })
})
