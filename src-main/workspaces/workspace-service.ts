import { randomUUID } from 'node:crypto'
import { testConnection, type WorkspaceKeys } from '../cio/connection-test'
import { endpointsFor, type Endpoints } from '../cio/endpoints'
import { hintOf, type KeyHint, type SecretStore } from '../credentials/secret-store'
import {
  CREDENTIAL_KINDS,
  type AddWorkspaceInput,
  type ConnectionReport,
  type CredentialKind,
  type DraftReport,
  type SandboxKeys,
  type WorkspaceView,
} from '../contract/workspaces'
import { AppError } from '../contract/result'
import type { EventSink } from '../base/events'
import type { WorkspaceAccess, WorkspaceConnection, WorkspaceRef } from '../db/workspace-access'
import { flagRegionMismatch, judgeDraft } from './draft-check'
import type { SandboxKeySet, SandboxManager } from './sandbox-manager'
import type { WorkspaceKind } from './types'
import type { WorkspaceRow, WorkspaceStore } from './workspace-store'

type Credentials = Partial<Record<CredentialKind, string>>

export interface UpdateWorkspace {
  id: string
  name?: string
  url?: string
  production?: boolean
  credentials?: Credentials
}

export interface DraftInput {
  /** the workspace being edited: keys left empty are taken from its stored ones */
  id?: string
  kind: WorkspaceKind
  url?: string
  credentials?: Credentials
}

export const SANDBOX_NAME = 'Sandbox'

/** Workspaces: rows in the mirror, keys in the keychain, connection tests against each API. */
export class WorkspaceService implements WorkspaceAccess {
  constructor(
    private readonly store: WorkspaceStore,
    private readonly secrets: SecretStore,
    private readonly sandbox: SandboxManager,
    private readonly events: EventSink,
    private readonly now: () => number = Date.now,
  ) {}

  async list(): Promise<WorkspaceView[]> {
    const rows = this.store.list()
    const siteIds = await this.siteIds(rows)
    return Promise.all(rows.map((r) => this.view(r, siteIds)))
  }

  async add(input: Required<Pick<AddWorkspaceInput, 'name' | 'kind'>> & { url?: string; production?: boolean; credentials?: Credentials }): Promise<WorkspaceView> {
    if (this.store.getByName(input.name)) throw new AppError('CONFLICT', `a workspace named "${input.name}" already exists; choose another name`)
    const credentials = input.credentials ?? {}
    if (input.kind === 'sandbox') {
      if (this.store.list().some((w) => w.kind === 'sandbox')) throw new AppError('CONFLICT', 'there is already a sandbox workspace; there can be only one')
      if (Object.keys(credentials).length) throw new AppError('VALIDATION', 'the sandbox makes its own keys; leave the key fields empty')
      // Started now so that its keys exist; they stay in its data folder (see connection()).
      await this.sandbox.ensure()
    }
    const row: WorkspaceRow = {
      id: randomUUID(),
      name: input.name,
      kind: input.kind,
      url: input.kind === 'custom' ? (input.url ?? null) : null,
      production: input.production ?? false,
      active: false,
      createdAt: this.now(),
      lastTestAt: null,
      lastTestOk: null,
      lastTestRegion: null,
    }
    // Keys first, then the row: another process watching the workspaces (the open app while the
    // CLI adds one) must never see the row without its keys. No half-made workspace either way.
    try {
      await this.writeKeys(row.id, credentials)
      this.store.insert(row)
    } catch (err) {
      await this.secrets.deleteAll(row.id).catch(() => undefined)
      throw err
    }
    if (!this.store.getActive()) this.store.setActive(row.id)
    this.changed()
    return this.view(this.mustGet(row.id))
  }

  async update(input: UpdateWorkspace): Promise<WorkspaceView> {
    const row = this.mustGet(input.id)
    if (input.name !== undefined && input.name.toLowerCase() !== row.name.toLowerCase() && this.store.getByName(input.name)) {
      throw new AppError('CONFLICT', `a workspace named "${input.name}" already exists; choose another name`)
    }
    if (input.url !== undefined && row.kind !== 'custom') throw new AppError('VALIDATION', 'only a custom workspace takes a url')
    if (input.production && row.kind === 'sandbox') throw new AppError('VALIDATION', 'the sandbox cannot be production')
    if (row.kind === 'sandbox' && input.credentials && Object.keys(input.credentials).length) {
      throw new AppError('VALIDATION', 'the sandbox keys are managed by the sandbox itself')
    }
    const patch: Partial<WorkspaceRow> = {}
    if (input.name !== undefined) patch.name = input.name
    if (input.url !== undefined) patch.url = input.url
    if (input.production !== undefined) patch.production = input.production
    if (Object.keys(patch).length) this.store.update(row.id, patch)
    if (input.credentials) await this.writeKeys(row.id, input.credentials)
    this.changed()
    return this.view(this.mustGet(row.id))
  }

  async remove(id: string): Promise<{ id: string }> {
    const row = this.mustGet(id)
    // Older versions kept the sandbox's keys in the keychain too: tidy them where a keychain
    // exists, never fail the removal for want of one.
    if (row.kind === 'sandbox') await this.secrets.deleteAll(id).catch(() => undefined)
    else await this.secrets.deleteAll(id)
    this.store.remove(id)
    if (row.active) {
      const next = this.store.list()[0]
      if (next) this.store.setActive(next.id)
    }
    this.changed()
    return { id }
  }

  async select(id: string): Promise<WorkspaceView> {
    this.mustGet(id)
    this.store.setActive(id)
    this.changed()
    return this.view(this.mustGet(id))
  }

  async test(id: string): Promise<ConnectionReport> {
    const row = this.mustGet(id)
    const { endpoints, keys } = await this.connection(row)
    const report = flagRegionMismatch(await testConnection(endpoints, keys), row.kind)
    this.store.recordTest(id, { at: this.now(), ok: report.ok, region: report.region })
    this.changed()
    return report
  }

  /**
   * "Test connection" of the add/edit form, before anything is stored: the typed keys (plus, when
   * editing, the stored ones left empty) are tried against each API and judged (draft-check.ts).
   * The keys are held only for the calls; nothing is recorded, logged or answered back.
   */
  async testDraft(input: DraftInput): Promise<DraftReport> {
    const editing = input.id ? this.mustGet(input.id) : null
    const kind = editing?.kind ?? input.kind
    if (kind === 'sandbox') {
      const { endpoints, keys } = await this.sandboxConnection()
      const report = await testConnection(endpoints, keys)
      return judgeDraft(report, kind, presence(keys), [])
    }
    const stored = editing ? (await this.connection(editing)).keys : null
    const typed = input.credentials ?? {}
    const pick = (k: CredentialKind) => typed[k] || stored?.[k] || null
    const keys: WorkspaceKeys = { siteId: pick('siteId'), trackApiKey: pick('trackApiKey'), appApiKey: pick('appApiKey'), writeKey: pick('writeKey') }
    const endpoints = endpointsFor(kind, kind === 'custom' ? (input.url ?? editing?.url ?? null) : null)
    const report = flagRegionMismatch(await testConnection(endpoints, keys), kind)
    const others = this.store.list().filter((r) => r.id !== editing?.id)
    const siteIds = await this.siteIds(others)
    const sameSiteIdAs = keys.siteId ? others.filter((r) => siteIds.get(r.id) === keys.siteId).map((r) => r.name) : []
    return judgeDraft(report, kind, presence(keys), sameSiteIdAs)
  }

  /** The Sandbox's keys and addresses, for "Show keys": only the sandbox's, which are not secrets. */
  async sandboxKeys(id: string): Promise<SandboxKeys> {
    const row = this.mustGet(id)
    if (row.kind !== 'sandbox') throw new AppError('FORBIDDEN', `the keys of “${row.name}” stay in the system keychain; only the Sandbox's keys can be shown`)
    const sb = await this.sandbox.ensure()
    const endpoints = endpointsFor('sandbox', sb.url)
    return {
      siteId: sb.siteId,
      trackApiKey: sb.trackApiKey,
      appApiKey: sb.appApiKey,
      writeKey: sb.writeKey,
      url: sb.url,
      trackUrl: endpoints.track,
      appUrl: endpoints.app,
      pipelinesUrl: endpoints.pipelines,
    }
  }

  /** Another process (the CLI on the same data folder) changed the workspaces: tell the windows. */
  noticeExternalChange(): void {
    this.changed()
  }

  /** What the windows show of the workspaces, to tell whether another process changed them. */
  fingerprint(): string {
    return JSON.stringify(this.store.list())
  }

  /** Endpoints and keys for an API call. The keys live only as long as the caller holds them. */
  async connection(row: WorkspaceRef): Promise<WorkspaceConnection> {
    // The built-in sandbox's keys are its own (kept in its data folder), not secrets of a real
    // workspace: it runs on a machine without a keychain (`npm start` on a bare Linux box).
    if (row.kind === 'sandbox') return this.sandboxConnection()
    const endpoints = endpointsFor(row.kind, row.url)
    const [siteId, trackApiKey, appApiKey, writeKey] = await Promise.all(CREDENTIAL_KINDS.map((k) => this.secrets.get(row.id, k)))
    return { endpoints, keys: { siteId, trackApiKey, appApiKey, writeKey } }
  }

  private async sandboxConnection(): Promise<{ endpoints: Endpoints; keys: WorkspaceKeys }> {
    const sb = await this.sandbox.ensure()
    return { endpoints: endpointsFor('sandbox', sb.url), keys: { siteId: sb.siteId, trackApiKey: sb.trackApiKey, appApiKey: sb.appApiKey, writeKey: sb.writeKey } }
  }

  /** The Site ID of each workspace (null when unset or unreadable): not a secret, but never shown whole. */
  private async siteIds(rows: WorkspaceRow[]): Promise<Map<string, string | null>> {
    const sandboxSite = rows.some((r) => r.kind === 'sandbox') ? ((await this.sandbox.keys())?.siteId ?? null) : null
    const pairs = await Promise.all(
      rows.map(async (r): Promise<[string, string | null]> => [r.id, r.kind === 'sandbox' ? sandboxSite : await this.secrets.get(r.id, 'siteId').catch(() => null)]),
    )
    return new Map(pairs)
  }

  /** The row of a workspace by id (a job's workspace); NOT_FOUND when it was removed. */
  row(id: string): WorkspaceRow {
    return this.mustGet(id)
  }

  /**
   * A production workspace needs its name typed, exactly, before anything reaches its customers
   * (imports, pushes of the outbox, sends, broadcast triggers): FORBIDDEN otherwise.
   */
  requireConfirmation(id: string, confirm: string | undefined, what: string): WorkspaceRow {
    const row = this.mustGet(id)
    if (row.production && confirm !== row.name) throw new AppError('FORBIDDEN', `"${row.name}" is a production workspace: type its name to ${what}`)
    return row
  }

  active(): WorkspaceRow | undefined {
    return this.store.getActive()
  }

  /** First run: with no workspace at all, create the sandbox and make it active. */
  async ensureFirstRun(): Promise<void> {
    if (this.store.list().length > 0) return
    await this.add({ name: SANDBOX_NAME, kind: 'sandbox' })
  }

  private async writeKeys(id: string, credentials: Credentials): Promise<void> {
    for (const kind of CREDENTIAL_KINDS) {
      const value = credentials[kind]
      if (value !== undefined && value !== '') await this.secrets.set(id, kind, value)
    }
  }

  private mustGet(id: string): WorkspaceRow {
    const row = this.store.get(id)
    if (!row) throw new AppError('NOT_FOUND', `no workspace with id ${id}; it may have been removed`)
    return row
  }

  private async view(row: WorkspaceRow, known?: Map<string, string | null>): Promise<WorkspaceView> {
    const all = this.store.list()
    const siteIds = known ?? (await this.siteIds(all))
    const site = siteIds.get(row.id)
    const sameSiteIdAs = site ? all.filter((o) => o.id !== row.id && siteIds.get(o.id) === site).map((o) => o.name) : []
    const credentials = row.kind === 'sandbox' ? sandboxHints(await this.sandbox.keys()) : await this.secrets.describe(row.id)
    const url = row.kind === 'sandbox' ? await this.sandbox.currentUrl() : row.url
    return {
      id: row.id,
      name: row.name,
      kind: row.kind,
      url,
      production: row.production,
      active: row.active,
      createdAt: row.createdAt,
      lastTest: row.lastTestAt === null ? null : { at: row.lastTestAt, ok: !!row.lastTestOk, region: row.lastTestRegion },
      credentials,
      sameSiteIdAs,
    }
  }

  private changed(): void {
    this.events.emit('app:workspaces:changed', { activeId: this.store.getActive()?.id ?? null })
  }
}

function presence(keys: WorkspaceKeys): Record<CredentialKind, boolean> {
  return Object.fromEntries(CREDENTIAL_KINDS.map((k) => [k, !!keys[k]])) as Record<CredentialKind, boolean>
}

function sandboxHints(keys: SandboxKeySet | null): Record<CredentialKind, KeyHint> {
  return Object.fromEntries(CREDENTIAL_KINDS.map((k) => [k, hintOf(keys?.[k] ?? null)])) as Record<CredentialKind, KeyHint>
}
