import type { CredentialKind } from '../contract/workspaces'

/**
 * Where workspace keys live. The only implementation that ships is the OS keychain (keytar); the
 * interface exists so the engine worker can reach the main thread's store through a narrow RPC
 * and so nothing else ever holds a secret longer than one API call.
 */
export interface SecretStore {
  get(workspaceId: string, kind: CredentialKind): Promise<string | null>
  set(workspaceId: string, kind: CredentialKind, value: string): Promise<void>
  delete(workspaceId: string, kind: CredentialKind): Promise<void>
  /** `{ set, last4 }` per key: what the UI may see. */
  describe(workspaceId: string): Promise<Record<CredentialKind, KeyHint>>
  /** Removes every key of a workspace. */
  deleteAll(workspaceId: string): Promise<void>
}

export interface KeyHint {
  set: boolean
  last4: string | null
}

export function hintOf(value: string | null): KeyHint {
  if (!value) return { set: false, last4: null }
  // Short values (a test key of 4 chars) would be revealed whole; show fewer characters then.
  const shown = value.length >= 12 ? 4 : Math.max(0, Math.min(4, value.length - 8))
  return { set: true, last4: shown > 0 ? value.slice(-shown) : '' }
}
