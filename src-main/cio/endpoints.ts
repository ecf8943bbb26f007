import { RegionEU, RegionUS } from 'customerio-node'
import type { WORKSPACE_KINDS } from '../contract/workspaces'

type WorkspaceKind = (typeof WORKSPACE_KINDS)[number]

/** Base URLs of the three APIs for a workspace, in the form the customerio-node clients take as `url`. */
export interface Endpoints {
  track: string
  app: string
  pipelines: string
}

/**
 * US and EU use the SDK's own region constants. A custom URL (a proxy, or the sandbox) serves all
 * three APIs under one origin: Track at /api/v1, App and Pipelines at /v1.
 */
export function endpointsFor(kind: WorkspaceKind, baseUrl: string | null): Endpoints {
  if (kind === 'us') return { track: RegionUS.trackUrl, app: RegionUS.apiUrl, pipelines: RegionUS.pipelinesUrl }
  if (kind === 'eu') return { track: RegionEU.trackUrl, app: RegionEU.apiUrl, pipelines: RegionEU.pipelinesUrl }
  if (!baseUrl) throw new Error(`a ${kind} workspace needs a base URL`)
  const base = baseUrl.replace(/\/+$/, '')
  return { track: `${base}/api/v1`, app: `${base}/v1`, pipelines: `${base}/v1` }
}
