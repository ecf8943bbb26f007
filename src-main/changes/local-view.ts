// The mirror as the user sees it while edits wait: `people.attributes` (and the id/email columns)
// carry the pending values, `base_attributes` keeps the last synced copy until a push or pull
// moves it (stored only while it differs; db/people-store.ts writes it). Collections have no base
// column: their local view is `collection_rows`, and an edit's base rows live in its outbox entry.
// Values are written in Customer.io's stored form (strings), the form a pull writes, so a pull
// that finds the same value sees no difference.

import type Database from 'better-sqlite3'
import type { Attributes } from '../db/json-types'
import { CollectionsRepo } from '../db/collections-repo'
import { SegmentsRepo } from '../db/segments-repo'
import { PEOPLE_BASE_SQL, PeopleStore } from '../db/people-store'
import { AppError } from '../contract/result'
import { storedValue } from '../merge/decide'

export interface PersonState {
  pk: number
  cioId: string | null
  id: string | null
  email: string | null
  attributes: Attributes
  /** the last synced copy (the merge base); the attributes themselves when no edit moved them */
  base: Attributes | null
  deletedAt: number | null
}

export class LocalView {
  private readonly selectPerson
  private readonly store: PeopleStore
  private readonly segments: SegmentsRepo
  private readonly collections: CollectionsRepo

  constructor(private readonly sqlite: Database.Database) {
    this.selectPerson = sqlite.prepare(
      `SELECT pk, cio_id, id, email, attributes, ${PEOPLE_BASE_SQL} AS base_attributes, deleted_at FROM people WHERE ws = (SELECT ws FROM workspaces WHERE id = ?) AND pk = ?`,
    )
    this.store = new PeopleStore(sqlite)
    this.segments = new SegmentsRepo(sqlite)
    this.collections = new CollectionsRepo(sqlite)
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
    this.store.setView(p.pk, JSON.stringify(p.attributes), JSON.stringify(p.base ?? p.attributes), now)
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
    this.store.setView(p.pk, JSON.stringify(p.attributes), JSON.stringify(base), now)
  }

  /** id or email of the local view; an id is unique per workspace, so one held by someone else is refused. */
  setIdentifier(workspaceId: string, p: PersonState, field: 'id' | 'email', value: string | null, now: number): void {
    if (field === 'id' && value !== null) {
      const holder = this.sqlite.prepare('SELECT pk FROM people WHERE ws = (SELECT ws FROM workspaces WHERE id = ?) AND id = ? AND pk <> ?').pluck().get(workspaceId, value, p.pk) as number | undefined
      if (holder !== undefined) throw new AppError('CONFLICT', `the id "${value}" already belongs to another person in the mirror (pk ${holder})`)
    }
    this.store.setIdentifier(p.pk, field, value, now)
    p[field] = value
  }

  tombstone(p: PersonState, now: number): void {
    this.store.tombstone(p.pk, now)
  }

  isMember(workspaceId: string, segmentId: number, cioId: string | null): boolean {
    if (cioId === null) return false
    return this.segments.isMember(workspaceId, segmentId, cioId)
  }

  /** After Customer.io accepted a membership change (people known by cio_id only, as pulls keep them). */
  setMember(workspaceId: string, segmentId: number, cioId: string | null, member: boolean, now: number): void {
    if (cioId === null) return
    const membership = this.segments.membershipWriter(workspaceId, segmentId)
    if (member) membership.join(cioId, now)
    else membership.leave(cioId, now)
  }

  collectionRows(workspaceId: string, collectionId: number): Record<string, unknown>[] {
    return this.collections.rows(workspaceId, collectionId)
  }

  replaceCollectionRows(workspaceId: string, collectionId: number, rows: Record<string, unknown>[]): void {
    this.collections.replaceRows(workspaceId, collectionId, rows)
  }
}
