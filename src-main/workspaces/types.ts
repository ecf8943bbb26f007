import type { WORKSPACE_KINDS } from '../ipc/contracts/workspaces'

export type WorkspaceKind = (typeof WORKSPACE_KINDS)[number]
