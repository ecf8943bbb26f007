// Writes pulled people into the mirror through raw prepared statements (docs/TOOLCHAIN.md §5: drizzle's
// builder is 3× slower for bulk upserts). The caller wraps each batch in a transaction.
//
// Two modes:
//   - 'fresh': the workspace had no people when the pull began, so every row is an insert and no
//     lookup is needed. ON CONFLICT DO NOTHING makes a batch that is applied twice (a resumed job)
//     harmless.
//   - 'compare': each row is looked up by cio_id and written only when something differs, so a
//     second pull rewrites only what changed remotely (and the FTS update trigger stays quiet).

import type Database from 'better-sqlite3'
import { personEntityKey } from '../base/entity-key'
import { PeopleStore, PERSON_ROW_COLUMNS } from '../db/people-store'
import { decide, decideEmail } from './decide'
import { loadPendingEdits, PendingEditMarks, type PendingEdit } from './pending-edits'
import type { Attributes } from '../db/json-types'
import { mergePulledAttributes, sameAttributes, type FieldConflict, type RemotePerson } from './person-merge'

/** People of a pull's export, as its worker hands them over (sync/pull/people-batch.ts encodes them). */
export interface PeopleBatch {
  /** 0-based index in the file of the batch's first data row */
  firstRow: number
  /** data rows of the file the batch covers (rows without a cio_id are dropped, not counted out) */
  rowCount: number
  cioId: string[]
  id: (string | null)[]
  email: (string | null)[]
  /** JSON of each person's attributes: what the mirror stores as attributes (and as the merge base: base_attributes NULL) */
  attributes: string[]
}

export interface PeopleCounts {
  created: number
  updated: number
  unchanged: number
  deleted: number
  /** tombstoned people who are back in the export */
  restored: number
  conflicts: number
}

export function emptyPeopleCounts(): PeopleCounts {
  return { created: 0, updated: 0, unchanged: 0, deleted: 0, restored: 0, conflicts: 0 }
}

interface StoredRow {
  pk: number
  cio_id: string | null
  id: string | null
  email: string | null
  attributes: string
  base_attributes: string | null
  devices: string | null
  remote_updated_at: number | null
  deleted_at: number | null
}

const CHANGED_TRACK_MAX = 10_000

/** Devices as stored: JSON text, or null when never read (an export carries none). */
function devicesJson(devices: unknown[] | undefined): string | null {
  return devices === undefined ? null : JSON.stringify(devices)
}

export class PeopleWriter {
  private readonly seen = new Set<string>()
  /**
   * compare mode: people this writer created, updated or restored (docs/pulls.md "Export"),
   * up to CHANGED_TRACK_MAX: beyond that no caller reads them one by one anyway.
   */
  readonly changedCioIds = new Set<string>()
  private readonly pendingByPk: Map<number, Map<string, PendingEdit>>
  private marks: PendingEditMarks | null = null
  private readonly store: PeopleStore
  /** the workspace's compact number, resolved once per writer */
  private readonly ws: number
  private readonly byCioId
  private readonly byId
  private readonly localByEmail
  private readonly upsertConflict

  constructor(
    private readonly sqlite: Database.Database,
    private readonly workspaceId: string,
    private readonly mode: 'fresh' | 'compare',
    /** the time written to created_at / updated_at / synced_at of the rows this pull touches */
    private readonly now: number,
  ) {
    this.store = new PeopleStore(sqlite)
    this.ws = this.store.requireWs(workspaceId)
    this.byCioId = sqlite.prepare(`SELECT ${PERSON_ROW_COLUMNS} FROM people WHERE ws = ? AND cio_id = ?`)
    this.byId = sqlite.prepare(`SELECT ${PERSON_ROW_COLUMNS} FROM people WHERE ws = ? AND id = ?`)
    // Uses the (ws, lower(email)) index; only people created here (no cio_id yet) qualify.
    this.localByEmail = sqlite.prepare(`SELECT ${PERSON_ROW_COLUMNS} FROM people WHERE ws = ? AND lower(email) = lower(?) AND cio_id IS NULL LIMIT 1`)
    this.upsertConflict = sqlite.prepare(
      `INSERT INTO conflicts (workspace_id, entity_key, field, base, local, remote, outbox_id, state, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'open', ?)
       ON CONFLICT (workspace_id, entity_key, field) WHERE state = 'open' DO UPDATE SET base = excluded.base, local = excluded.local, remote = excluded.remote,
         outbox_id = coalesce(excluded.outbox_id, conflicts.outbox_id)`,
    )
    this.pendingByPk = mode === 'fresh' ? new Map() : this.loadPendingFields()
  }

  /** Unsent outbox edits per person (`person:<pk>`) and field, read once per pull. */
  private loadPendingFields(): Map<number, Map<string, PendingEdit>> {
    return loadPendingEdits(this.sqlite, this.workspaceId)
  }

  /** People passed over on resume still count as present in the export. */
  markSeen(cioIds: Iterable<string>): void {
    if (this.mode === 'compare') for (const id of cioIds) this.seen.add(id)
  }

  apply(people: RemotePerson[], counts: PeopleCounts): void {
    if (this.mode === 'fresh') {
      for (const p of people) {
        const values = { cioId: p.cioId, id: p.id, email: p.email, attributes: JSON.stringify(p.attributes), devices: devicesJson(p.devices), remoteUpdatedAt: p.remoteUpdatedAt ?? null }
        if (this.store.insertPulled(this.ws, values, this.now, true) > 0) counts.created++
      }
      return
    }
    for (const p of people) {
      this.seen.add(p.cioId)
      this.applyOne(p, counts)
    }
  }

  /**
   * 'fresh' mode, from a batch as the export worker encodes it (attribute JSON built there).
   * Answers the pk each person got, 0 where ON CONFLICT DO NOTHING skipped the row: the search
   * index built aside indexes exactly the rows inserted.
   */
  applyFreshBatch(batch: PeopleBatch, counts: PeopleCounts): Float64Array {
    if (this.mode !== 'fresh') throw new Error('applyFreshBatch is for fresh mode only')
    const pks = this.store.insertExported(this.ws, batch, this.now)
    for (const pk of pks) if (pk > 0) counts.created++
    return pks
  }

  private applyOne(p: RemotePerson, counts: PeopleCounts): void {
    let stored = this.byCioId.get(this.ws, p.cioId) as StoredRow | undefined
    if (p.id !== null) {
      const holder = this.byId.get(this.ws, p.id) as StoredRow | undefined
      if (holder && holder.pk !== stored?.pk) {
        // A person created here and not pushed yet has no cio_id: the pulled one is them.
        if (!stored && holder.cio_id === null) stored = holder
        // Otherwise the id moved to this person remotely; the old holder gets its own row's
        // new id when its export row comes, or a tombstone.
        else this.store.releaseId(holder.pk, this.now)
      }
    }
    // A person created here by email only (an import keyed by email) comes back with a cio_id:
    // adopt that row rather than adding a second one for the same person.
    if (!stored && p.email !== null) stored = this.localByEmail.get(this.ws, p.email) as StoredRow | undefined
    if (!stored) {
      const values = { cioId: p.cioId, id: p.id, email: p.email, attributes: JSON.stringify(p.attributes), devices: devicesJson(p.devices), remoteUpdatedAt: p.remoteUpdatedAt ?? null }
      this.store.insertPulled(this.ws, values, this.now, false)
      counts.created++
      this.trackChanged(p.cioId)
      return
    }
    const attributes = JSON.parse(stored.attributes) as Attributes
    // base_attributes NULL: the base is the attributes (nothing pending moved the view away)
    const base = stored.base_attributes === null ? attributes : (JSON.parse(stored.base_attributes) as Attributes)
    const edits = this.pendingByPk.get(stored.pk) ?? new Map<string, PendingEdit>()
    const pending = new Set(edits.keys())
    const merged = mergePulledAttributes({ attributes, base }, p.attributes, pending)
    const id = this.mergeIdentifier('id', edits.get('id'), stored.id, p.id, merged)
    const email = this.mergeIdentifier('email', edits.get('email'), stored.email, p.email, merged)
    const devices = p.devices === undefined ? stored.devices : devicesJson(p.devices)
    const remoteUpdatedAt = p.remoteUpdatedAt ?? stored.remote_updated_at
    const same =
      stored.deleted_at === null &&
      stored.cio_id === p.cioId &&
      stored.id === id &&
      stored.email === email &&
      stored.devices === devices &&
      sameAttributes(attributes, merged.attributes) &&
      sameAttributes(base, merged.base)
    if (same) {
      // Customer.io's update time moves when our own push lands, with nothing else changed: kept,
      // but it is not a change of the person (the run's counts and "changed" stay as they were).
      if (stored.remote_updated_at !== remoteUpdatedAt) this.store.setRemoteUpdatedAt(stored.pk, remoteUpdatedAt)
      counts.unchanged++
    } else {
      const values = { cioId: p.cioId, id, email, attributes: JSON.stringify(merged.attributes), base: JSON.stringify(merged.base), devices, remoteUpdatedAt }
      this.store.updatePulled(stored.pk, values, this.now)
      if (stored.deleted_at !== null) counts.restored++
      else counts.updated++
      this.trackChanged(p.cioId)
    }
    this.recordConflicts(stored.pk, merged.conflicts, counts)
    this.settle(edits, merged.settled ?? [])
  }

  /**
   * An identifier with a pending change: the mirror keeps no base column for id and email, so
   * the entry's own base is the merge base. Adds to `merged` what the rule decides.
   */
  private mergeIdentifier(field: 'id' | 'email', edit: PendingEdit | undefined, local: string | null, remote: string | null, merged: { conflicts: FieldConflict[]; settled?: string[] }): string | null {
    if (!edit) return remote
    // an entry already held by a conflict keeps its open conflict as it is
    if (edit.state === 'conflict') return local
    const decision = (field === 'email' ? decideEmail : decide)(edit.base, local, remote)
    if (decision === 'take-remote' || decision === 'same-both') {
      merged.settled = [...(merged.settled ?? []), field]
      return remote
    }
    if (decision === 'conflict') merged.conflicts.push({ field, base: edit.base ?? null, local, remote })
    return local
  }

  /** Entries whose value the remote already holds are done: nothing will be sent for them. */
  private settle(edits: Map<string, PendingEdit>, fields: string[]): void {
    for (const field of fields) {
      const edit = edits.get(field)
      if (!edit) continue
      this.marks ??= new PendingEditMarks(this.sqlite)
      this.marks.settled(edit.id, this.now)
    }
  }

  /** Each conflict names the outbox entry it holds back, and that entry waits in state 'conflict'. */
  private recordConflicts(pk: number, conflicts: FieldConflict[], counts: PeopleCounts): void {
    const json = (v: unknown) => (v === null || v === undefined ? null : JSON.stringify(v))
    const edits = this.pendingByPk.get(pk)
    for (const c of conflicts) {
      const edit = edits?.get(c.field)
      this.upsertConflict.run(this.workspaceId, personEntityKey(pk), c.field, json(c.base), json(c.local), json(c.remote), edit?.id ?? null, this.now)
      if (edit) {
        this.marks ??= new PendingEditMarks(this.sqlite)
        this.marks.conflict(edit.id, this.now)
        edit.state = 'conflict'
      }
      counts.conflicts++
    }
  }

  private trackChanged(cioId: string): void {
    if (this.changedCioIds.size <= CHANGED_TRACK_MAX) this.changedCioIds.add(cioId)
  }

  /** People known to be gone remotely (the activity feed said so, or a read of them found nobody). */
  tombstone(cioIds: Iterable<string>, counts: PeopleCounts): void {
    for (const cioId of cioIds) if (this.store.tombstoneByCioId(this.ws, cioId, this.now)) counts.deleted++
  }

  /**
   * After a complete export: people the mirror knows by cio_id but the export did not list are
   * gone remotely and get a tombstone. People created here (no cio_id yet) are left alone.
   */
  tombstoneUnseen(counts: PeopleCounts): void {
    if (this.mode === 'fresh') return
    const gone: number[] = []
    const rows = this.sqlite.prepare('SELECT pk, cio_id FROM people WHERE ws = ? AND deleted_at IS NULL AND cio_id IS NOT NULL').iterate(this.ws) as Iterable<{
      pk: number
      cio_id: string
    }>
    for (const r of rows) if (!this.seen.has(r.cio_id)) gone.push(r.pk)
    for (const pk of gone) this.store.tombstone(pk, this.now)
    counts.deleted += gone.length
  }
}
