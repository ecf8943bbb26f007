import type { WORKSPACE_KINDS } from '../contract/workspaces'

export type WorkspaceKind = (typeof WORKSPACE_KINDS)[number]
