// The one writer of the `people` table (and, through its triggers, of people_fts). Every INSERT,
// UPDATE and DELETE of people is a method here, so the rules of the row live in one place:
// - rows name their workspace by its compact number `ws` (workspaces.ws, migration 0008);
// - base_attributes, the three-way merge base, is stored only while it differs from attributes
//   (NULL = "the same as attributes"), so a person with nothing pending costs one JSON copy;
// - a tombstone always moves updated_at.
// The decisions (what to merge, what to write) stay with the callers: the pull's PeopleWriter, the
// import's mirror applier, the changes' local view, messaging. Statements are raw and prepared once
// per store (docs/TOOLCHAIN.md §5: drizzle's builder is 3× slower for bulk upserts), each on first use.

import type Database from 'better-sqlite3'
import { StatementCache } from './sql-cache'
import { requireWorkspaceKey, workspaceKey } from './workspace-key'

/** The columns of a stored person, as the readers select them. */
export const PERSON_ROW_COLUMNS = 'pk, cio_id, id, email, attributes, base_attributes, devices, remote_updated_at, deleted_at'

/** SQL for a person's merge base: the stored base, or the attributes when none differs. */
export const PEOPLE_BASE_SQL = 'coalesce(base_attributes, attributes)'

/** The base column's value for a person whose view is `attributes` and whose base is `base` (JSON text). */
export function storedBase(attributes: string, base: string | null): string | null {
  return base === attributes ? null : base
}

const INSERT_PULLED = 'INSERT INTO people (ws, cio_id, id, email, attributes, devices, created_at, updated_at, synced_at, remote_updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)'

export interface PulledPersonValues {
  cioId: string
  id: string | null
  email: string | null
  /** JSON text of the local view */
  attributes: string
  /** JSON text of the merge base */
  base: string
  devices: string | null
  remoteUpdatedAt: number | null
}

export class PeopleStore {
  private readonly statements: StatementCache

  constructor(private readonly sqlite: Database.Database) {
    this.statements = new StatementCache(sqlite)
  }

  /** The workspace's compact number, or null for a workspace the mirror does not hold. */
  wsOf(workspaceId: string): number | null {
    return workspaceKey(this.sqlite, workspaceId)
  }

  /** wsOf, for writers: a person belongs to a workspace the mirror holds (NOT_FOUND otherwise). */
  requireWs(workspaceId: string): number {
    return requireWorkspaceKey(this.sqlite, workspaceId)
  }

  /**
   * A pulled person, new to the mirror: the view and the base are the pulled copy (base NULL).
   * `ifAbsent` skips a row whose cio_id or id the workspace already holds (a batch applied twice by
   * a resumed job). Answers the new pk, or 0 when skipped. The pull's hot path: one statement.
   */
  insertPulled(ws: number, p: Omit<PulledPersonValues, 'base'>, now: number, ifAbsent: boolean): number {
    const info = this.statements.get(ifAbsent ? `${INSERT_PULLED} ON CONFLICT DO NOTHING` : INSERT_PULLED).run(ws, p.cioId, p.id, p.email, p.attributes, p.devices, now, now, now, p.remoteUpdatedAt)
    return info.changes > 0 ? Number(info.lastInsertRowid) : 0
  }

  /**
   * The pull's hot path, a batch of exported people into a workspace that had none: one prepared
   * insert per row, base NULL, no devices (an export carries none). Answers the pk each person got,
   * 0 where ON CONFLICT DO NOTHING skipped the row (a batch applied twice by a resumed job).
   */
  insertExported(ws: number, batch: { cioId: ArrayLike<string>; id: ArrayLike<string | null>; email: ArrayLike<string | null>; attributes: ArrayLike<string> }, now: number): Float64Array {
    const insert = this.statements.get(`${INSERT_PULLED} ON CONFLICT DO NOTHING`)
    const pks = new Float64Array(batch.cioId.length)
    for (let i = 0; i < pks.length; i++) {
      const info = insert.run(ws, batch.cioId[i], batch.id[i], batch.email[i], batch.attributes[i], null, now, now, now, null)
      if (info.changes > 0) pks[i] = Number(info.lastInsertRowid)
    }
    return pks
  }

  /** A pulled person over a stored one (merged by the caller); clears a tombstone. */
  updatePulled(pk: number, p: PulledPersonValues, now: number): void {
    this.statements.get(
      'UPDATE people SET cio_id = ?, id = ?, email = ?, attributes = ?, base_attributes = ?, devices = ?, remote_updated_at = ?, updated_at = ?, synced_at = ?, deleted_at = NULL WHERE pk = ?',
    ).run(p.cioId, p.id, p.email, p.attributes, storedBase(p.attributes, p.base), p.devices, p.remoteUpdatedAt, now, now, pk)
  }

  /** Customer.io's update time alone (our own push landed; the person did not change). */
  setRemoteUpdatedAt(pk: number, remoteUpdatedAt: number | null): void {
    this.statements.get('UPDATE people SET remote_updated_at = ? WHERE pk = ?').run(remoteUpdatedAt, pk)
  }

  /** The id moved to another person remotely: this one no longer holds it. */
  releaseId(pk: number, now: number): void {
    this.statements.get('UPDATE people SET id = NULL, updated_at = ? WHERE pk = ?').run(now, pk)
  }

  /** The person is gone remotely: a tombstone (kept so history and undo can still name them). Answers whether it was live. */
  tombstone(pk: number, now: number): boolean {
    return this.statements.get('UPDATE people SET deleted_at = ?, updated_at = ? WHERE pk = ? AND deleted_at IS NULL').run(now, now, pk).changes > 0
  }

  /** tombstone, for a person known by cio_id. Answers whether a live person was marked. */
  tombstoneByCioId(ws: number, cioId: string, now: number): boolean {
    return this.statements.get('UPDATE people SET deleted_at = ?, updated_at = ? WHERE ws = ? AND cio_id = ? AND deleted_at IS NULL').run(now, now, ws, cioId).changes > 0
  }

  /** A person created here (no cio_id until the next pull adopts the row). Answers the pk. */
  insertLocal(ws: number, p: { id: string | null; email: string | null; attributes: string; base: string }, now: number): number {
    const info = this.statements.get('INSERT INTO people (ws, cio_id, id, email, attributes, base_attributes, created_at, updated_at) VALUES (?, NULL, ?, ?, ?, ?, ?, ?)').run(
      ws, p.id, p.email, p.attributes, storedBase(p.attributes, p.base), now, now,
    )
    return Number(info.lastInsertRowid)
  }

  /** After Customer.io accepted pushed values: identifiers, view and base; clears a tombstone. */
  updatePushed(pk: number, p: { id: string | null; email: string | null; attributes: string; base: string }, now: number): void {
    this.statements.get('UPDATE people SET id = ?, email = ?, attributes = ?, base_attributes = ?, updated_at = ?, deleted_at = NULL WHERE pk = ?').run(
      p.id, p.email, p.attributes, storedBase(p.attributes, p.base), now, pk,
    )
  }

  /**
   * The local view with pending edits; the base keeps the last synced copy. `base` is the
   * person's current merge base (JSON text), stored now if the view moves away from it.
   */
  setView(pk: number, attributes: string, base: string, now: number): void {
    this.statements.get('UPDATE people SET attributes = ?, base_attributes = ?, updated_at = ? WHERE pk = ?').run(attributes, storedBase(attributes, base), now, pk)
  }

  /** id or email of the local view. */
  setIdentifier(pk: number, field: 'id' | 'email', value: string | null, now: number): void {
    this.statements.get(`UPDATE people SET ${field === 'id' ? 'id' : 'email'} = ?, updated_at = ? WHERE pk = ?`).run(value, now, pk)
  }

  /** Devices as the App API lists them (JSON text). */
  setDevices(ws: number, pk: number, devices: string): void {
    this.statements.get('UPDATE people SET devices = ? WHERE ws = ? AND pk = ?').run(devices, ws, pk)
  }
}
