// Offline edits into the outbox (issue #6): each `changes:edit` becomes outbox entries holding the
// value they were made against, and the mirror's local view shows the edit at once. Attribute
// edits are one entry per field, so each can be discarded alone; editing a field again replaces
// the entry's value and keeps its base; editing it back to the base drops the entry. Nothing is
// sent here: the push job does that.

import type Database from 'better-sqlite3'
import type { EditInput } from '../contract/changes'
import { AppError } from '../contract/result'
import { personEntityKey, personPkOf } from '../base/entity-key'
import { CollectionsRepo } from '../db/collections-repo'
import { SegmentsRepo } from '../db/segments-repo'
import { sameStored, storedValue } from '../merge/decide'
import { LocalView, type PersonState } from './local-view'
import { fieldOf, type OutboxRepo, type OutboxRow } from './outbox-repo'
import { SENDABLE_STATES } from '../merge/pending-edits'

const IDENTIFIER_FIELDS = new Set(['id', 'email', 'cio_id'])

export class EditService {
  private readonly view: LocalView
  private readonly segments: SegmentsRepo
  private readonly collections: CollectionsRepo

  constructor(
    private readonly sqlite: Database.Database,
    private readonly repo: OutboxRepo,
    private readonly now: () => number,
  ) {
    this.view = new LocalView(sqlite)
    this.segments = new SegmentsRepo(sqlite)
    this.collections = new CollectionsRepo(sqlite)
  }

  /** Records one edit; answers the ids of the entries it created or changed (dropped ones are gone). */
  edit(workspaceId: string, input: EditInput): number[] {
    return this.sqlite.transaction(() => {
      switch (input.kind) {
        case 'attributes':
          return this.attributes(workspaceId, input.pk, input.set)
        case 'identifier':
          return this.identifier(workspaceId, input.pk, input.field, input.value)
        case 'segment':
          return this.segment(workspaceId, input.pk, input.segmentId, input.action)
        case 'person':
          return this.personOp(workspaceId, input.pk, input.action)
        case 'collection':
          return this.collection(workspaceId, input.collectionId, input.rows)
      }
    })()
  }

  private livePerson(workspaceId: string, pk: number): PersonState {
    const p = this.view.person(workspaceId, pk)
    if (p.deletedAt !== null) throw new AppError('CONFLICT', `this person was deleted in Customer.io (pk ${pk}); pull to see the current state`)
    return p
  }

  /** The unsent identify entry of a field; refuses one that is on the wire or held by a conflict. */
  private entryOf(workspaceId: string, pk: number, field: string): OutboxRow | undefined {
    const entry = this.repo.unsentFor(workspaceId, personEntityKey(pk)).filter((e) => e.op === 'identify' && fieldOf(e) === field).pop()
    if (entry?.state === 'sending') throw new AppError('CONFLICT', `"${field}" is being pushed right now; edit it again when the push has finished`)
    if (entry?.state === 'conflict') throw new AppError('CONFLICT', `"${field}" has an open conflict; resolve it (keep mine, keep theirs, or type a value) first`)
    return entry
  }

  private attributes(workspaceId: string, pk: number, set: Record<string, string | number | boolean | null>): number[] {
    const p = this.livePerson(workspaceId, pk)
    const touched: number[] = []
    const local: Record<string, unknown> = {}
    const now = this.now()
    for (const [field, value] of Object.entries(set)) {
      if (IDENTIFIER_FIELDS.has(field)) throw new AppError('VALIDATION', `"${field}" is an identifier: change it with an identifier edit (sent through cio_ addressing), not as an attribute`)
      const entry = this.entryOf(workspaceId, pk, field)
      if (entry) {
        if (sameStored(value, entry.base?.[field])) {
          // back to the value it was made against: nothing left to send
          this.repo.delete(entry.id)
          local[field] = this.view.syncedValue(p, field)
          continue
        }
        this.repo.replacePayload(entry.id, { attributes: { [field]: value } }, now)
        touched.push(entry.id)
      } else {
        const base = this.view.syncedValue(p, field)
        if (sameStored(value, base)) {
          if (!sameStored(value, p.attributes[field])) local[field] = base
          continue
        }
        touched.push(this.repo.insert(workspaceId, { op: 'identify', entityKey: personEntityKey(pk), payload: { attributes: { [field]: value } }, base: { [field]: storedValue(base) ?? null } }, now))
      }
      local[field] = value
    }
    if (Object.keys(local).length > 0) this.view.setAttributes(p, local, now)
    return touched
  }

  /** A new id or email: sent with cio_ addressing, as Customer.io requires to change an identifier. */
  private identifier(workspaceId: string, pk: number, field: 'id' | 'email', value: string): number[] {
    const p = this.livePerson(workspaceId, pk)
    if (p.cioId === null) throw new AppError('VALIDATION', `this person is not in Customer.io yet (no cio_id), so the ${field} cannot be changed through cio_ addressing; pull first`)
    const same = (a: unknown, b: unknown) => (field === 'email' && typeof a === 'string' && typeof b === 'string' ? a.toLowerCase() === b.toLowerCase() : sameStored(a, b))
    const now = this.now()
    const entry = this.entryOf(workspaceId, pk, field)
    const base = entry ? entry.base?.[field] : p[field]
    if (same(value, base)) {
      if (entry) this.repo.delete(entry.id)
      this.view.setIdentifier(workspaceId, p, field, (base as string | null) ?? null, now)
      return []
    }
    this.view.setIdentifier(workspaceId, p, field, value, now)
    if (entry) {
      this.repo.replacePayload(entry.id, { attributes: { [field]: value } }, now)
      return [entry.id]
    }
    return [this.repo.insert(workspaceId, { op: 'identify', entityKey: personEntityKey(pk), payload: { attributes: { [field]: value } }, base: { [field]: base ?? null } }, now)]
  }

  private segment(workspaceId: string, pk: number, segmentId: number, action: 'add' | 'remove'): number[] {
    const p = this.livePerson(workspaceId, pk)
    const seg = this.segments.find(workspaceId, segmentId)
    if (!seg) throw new AppError('NOT_FOUND', `no segment ${segmentId} in the mirror; pull segments first`)
    if (seg.type !== 'manual') {
      throw new AppError('VALIDATION', `segment "${seg.name}" (${segmentId}) is ${seg.type === 'dynamic' ? 'data-driven' : 'not known to be manual'}: only manual segments can be changed through the API; a data-driven segment follows its conditions`)
    }
    if (p.cioId === null && p.id === null && p.email === null) throw new AppError('VALIDATION', 'this person has no identifier to add to a segment')
    const op = action === 'add' ? 'segment_add' : 'segment_remove'
    const existing = this.repo.unsentFor(workspaceId, personEntityKey(pk)).filter((e) => (e.op === 'segment_add' || e.op === 'segment_remove') && e.payload.segmentId === segmentId).pop()
    if (existing?.state === 'sending') throw new AppError('CONFLICT', `the membership of segment ${segmentId} is being pushed right now; try again when the push has finished`)
    if (existing) {
      if (existing.op === op) return [existing.id]
      this.repo.delete(existing.id) // add then remove (or the reverse): back to where it was
      return []
    }
    const member = this.view.isMember(workspaceId, segmentId, p.cioId)
    if (member === (action === 'add')) return []
    return [this.repo.insert(workspaceId, { op, entityKey: personEntityKey(pk), payload: { segmentId }, base: { member } }, this.now())]
  }

  private personOp(workspaceId: string, pk: number, action: 'delete' | 'suppress' | 'unsuppress'): number[] {
    const p = this.view.person(workspaceId, pk)
    if (action !== 'unsuppress' && p.deletedAt !== null) throw new AppError('CONFLICT', `this person was already deleted in Customer.io (pk ${pk})`)
    if (p.cioId === null && p.id === null && p.email === null) throw new AppError('VALIDATION', `this person has no identifier to ${action} by`)
    if (action === 'unsuppress' && p.id === null && p.email === null) throw new AppError('VALIDATION', 'unsuppress frees an id or an email, and this person has neither')
    const existing = this.repo.unsentFor(workspaceId, personEntityKey(pk)).find((e) => e.op === action)
    if (existing) return [existing.id]
    return [this.repo.insert(workspaceId, { op: action, entityKey: personEntityKey(pk), payload: {}, base: null }, this.now())]
  }

  private collection(workspaceId: string, collectionId: number, rows: Record<string, unknown>[]): number[] {
    const exists = this.collections.exists(workspaceId, collectionId)
    if (!exists) throw new AppError('NOT_FOUND', `no collection ${collectionId} in the mirror; pull collections first`)
    const entityKey = `collection:${collectionId}`
    const existing = this.repo.unsentFor(workspaceId, entityKey).filter((e) => e.op === 'collection').pop()
    if (existing?.state === 'sending') throw new AppError('CONFLICT', `collection ${collectionId} is being pushed right now; try again when the push has finished`)
    if (existing?.state === 'conflict') throw new AppError('CONFLICT', `collection ${collectionId} has an open conflict; resolve it first`)
    const now = this.now()
    const base = existing ? ((existing.base?.rows as Record<string, unknown>[] | undefined) ?? []) : this.view.collectionRows(workspaceId, collectionId)
    this.view.replaceCollectionRows(workspaceId, collectionId, rows)
    if (sameStored(rows, base)) {
      if (existing) this.repo.delete(existing.id)
      return []
    }
    if (existing) {
      this.repo.replacePayload(existing.id, { collectionId, rows }, now)
      return [existing.id]
    }
    return [this.repo.insert(workspaceId, { op: 'collection', entityKey, payload: { collectionId, rows }, base: { rows: base } }, now)]
  }

  /**
   * Drops entries not sent yet and puts the last synced value back into the local view; an open
   * conflict holding one of them is closed as "theirs". Entries on the wire are left alone.
   */
  discard(workspaceId: string, ids: number[]): number {
    return this.sqlite.transaction(() => {
      let discarded = 0
      const now = this.now()
      for (const id of ids) {
        const e = this.repo.get(workspaceId, id)
        if (!e || !([...SENDABLE_STATES, 'conflict'] as string[]).includes(e.state)) continue
        const conflict = this.sqlite.prepare("SELECT id, remote FROM conflicts WHERE outbox_id = ? AND state = 'open'").get(id) as { id: number; remote: string | null } | undefined
        this.restore(workspaceId, e, conflict ? (conflict.remote === null ? null : (JSON.parse(conflict.remote) as unknown)) : undefined, now)
        if (conflict) this.sqlite.prepare("UPDATE conflicts SET state = 'resolved', resolution = 'theirs', resolved_at = ? WHERE id = ?").run(now, conflict.id)
        this.repo.delete(id)
        discarded++
      }
      return discarded
    })()
  }

  /** The local view without this entry: the synced value (or `remote` when a conflict knows it). */
  restore(workspaceId: string, e: OutboxRow, remote: unknown, now: number): void {
    if (e.op === 'collection') {
      this.view.replaceCollectionRows(workspaceId, Number(e.payload.collectionId), (e.base?.rows as Record<string, unknown>[] | undefined) ?? [])
      return
    }
    const pk = e.op === 'identify' ? personPkOf(e.entityKey) : null
    if (pk === null) return
    const p = this.view.personOrNull(workspaceId, pk)
    if (!p) return
    for (const field of Object.keys((e.payload.attributes as Record<string, unknown> | undefined) ?? {})) {
      if (field === 'id' || field === 'email') {
        const value = remote !== undefined ? remote : e.base?.[field]
        this.view.setIdentifier(workspaceId, p, field, typeof value === 'string' ? value : null, now)
      } else {
        this.view.setAttributes(p, { [field]: remote !== undefined ? remote : this.view.syncedValue(p, field) }, now)
      }
    }
  }
}
