import type { WorkspaceService } from '../workspaces/workspace-service'
import type { JobRunner } from './job-service'

/**
 * "Sync now" (tray, header button, schedules). Today a sync is its first phase only: it checks that
 * the active workspace answers on all three APIs and records the result. Pull and push phases are
 * added here by the pull and outbox work (issues 4 and 6), which reuse this job's progress,
 * cancellation and checkpoint.
 */
export function syncJob(workspaces: WorkspaceService): JobRunner {
  return async (ctx) => {
    if (!ctx.workspaceId) throw new Error('no active workspace; add or select one under Workspaces')
    ctx.progress('connect', 0, 1)
    const report = await workspaces.test(ctx.workspaceId)
    ctx.signal.throwIfAborted()
    ctx.progress('connect', 1, 1)
    if (!report.ok) {
      const failed = (['track', 'app', 'pipelines'] as const).filter((k) => !report[k].ok).map((k) => `${k}: ${report[k].message}`)
      throw new Error(`workspace not reachable: ${failed.join('; ')}`)
    }
    return 'workspace reachable on Track, App and Pipelines (pull and push are not part of sync yet)'
  }
}
