import type { CredentialKind } from '../contract/workspaces'
import type { CallContext } from '../ipc/dispatch'
import type { Result } from '../contract/result'

// Messages between the main thread (shell, keychain, IPC routing) and the engine worker
// (database, services, sandbox). Plain structured-clone data only.

export interface EngineConfig {
  home: string
  mode: 'desktop' | 'headless' | 'cli'
  version: string
  /** create and select the sandbox workspace when there is no workspace yet */
  firstRunSandbox: boolean
  /** people the embedded sandbox seeds when it is first created */
  sandboxPeople: number
  migrationsFolder?: string
}

export type SecretOp =
  | { op: 'get'; workspaceId: string; kind: CredentialKind }
  | { op: 'set'; workspaceId: string; kind: CredentialKind; value: string }
  | { op: 'delete'; workspaceId: string; kind: CredentialKind }
  | { op: 'describe'; workspaceId: string }
  | { op: 'deleteAll'; workspaceId: string }

export type ToWorker =
  | { type: 'invoke'; id: number; channel: string; input: unknown; ctx: CallContext }
  | { type: 'secret-result'; id: number; ok: true; value: unknown }
  | { type: 'secret-result'; id: number; ok: false; code: string; message: string }
  | { type: 'shutdown' }

export type FromWorker =
  /** notices: what opening the mirror has to tell the user (a damaged file set aside and what was kept) */
  | { type: 'ready'; notices?: string[] }
  | { type: 'fatal'; message: string }
  | { type: 'result'; id: number; result: Result<unknown> }
  | { type: 'event'; name: string; payload: unknown }
  | { type: 'secret'; id: number; request: SecretOp }
  | { type: 'log'; level: 'info' | 'warn' | 'error'; message: string }
  | { type: 'closed' }
