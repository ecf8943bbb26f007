import { randomUUID } from 'node:crypto'
import { testConnection, type WorkspaceKeys } from '../cio/connection-test'
import { endpointsFor, type Endpoints } from '../cio/endpoints'
import { hintOf, type KeyHint, type SecretStore } from '../credentials/secret-store'
import {
  CREDENTIAL_KINDS,
  type AddWorkspaceInput,
  type ConnectionReport,
  type CredentialKind,
  type WorkspaceView,
} from '../ipc/contracts/workspaces'
import { AppError } from '../ipc/result'
import type { EventSink } from '../engine/events'
import type { SandboxKeySet, SandboxManager } from './sandbox-manager'
import type { WorkspaceRow, WorkspaceStore } from './workspace-store'

type Credentials = Partial<Record<CredentialKind, string>>

export interface UpdateWorkspace {
  id: string
  name?: string
  url?: string
  production?: boolean
  credentials?: Credentials
}

export const SANDBOX_NAME = 'Sandbox'

/** Workspaces: rows in the mirror, keys in the keychain, connection tests against each API. */
export class WorkspaceService {
  constructor(
    private readonly store: WorkspaceStore,
    private readonly secrets: SecretStore,
    private readonly sandbox: SandboxManager,
    private readonly events: EventSink,
    private readonly now: () => number = Date.now,
  ) {}

  async list(): Promise<WorkspaceView[]> {
    const rows = this.store.list()
    return Promise.all(rows.map((r) => this.view(r)))
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
    this.store.insert(row)
    try {
      await this.writeKeys(row.id, credentials)
    } catch (err) {
      // No half-made workspace: without its keys the row is removed again.
      this.store.remove(row.id)
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
    const report = await testConnection(endpoints, keys)
    if (report.ok && report.region && (row.kind === 'us' || row.kind === 'eu') && report.region !== row.kind) {
      report.ok = false
      report.track = { ...report.track, ok: false, status: 'error', message: `the keys belong to the ${report.region.toUpperCase()} region; edit the workspace and choose ${report.region.toUpperCase()}` }
    }
    this.store.recordTest(id, { at: this.now(), ok: report.ok, region: report.region })
    this.changed()
    return report
  }

  /** Endpoints and keys for an API call. The keys live only as long as the caller holds them. */
  async connection(row: WorkspaceRow): Promise<{ endpoints: Endpoints; keys: WorkspaceKeys }> {
    if (row.kind === 'sandbox') {
      // The built-in sandbox's keys are its own (kept in its data folder), not secrets of a real
      // workspace: it runs on a machine without a keychain (`npm start` on a bare Linux box).
      const sb = await this.sandbox.ensure()
      return { endpoints: endpointsFor(row.kind, sb.url), keys: { siteId: sb.siteId, trackApiKey: sb.trackApiKey, appApiKey: sb.appApiKey, writeKey: sb.writeKey } }
    }
    const endpoints = endpointsFor(row.kind, row.url)
    const [siteId, trackApiKey, appApiKey, writeKey] = await Promise.all(CREDENTIAL_KINDS.map((k) => this.secrets.get(row.id, k)))
    return { endpoints, keys: { siteId, trackApiKey, appApiKey, writeKey } }
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

  private async view(row: WorkspaceRow): Promise<WorkspaceView> {
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
    }
  }

  private changed(): void {
    this.events.emit('app:workspaces:changed', { activeId: this.store.getActive()?.id ?? null })
  }
}

function sandboxHints(keys: SandboxKeySet | null): Record<CredentialKind, KeyHint> {
  return Object.fromEntries(CREDENTIAL_KINDS.map((k) => [k, hintOf(keys?.[k] ?? null)])) as Record<CredentialKind, KeyHint>
}
