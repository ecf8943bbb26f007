// What every messaging capability needs from the rest of the app: a client set for a workspace
// (keys fetched per call and dropped after it, as jobs do), the person a call is about, the
// production confirmation, and the audit log. Audit entries carry identifiers, ids and counts, never
// keys (the client set keeps those to itself) nor message bodies.

import type Database from 'better-sqlite3'
import { CioClientSet } from '../cio/client-set'
import type { ConnectivityTracker } from '../cio/connectivity'
import type { GovernorRegistry } from '../cio/rate-governor'
import { AppError } from '../contract/result'
import type { WorkspaceAccess } from '../db/workspace-access'
import { PeopleStore } from '../db/people-store'

export interface MessagingDeps {
  sqlite: Database.Database
  workspaces: WorkspaceAccess
  connectivity?: ConnectivityTracker
  governors: GovernorRegistry
  /** who the audit log names */
  actor: string
  now?: () => number
  /** per-request timeout (ms); a send that times out is reported as "may have been sent" */
  timeoutMs?: number
}

export interface MirrorPerson {
  pk: number
  cioId: string | null
  id: string | null
  email: string | null
  deletedAt: number | null
}

export type Identifiers = { cio_id: string } | { id: string } | { email: string }

/** cio_id first: it never changes, so it addresses the person even while their id or email does. */
export function identifiersOf(p: MirrorPerson): Identifiers {
  if (p.cioId) return { cio_id: p.cioId }
  if (p.id) return { id: p.id }
  if (p.email) return { email: p.email }
  throw new AppError('VALIDATION', `person ${p.pk} has no identifier`)
}

/** The Track v1 path identifier: `cio_<id>` addresses by cio_id (docs/customerio-api.md §2.4). */
export function pathIdentifierOf(p: MirrorPerson): string {
  const ids = identifiersOf(p)
  return 'cio_id' in ids ? `cio_${ids.cio_id}` : 'id' in ids ? ids.id : ids.email
}

export class MessagingAccess {
  readonly now: () => number
  /** the writer of people rows (tombstones, devices) */
  readonly people: PeopleStore

  constructor(readonly deps: MessagingDeps) {
    this.now = deps.now ?? Date.now
    this.people = new PeopleStore(deps.sqlite)
  }

  get sqlite(): Database.Database {
    return this.deps.sqlite
  }

  async clients(workspaceId: string): Promise<CioClientSet> {
    const connection = await this.deps.workspaces.connection(this.deps.workspaces.row(workspaceId))
    return new CioClientSet(connection, { workspaceId, connectivity: this.deps.connectivity, governors: this.deps.governors, timeoutMs: this.deps.timeoutMs })
  }

  person(workspaceId: string, pk: number): MirrorPerson {
    const row = this.sqlite
      .prepare('SELECT pk, cio_id AS cioId, id, email, deleted_at AS deletedAt FROM people WHERE ws = (SELECT ws FROM workspaces WHERE id = ?) AND pk = ?')
      .get(workspaceId, pk) as MirrorPerson | undefined
    if (!row) throw new AppError('NOT_FOUND', `no person ${pk} in this workspace's mirror; pull people first`)
    return row
  }

  /** A production workspace needs its name typed before anything reaches its customers. */
  confirmProduction(workspaceId: string, confirm: string | undefined, what: string): void {
    this.deps.workspaces.requireConfirmation(workspaceId, confirm, what)
  }

  /** Appends to the audit log (append-only by trigger) and answers the entry's id. */
  audit(workspaceId: string, action: string, counts: Record<string, number>, results: unknown): number {
    const info = this.sqlite
      .prepare('INSERT INTO audit_log (workspace_id, at, actor, action, job_id, file_name, file_hash, mapping, counts, results) VALUES (?, ?, ?, ?, NULL, NULL, NULL, NULL, ?, ?)')
      .run(workspaceId, this.now(), this.deps.actor, action, JSON.stringify(counts), JSON.stringify(results))
    return Number(info.lastInsertRowid)
  }

  /** When this workspace last had an audit entry of `action` (ms), or null. */
  lastAudit(workspaceId: string, action: string): number | null {
    return (this.sqlite.prepare('SELECT max(at) FROM audit_log WHERE workspace_id = ? AND action = ?').pluck().get(workspaceId, action) as number | null) ?? null
  }
}

/** True when the failure says the request never reached Customer.io or it was down: show the cache. */
export function isOffline(err: unknown): boolean {
  return err instanceof AppError && err.code === 'NETWORK'
}
