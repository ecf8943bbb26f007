// The API clients of one pull-like job (pull, deep pull): the job's workspace, its keys for the
// job's lifetime only, the engine's shared rate governors and connectivity tracker.

import { CioClientSet } from '../../cio/client-set'
import type { Priority } from '../../cio/rate-governor'
import { AppError } from '../../ipc/result'
import type { JobContext } from '../job-service'
import type { PullServiceDeps } from './pull-service'

export async function jobClients(deps: PullServiceDeps, ctx: JobContext, priority: Priority): Promise<{ workspaceId: string; cio: CioClientSet }> {
  if (!ctx.workspaceId) throw new AppError('NOT_FOUND', 'no active workspace; add or select one under Workspaces')
  const workspaceId = ctx.workspaceId
  ctx.progress('connect', 0, 1)
  const row = deps.workspaces.row(workspaceId)
  const cio = new CioClientSet(await deps.workspaces.connection(row), { workspaceId, connectivity: deps.connectivity, governors: deps.governors, priority })
  ctx.progress('connect', 1, 1)
  return { workspaceId, cio }
}
