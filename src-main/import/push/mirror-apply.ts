// After Customer.io accepted a people row, the mirror is brought to what was sent — the local view
// AND the merge base (the pushed values are now the synced values) — so planning the same file
// again finds every row unchanged and sends nothing. Values are stored in Customer.io's form
// (strings, see plan/diff.ts), the form a later pull writes, so that pull sees no difference.
// People created by the import get a row without a cio_id; the next pull adopts it by id
// (PeopleWriter.applyOne does exactly that for people created here).

import type Database from 'better-sqlite3'
import { PeopleStore } from '../../db/people-store'
import type { Attributes, FieldChanges } from '../../db/json-types'
import { SegmentsRepo } from '../../db/segments-repo'
import { storedForm } from '../plan/diff'
import { matchKey } from '../plan/mirror-lookup'
import type { Identifier } from '../types'
import { DELETE_PERSON_FIELD } from './ops'

interface Row {
  pk: number
  id: string | null
  email: string | null
  attributes: string
  base_attributes: string | null
  deleted_at: number | null
}

export class MirrorPeopleApplier {
  private readonly find: Record<Identifier['type'], Database.Statement>
  private readonly store: PeopleStore
  /** the workspace's compact number, resolved once per applier */
  private readonly ws: number

  constructor(sqlite: Database.Database, workspaceId: string) {
    this.store = new PeopleStore(sqlite)
    this.ws = this.store.requireWs(workspaceId)
    const select = 'SELECT pk, id, email, attributes, base_attributes, deleted_at FROM people WHERE ws = ? AND'
    this.find = {
      id: sqlite.prepare(`${select} id = ?`),
      cio_id: sqlite.prepare(`${select} cio_id = ?`),
      // a live holder of the email first, then a tombstone
      email: sqlite.prepare(`${select} lower(email) = ? ORDER BY deleted_at IS NOT NULL, pk LIMIT 1`),
    }
  }

  /** Applies one accepted row; the caller's transaction covers the whole batch. */
  apply(identifier: Identifier, changes: FieldChanges, now: number): void {
    const stored = this.find[identifier.type].get(this.ws, matchKey(identifier.type, identifier.value)) as Row | undefined
    if (DELETE_PERSON_FIELD in changes) {
      if (stored && stored.deleted_at === null) this.store.tombstone(stored.pk, now)
      return
    }
    const attributes = stored && stored.deleted_at === null ? (JSON.parse(stored.attributes) as Attributes) : {}
    // base_attributes NULL: the base is the attributes (parsed again: both are changed below)
    const base = stored && stored.deleted_at === null ? (JSON.parse(stored.base_attributes ?? stored.attributes) as Attributes) : {}
    let id = stored?.id ?? (identifier.type === 'id' ? identifier.value : null)
    let email = stored?.email ?? (identifier.type === 'email' ? identifier.value : null)
    for (const [field, c] of Object.entries(changes)) {
      const value = storedForm(c.to)
      if (field === 'id') id = value ?? null
      else if (field === 'email') email = value ?? null
      else if (value === undefined) {
        delete attributes[field]
        delete base[field]
      } else {
        attributes[field] = value
        base[field] = value
      }
    }
    const values = { id, email, attributes: JSON.stringify(attributes), base: JSON.stringify(base) }
    if (stored) this.store.updatePushed(stored.pk, values, now)
    else this.store.insertLocal(this.ws, values, now)
  }
}

/**
 * After Customer.io accepted a membership row, the mirror's segment_members says so too, so the
 * plan of the same file finds the row unchanged. Only people the mirror knows by cio_id (membership
 * is kept by cio_id) in a segment the mirror holds; the next pull corrects anything else.
 */
export class MirrorSegmentApplier {
  private readonly cioIdOf: Record<Identifier['type'], Database.Statement>
  private readonly membership

  constructor(sqlite: Database.Database, private readonly workspaceId: string, private readonly segmentId: number) {
    const select = 'SELECT cio_id FROM people WHERE ws = (SELECT ws FROM workspaces WHERE id = ?) AND deleted_at IS NULL AND cio_id IS NOT NULL AND'
    this.cioIdOf = {
      id: sqlite.prepare(`${select} id = ?`).pluck(),
      cio_id: sqlite.prepare(`${select} cio_id = ?`).pluck(),
      email: sqlite.prepare(`${select} lower(email) = ? ORDER BY pk LIMIT 1`).pluck(),
    }
    this.membership = new SegmentsRepo(sqlite).membershipWriter(workspaceId, segmentId)
  }

  /** Applies one accepted row (add or remove); the caller's transaction covers the whole batch. */
  apply(identifier: Identifier, action: 'add' | 'remove', now: number): void {
    const cioId = this.cioIdOf[identifier.type].get(this.workspaceId, matchKey(identifier.type, identifier.value)) as string | undefined
    if (cioId === undefined) return
    if (action === 'add') this.membership.join(cioId, now)
    else this.membership.leave(cioId, now)
  }
}
