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
