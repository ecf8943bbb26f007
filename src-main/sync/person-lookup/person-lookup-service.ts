// One person, online, when the mirror lacks them (issue 13): someone created in Customer.io after
// the last pull is looked up through the App API (GET /v1/customers/{id}/attributes, docs/customerio-api.md §4.4) and
// written into the mirror with the pull's own merge rule (PeopleWriter in 'compare' mode), so
// what follows (the person panel, an offline edit, a send) sees them exactly as if a pull had
// brought them: attributes and devices, the pulled copy as the merge base, pending edits of a
// locally created row kept and checked against the remote values.
//
// Offline reads stay offline and fast: a workspace the connectivity tracker saw failing within
// the last minute is not asked at all, each request has a short timeout and is not retried on a
// network failure or 5xx, and the whole lookup has a time budget (governor wait included). When
// the workspace cannot be asked, the mirror's own NOT_FOUND is the answer, with the reason.

import type Database from 'better-sqlite3'
import { AppReads, type CustomerRecord } from '../../cio/app-reads'
import { CioClientSet } from '../../cio/client-set'
import type { ConnectivityTracker } from '../../cio/connectivity'
import type { GovernorRegistry } from '../../cio/rate-governor'
import type { RetryPolicy } from '../../cio/request-policy'
import type { PersonDetail, PersonLookup } from '../../contract/people'
import { AppError } from '../../contract/result'
import type { WorkspaceAccess } from '../../db/workspace-access'
import { emptyPeopleCounts, PeopleWriter } from '../../merge/people-writer'
import { personFromRecord } from '../../merge/person-merge'
import { lookupKeysOf, notFoundOffline, notInWorkspace, recentlyUnreachable } from './lookup-key'

export interface PersonLookupDeps {
  sqlite: Database.Database
  workspaces: Pick<WorkspaceAccess, 'row' | 'connection'>
  connectivity: ConnectivityTracker
  /** the mirror's read of one person (PeopleReadService.get): asked first, and again after a fetch */
  readPerson(workspaceId: string, input: PersonLookup): PersonDetail
  /** the engine's shared rate budgets: a lookup takes its App API slot like any job */
  governors: GovernorRegistry
  /** an existing row was rewritten (adopted, updated, restored): outbox counts may have moved */
  onPeopleChanged?(workspaceId: string): void
  now?: () => number
  /** per request (ms) */
  timeoutMs?: number
  /** the whole lookup, rate-budget wait and every attempt included (ms) */
  budgetMs?: number
  /** how long a workspace that failed to answer is left alone (ms) */
  offlineHoldMs?: number
}

/** A person panel waits seconds at most: one attempt per read (429s aside), nothing replayed. */
const LOOKUP_POLICY: RetryPolicy = { maxAttempts: 1, maxRateLimitedAttempts: 3, baseDelayMs: 200, maxDelayMs: 1000 }
const DEFAULT_TIMEOUT_MS = 4000
const DEFAULT_BUDGET_MS = 6000
/** The scheduler re-probes an offline workspace once a minute (schedule/scheduler.ts); so do we. */
const DEFAULT_OFFLINE_HOLD_MS = 60_000

export class PersonLookupService {
  private readonly now: () => number

  constructor(private readonly deps: PersonLookupDeps) {
    this.now = deps.now ?? Date.now
  }

  /**
   * `app:people:get`: the mirror's answer; for an identifier the mirror lacks, the person as the
   * workspace knows them, added to the mirror first. A lookup by pk is the mirror's alone (a pk
   * exists only there).
   */
  async get(workspaceId: string, input: PersonLookup): Promise<PersonDetail> {
    try {
      return this.deps.readPerson(workspaceId, input)
    } catch (err) {
      if (!(err instanceof AppError) || err.code !== 'NOT_FOUND' || input.pk !== undefined || !input.ident) throw err
      const pk = await this.fetchOr(workspaceId, input.ident, err)
      return this.deps.readPerson(workspaceId, { pk })
    }
  }

  /**
   * Reads one person from the workspace into the mirror and answers their pk. NOT_FOUND when the
   * workspace does not know them; NETWORK (and the tracker marked unreachable) when it cannot be
   * reached; AUTH without an App API key.
   */
  async fetch(workspaceId: string, ident: string): Promise<number> {
    const pk = await this.find(workspaceId, ident)
    if (pk === null) throw notInWorkspace(ident)
    return pk
  }

  /** fetch(), or `mirrorMiss` with the reason when the workspace could not be asked. */
  private async fetchOr(workspaceId: string, ident: string, mirrorMiss: AppError): Promise<number> {
    const last = this.deps.connectivity.get(workspaceId)
    if (recentlyUnreachable(last, this.now(), this.deps.offlineHoldMs ?? DEFAULT_OFFLINE_HOLD_MS)) {
      throw notFoundOffline(mirrorMiss, new AppError('NETWORK', last?.message ?? 'it did not answer a moment ago', true))
    }
    let pk: number | null
    try {
      pk = await this.find(workspaceId, ident)
    } catch (err) {
      throw notFoundOffline(mirrorMiss, err)
    }
    if (pk === null) throw notInWorkspace(ident)
    return pk
  }

  /** The person's pk after writing them into the mirror, or null when the workspace knows nobody by `ident`. */
  private async find(workspaceId: string, ident: string): Promise<number | null> {
    const keys = lookupKeysOf(ident)
    if (keys.length === 0) return null
    const connection = await this.deps.workspaces.connection(this.deps.workspaces.row(workspaceId))
    if (!connection.keys.appApiKey) throw new AppError('AUTH', 'this workspace has no App API key to look people up with; add it under Workspaces')
    const cio = new CioClientSet(connection, {
      workspaceId,
      connectivity: this.deps.connectivity,
      governors: this.deps.governors,
      timeoutMs: this.deps.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      policy: LOOKUP_POLICY,
    })
    const budgetMs = this.deps.budgetMs ?? DEFAULT_BUDGET_MS
    const signal = AbortSignal.timeout(budgetMs)
    const reads = new AppReads(cio, signal)
    for (const key of keys) {
      let record: CustomerRecord
      try {
        record = await reads.customerAttributes(key.value, key.idType)
      } catch (err) {
        if (err instanceof AppError && err.code === 'NOT_FOUND') continue
        // the budget ran out while waiting for a rate slot or a Retry-After (CANCELLED)
        if (signal.aborted) throw new AppError('NETWORK', `the App API did not answer within ${Math.round(budgetMs / 1000)} s`, true)
        throw err
      }
      return this.write(workspaceId, record)
    }
    return null
  }

  /** Writes the person as a pull would (same merge rule, same row adoption) and answers the pk. */
  private write(workspaceId: string, record: CustomerRecord): number {
    const person = personFromRecord(record)
    const counts = emptyPeopleCounts()
    const sqlite = this.deps.sqlite
    const pk = sqlite.transaction(() => {
      new PeopleWriter(sqlite, workspaceId, 'compare', this.now()).apply([person], counts)
      return sqlite.prepare('SELECT pk FROM people WHERE ws = (SELECT ws FROM workspaces WHERE id = ?) AND cio_id = ?').pluck().get(workspaceId, person.cioId) as number | undefined
    })()
    if (pk === undefined) throw new AppError('DATABASE', `the person with cio_id ${person.cioId} was written but cannot be read back from the mirror`)
    // A new row has no outbox entries; a rewritten one may have had edits settled or held by a conflict.
    if (counts.created === 0) this.deps.onPeopleChanged?.(workspaceId)
    return pk
  }
}
