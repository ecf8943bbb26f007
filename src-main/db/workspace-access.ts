import type { Endpoints } from '../cio/endpoints'
import type { WorkspaceKeys } from '../cio/connection-test'
import type { WORKSPACE_KINDS } from '../contract/workspaces'

// What the domains need of a workspace: its row, the endpoints and keys of an API call, and the
// production guard. WorkspaceService (workspaces/) implements it and services.ts hands the one
// instance to each domain, so no domain imports another to reach a workspace.

/** The part of a workspace's row the domains read (never its keys: those are in the keychain). */
export interface WorkspaceRef {
  id: string
  name: string
  kind: (typeof WORKSPACE_KINDS)[number]
  url: string | null
  production: boolean
}

export interface WorkspaceConnection {
  endpoints: Endpoints
  keys: WorkspaceKeys
}

export interface WorkspaceAccess {
  /** The row of a workspace by id (a job's workspace); NOT_FOUND when it was removed. */
  row(id: string): WorkspaceRef
  /** Endpoints and keys for an API call. The keys live only as long as the caller holds them. */
  connection(row: WorkspaceRef): Promise<WorkspaceConnection>
  /** FORBIDDEN unless `confirm` is the name of a production workspace (anything goes for others). */
  requireConfirmation(id: string, confirm: string | undefined, what: string): WorkspaceRef
  /** The workspace the windows show, if any. */
  active(): WorkspaceRef | undefined
}
