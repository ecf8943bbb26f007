import { createHash } from 'node:crypto'
import { AppError } from '../contract/result'
import { CREDENTIAL_KINDS, type CredentialKind } from '../contract/workspaces'
import { hintOf, type KeyHint, type SecretStore } from './secret-store'

type Keytar = typeof import('keytar')

/**
 * The OS keychain through keytar (macOS Keychain, Windows Credential Vault, libsecret on Linux).
 * One keychain item per workspace and key: service = `serviceName`, account = `<workspaceId>/<kind>`.
 * keytar is loaded lazily so that importing this file touches no keychain.
 */
export class KeytarSecretStore implements SecretStore {
  private keytar: Keytar | null = null

  constructor(private readonly serviceName: string) {}

  private async lib(): Promise<Keytar> {
    if (!this.keytar) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      this.keytar = require('keytar') as Keytar
    }
    return this.keytar
  }

  private account(workspaceId: string, kind: CredentialKind): string {
    return `${workspaceId}/${kind}`
  }

  async get(workspaceId: string, kind: CredentialKind): Promise<string | null> {
    return this.guard(async (k) => k.getPassword(this.serviceName, this.account(workspaceId, kind)))
  }

  async set(workspaceId: string, kind: CredentialKind, value: string): Promise<void> {
    await this.guard(async (k) => k.setPassword(this.serviceName, this.account(workspaceId, kind), value))
  }

  async delete(workspaceId: string, kind: CredentialKind): Promise<void> {
    await this.guard(async (k) => k.deletePassword(this.serviceName, this.account(workspaceId, kind)))
  }

  async describe(workspaceId: string): Promise<Record<CredentialKind, KeyHint>> {
    const entries = await Promise.all(
      CREDENTIAL_KINDS.map(async (kind) => [kind, hintOf(await this.get(workspaceId, kind))] as const),
    )
    return Object.fromEntries(entries) as Record<CredentialKind, KeyHint>
  }

  async deleteAll(workspaceId: string): Promise<void> {
    for (const kind of CREDENTIAL_KINDS) await this.delete(workspaceId, kind)
  }

  /** Keychain failures become one clear, retryable KEYCHAIN error; the message never holds a secret. */
  private async guard<T>(fn: (k: Keytar) => Promise<T>): Promise<T> {
    try {
      return await fn(await this.lib())
    } catch (err) {
      const reason = keychainReason(err instanceof Error ? err.message : String(err))
      throw new AppError(
        'KEYCHAIN',
        `The OS keychain is not available (${reason}). Unlock your keychain (on Linux: a Secret Service such as gnome-keyring must be running and unlocked) and try again.`,
        true,
      )
    }
  }
}

/**
 * Why the keychain failed, in words a user can act on: the library's own message names its
 * module or D-Bus internals, which are kept only where nothing clearer is known.
 */
export function keychainReason(raw: string): string {
  if (/cannot find module|keytar|\.node\b|NODE_MODULE_VERSION/i.test(raw)) return 'the keychain support of this cio-sync installation could not be loaded; reinstall cio-sync'
  if (/d-?bus|autolaunch|org\.freedesktop|secret ?service|no such interface/i.test(raw)) return 'no unlocked keychain service answered'
  if (/locked|dismissed|cancel/i.test(raw)) return 'the keychain is locked, or unlocking it was cancelled'
  return raw.replace(/keytar|libsecret/gi, 'keychain').slice(0, 200)
}

/** Keychain service name for a data folder: the default home uses `cio-sync`; others get a suffix so two homes never share keys. */
export function keychainServiceFor(home: string, isDefaultHome: boolean): string {
  if (isDefaultHome) return 'cio-sync'
  return `cio-sync:${createHash('sha256').update(home).digest('hex').slice(0, 12)}`
}
