// The API clients of one pull-like job (pull, deep pull): the job's workspace, its keys for the
// job's lifetime only, the engine's shared rate governors and connectivity tracker.

import { CioClientSet } from '../../cio/client-set'
import type { ConnectivityTracker } from '../../cio/connectivity'
import type { GovernorRegistry, Priority } from '../../cio/rate-governor'
import { AppError } from '../../contract/result'
import type { JobContext } from '../../jobs/job-service'
import type { WorkspaceAccess } from '../../db/workspace-access'

/** What a pull job needs to talk to its workspace (a part of PullServiceDeps, named here so pull-service.ts and this file do not import each other). */
export interface JobClientDeps {
  workspaces: WorkspaceAccess
  connectivity: ConnectivityTracker
  governors: GovernorRegistry
}

export async function jobClients(deps: JobClientDeps, ctx: JobContext, priority: Priority): Promise<{ workspaceId: string; cio: CioClientSet }> {
  if (!ctx.workspaceId) throw new AppError('NOT_FOUND', 'no active workspace; add or select one under Workspaces')
  const workspaceId = ctx.workspaceId
  ctx.progress('connect', 0, 1)
  const row = deps.workspaces.row(workspaceId)
  const cio = new CioClientSet(await deps.workspaces.connection(row), { workspaceId, connectivity: deps.connectivity, governors: deps.governors, priority })
  ctx.progress('connect', 1, 1)
  return { workspaceId, cio }
}
