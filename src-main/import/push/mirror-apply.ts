// After Customer.io accepted a people row, the mirror is brought to what was sent — the local view
// AND the merge base (the pushed values are now the synced values) — so planning the same file
// again finds every row unchanged and sends nothing. Values are stored in Customer.io's form
// (strings, see plan/diff.ts), the form a later pull writes, so that pull sees no difference.
// People created by the import get a row without a cio_id; the next pull adopts it by id
// (PeopleWriter.applyOne does exactly that for people created here).

import type Database from 'better-sqlite3'
import type { Attributes, FieldChanges } from '../../db/json-types'
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
  private readonly update
  private readonly insert
  private readonly tombstone

  constructor(sqlite: Database.Database, private readonly workspaceId: string) {
    const select = 'SELECT pk, id, email, attributes, base_attributes, deleted_at FROM people WHERE workspace_id = ? AND'
    this.find = {
      id: sqlite.prepare(`${select} id = ?`),
      cio_id: sqlite.prepare(`${select} cio_id = ?`),
      // a live holder of the email first, then a tombstone
      email: sqlite.prepare(`${select} lower(email) = ? ORDER BY deleted_at IS NOT NULL, pk LIMIT 1`),
    }
    this.update = sqlite.prepare('UPDATE people SET id = ?, email = ?, attributes = ?, base_attributes = ?, updated_at = ?, deleted_at = NULL WHERE pk = ?')
    this.insert = sqlite.prepare(
      'INSERT INTO people (workspace_id, cio_id, id, email, attributes, base_attributes, created_at, updated_at) VALUES (?, NULL, ?, ?, ?, ?, ?, ?)',
    )
    this.tombstone = sqlite.prepare('UPDATE people SET deleted_at = ?, updated_at = ? WHERE pk = ?')
  }

  /** Applies one accepted row; the caller's transaction covers the whole batch. */
  apply(identifier: Identifier, changes: FieldChanges, now: number): void {
    const stored = this.find[identifier.type].get(this.workspaceId, matchKey(identifier.type, identifier.value)) as Row | undefined
    if (DELETE_PERSON_FIELD in changes) {
      if (stored && stored.deleted_at === null) this.tombstone.run(now, now, stored.pk)
      return
    }
    const attributes = stored && stored.deleted_at === null ? (JSON.parse(stored.attributes) as Attributes) : {}
    const base = stored && stored.deleted_at === null && stored.base_attributes !== null ? (JSON.parse(stored.base_attributes) as Attributes) : {}
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
    if (stored) this.update.run(id, email, JSON.stringify(attributes), JSON.stringify(base), now, stored.pk)
    else this.insert.run(this.workspaceId, id, email, JSON.stringify(attributes), JSON.stringify(base), now, now)
  }
}

/**
 * After Customer.io accepted a membership row, the mirror's segment_members says so too, so the
 * plan of the same file finds the row unchanged. Only people the mirror knows by cio_id (membership
 * is kept by cio_id) in a segment the mirror holds; the next pull corrects anything else.
 */
export class MirrorSegmentApplier {
  private readonly cioIdOf: Record<Identifier['type'], Database.Statement>
  private readonly join
  private readonly leave

  constructor(sqlite: Database.Database, private readonly workspaceId: string, private readonly segmentId: number) {
    const select = 'SELECT cio_id FROM people WHERE workspace_id = ? AND deleted_at IS NULL AND cio_id IS NOT NULL AND'
    this.cioIdOf = {
      id: sqlite.prepare(`${select} id = ?`).pluck(),
      cio_id: sqlite.prepare(`${select} cio_id = ?`).pluck(),
      email: sqlite.prepare(`${select} lower(email) = ? ORDER BY pk LIMIT 1`).pluck(),
    }
    this.join = sqlite.prepare(
      `INSERT INTO segment_members (workspace_id, segment_id, cio_id, joined_at, pull_id, left_at)
       SELECT ?, ?, ?, ?, NULL, NULL WHERE EXISTS (SELECT 1 FROM segments WHERE workspace_id = ? AND id = ?)
       ON CONFLICT (workspace_id, segment_id, cio_id) DO UPDATE SET joined_at = CASE WHEN segment_members.left_at IS NULL THEN segment_members.joined_at ELSE excluded.joined_at END, left_at = NULL`,
    )
    this.leave = sqlite.prepare('UPDATE segment_members SET left_at = ? WHERE workspace_id = ? AND segment_id = ? AND cio_id = ? AND left_at IS NULL')
  }

  /** Applies one accepted row (add or remove); the caller's transaction covers the whole batch. */
  apply(identifier: Identifier, action: 'add' | 'remove', now: number): void {
    const cioId = this.cioIdOf[identifier.type].get(this.workspaceId, matchKey(identifier.type, identifier.value)) as string | undefined
    if (cioId === undefined) return
    if (action === 'add') this.join.run(this.workspaceId, this.segmentId, cioId, now, this.workspaceId, this.segmentId)
    else this.leave.run(now, this.workspaceId, this.segmentId, cioId)
  }
}
