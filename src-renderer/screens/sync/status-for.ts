// The background-sync status line as it concerns one workspace. The scheduler's status is one for
// the whole app (the tray shows it as is); on a workspace's Sync screen another workspace's run,
// failure or lost connection is not shown: its notifications name it, and here sync is idle.
import type { ScheduleStatus } from '../../api'

export function statusFor(status: ScheduleStatus, workspaceId: string): ScheduleStatus {
  if (status.workspaceId === null || status.workspaceId === workspaceId) return status
  return { ...status, state: 'idle', reason: null, percent: null, running: null, workspaceId: null }
}
