// The mirror as the user sees it while edits wait: `people.attributes` (and the id/email columns)
// carry the pending values, `base_attributes` keeps the last synced copy until a push or pull
// moves it. Collections have no base column: their local view is `collection_rows`, and an
// edit's base rows live in its outbox entry. Values are written in Customer.io's stored form
// (strings), the form a pull writes, so a pull that finds the same value sees no difference.

import type Database from 'better-sqlite3'
import type { Attributes } from '../db/json-types'
import { AppError } from '../ipc/result'
import { storedValue } from './decide'

export interface PersonState {
  pk: number
  cioId: string | null
  id: string | null
  email: string | null
  attributes: Attributes
  base: Attributes | null
  deletedAt: number | null
}

export class LocalView {
  private readonly selectPerson
  private readonly writeAttributes
  private readonly writeBase

  constructor(private readonly sqlite: Database.Database) {
    this.selectPerson = sqlite.prepare('SELECT pk, cio_id, id, email, attributes, base_attributes, deleted_at FROM people WHERE workspace_id = ? AND pk = ?')
    this.writeAttributes = sqlite.prepare('UPDATE people SET attributes = ?, updated_at = ? WHERE pk = ?')
    this.writeBase = sqlite.prepare('UPDATE people SET attributes = ?, base_attributes = ?, updated_at = ? WHERE pk = ?')
  }

  personOrNull(workspaceId: string, pk: number): PersonState | null {
    const r = this.selectPerson.get(workspaceId, pk) as
      | { pk: number; cio_id: string | null; id: string | null; email: string | null; attributes: string; base_attributes: string | null; deleted_at: number | null }
      | undefined
    if (!r) return null
    return {
      pk: r.pk, cioId: r.cio_id, id: r.id, email: r.email, attributes: JSON.parse(r.attributes) as Attributes,
      base: r.base_attributes === null ? null : (JSON.parse(r.base_attributes) as Attributes), deletedAt: r.deleted_at,
    }
  }

  person(workspaceId: string, pk: number): PersonState {
    const p = this.personOrNull(workspaceId, pk)
    if (!p) throw new AppError('NOT_FOUND', `no person with pk ${pk} in this workspace`)
    return p
  }

  /** The last synced value of an attribute (the local view for a person never synced). */
  syncedValue(p: PersonState, field: string): unknown {
    return (p.base ?? p.attributes)[field]
  }

  /** Sets (or, for undefined, removes) attributes of the local view. */
  setAttributes(p: PersonState, values: Record<string, unknown>, now: number): void {
    for (const [field, value] of Object.entries(values)) {
      const stored = storedValue(value)
      if (stored === undefined) delete p.attributes[field]
      else p.attributes[field] = stored
    }
    this.writeAttributes.run(JSON.stringify(p.attributes), now, p.pk)
  }

  /** After Customer.io accepted values: the local view and the base both hold them. */
  setSynced(p: PersonState, values: Record<string, unknown>, now: number): void {
    const base = p.base ?? { ...p.attributes }
    for (const [field, value] of Object.entries(values)) {
      const stored = storedValue(value)
      for (const target of [p.attributes, base]) {
        if (stored === undefined) delete target[field]
        else target[field] = stored
      }
    }
    p.base = base
    this.writeBase.run(JSON.stringify(p.attributes), JSON.stringify(base), now, p.pk)
  }

  /** id or email of the local view; an id is unique per workspace, so one held by someone else is refused. */
  setIdentifier(workspaceId: string, p: PersonState, field: 'id' | 'email', value: string | null, now: number): void {
    if (field === 'id' && value !== null) {
      const holder = this.sqlite.prepare('SELECT pk FROM people WHERE workspace_id = ? AND id = ? AND pk <> ?').pluck().get(workspaceId, value, p.pk) as number | undefined
      if (holder !== undefined) throw new AppError('CONFLICT', `the id "${value}" already belongs to another person in the mirror (pk ${holder})`)
    }
    this.sqlite.prepare(`UPDATE people SET ${field === 'id' ? 'id' : 'email'} = ?, updated_at = ? WHERE pk = ?`).run(value, now, p.pk)
    p[field] = value
  }

  tombstone(p: PersonState, now: number): void {
    this.sqlite.prepare('UPDATE people SET deleted_at = ?, updated_at = ? WHERE pk = ?').run(now, now, p.pk)
  }

  isMember(workspaceId: string, segmentId: number, cioId: string | null): boolean {
    if (cioId === null) return false
    return this.sqlite.prepare('SELECT 1 FROM segment_members WHERE workspace_id = ? AND segment_id = ? AND cio_id = ? AND left_at IS NULL').get(workspaceId, segmentId, cioId) !== undefined
  }

  /** After Customer.io accepted a membership change (people known by cio_id only, as pulls keep them). */
  setMember(workspaceId: string, segmentId: number, cioId: string | null, member: boolean, now: number): void {
    if (cioId === null) return
    if (member) {
      this.sqlite
        .prepare(
          `INSERT INTO segment_members (workspace_id, segment_id, cio_id, joined_at, pull_id, left_at)
           SELECT ?, ?, ?, ?, NULL, NULL WHERE EXISTS (SELECT 1 FROM segments WHERE workspace_id = ? AND id = ?)
           ON CONFLICT (workspace_id, segment_id, cio_id) DO UPDATE SET left_at = NULL, joined_at = CASE WHEN segment_members.left_at IS NULL THEN segment_members.joined_at ELSE excluded.joined_at END`,
        )
        .run(workspaceId, segmentId, cioId, now, workspaceId, segmentId)
    } else {
      this.sqlite.prepare('UPDATE segment_members SET left_at = ? WHERE workspace_id = ? AND segment_id = ? AND cio_id = ? AND left_at IS NULL').run(now, workspaceId, segmentId, cioId)
    }
  }

  collectionRows(workspaceId: string, collectionId: number): Record<string, unknown>[] {
    return (this.sqlite.prepare('SELECT data FROM collection_rows WHERE workspace_id = ? AND collection_id = ? ORDER BY idx').pluck().all(workspaceId, collectionId) as string[]).map(
      (d) => JSON.parse(d) as Record<string, unknown>,
    )
  }

  replaceCollectionRows(workspaceId: string, collectionId: number, rows: Record<string, unknown>[]): void {
    this.sqlite.prepare('DELETE FROM collection_rows WHERE workspace_id = ? AND collection_id = ?').run(workspaceId, collectionId)
    const insert = this.sqlite.prepare('INSERT INTO collection_rows (workspace_id, collection_id, idx, data) VALUES (?, ?, ?, ?)')
    rows.forEach((row, idx) => insert.run(workspaceId, collectionId, idx, JSON.stringify(row)))
    this.sqlite.prepare('UPDATE collections SET rows = ? WHERE workspace_id = ? AND id = ?').run(rows.length, workspaceId, collectionId)
  }
}
