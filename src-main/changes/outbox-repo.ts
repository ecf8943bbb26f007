// The outbox and conflicts tables through raw prepared statements, and their views for the
// Changes and Conflicts screens (contract/changes.ts). Payload and base shapes per op:
//   identify                   payload { attributes: { field: value } }  base { field: value|null }
//   segment_add/segment_remove payload { segmentId }                     base { member: boolean }
//   delete/suppress/unsuppress payload {}                                base null
//   collection                 payload { collectionId, rows }            base { rows }
// Person entries have entity_key `person:<pk>` (base/entity-key.ts), collection entries `collection:<id>`.

import type Database from 'better-sqlite3'
import { personEntityKey, personPkOf } from '../base/entity-key'
import { CollectionsRepo } from '../db/collections-repo'
import type { ChangesCounts, ConflictPerson, ConflictView, OutboxEntryView } from '../contract/changes'
import { editedFields, IN_SENDABLE, UNSENT_STATES } from '../merge/pending-edits'

export interface OutboxRow {
  id: number
  op: string
  entityKey: string
  payload: Record<string, unknown>
  base: Record<string, unknown> | null
  state: OutboxEntryView['state']
  attempts: number
  lastError: string | null
  batchId: string | null
  createdAt: number
  updatedAt: number
}

interface RawRow {
  id: number
  op: string
  entity_key: string
  payload: string
  base: string | null
  state: OutboxEntryView['state']
  attempts: number
  last_error: string | null
  batch_id: string | null
  created_at: number
  updated_at: number
}

const COLUMNS = 'id, op, entity_key, payload, base, state, attempts, last_error, batch_id, created_at, updated_at'
export const IN_UNSENT = `(${UNSENT_STATES.map((s) => `'${s}'`).join(', ')})`

function toRow(r: RawRow): OutboxRow {
  return {
    id: r.id, op: r.op, entityKey: r.entity_key, payload: JSON.parse(r.payload) as Record<string, unknown>,
    base: r.base === null ? null : (JSON.parse(r.base) as Record<string, unknown>), state: r.state, attempts: r.attempts,
    lastError: r.last_error, batchId: r.batch_id, createdAt: r.created_at, updatedAt: r.updated_at,
  }
}

/** The attribute (or identifier) an identify entry changes: one per entry, as EditService writes them. */
export function fieldOf(row: Pick<OutboxRow, 'op' | 'payload'>): string {
  if (row.op === 'identify') return editedFields(row.op, row.payload).join(', ')
  if (row.op === 'segment_add' || row.op === 'segment_remove') return `segment:${String(row.payload.segmentId)}`
  if (row.op === 'collection') return 'collection'
  return 'person'
}

export class OutboxRepo {
  constructor(private readonly sqlite: Database.Database) {}

  get(workspaceId: string, id: number): OutboxRow | undefined {
    const r = this.sqlite.prepare(`SELECT ${COLUMNS} FROM outbox WHERE workspace_id = ? AND id = ?`).get(workspaceId, id) as RawRow | undefined
    return r && toRow(r)
  }

  /** Entries not yet sent for one entity, oldest first. */
  unsentFor(workspaceId: string, entityKey: string): OutboxRow[] {
    return (this.sqlite.prepare(`SELECT ${COLUMNS} FROM outbox WHERE workspace_id = ? AND entity_key = ? AND state IN ${IN_UNSENT} ORDER BY id`).all(workspaceId, entityKey) as RawRow[]).map(toRow)
  }

  list(workspaceId: string, opts: { personPk?: number; collectionId?: number; states?: readonly string[]; ids?: number[]; limit: number }): OutboxRow[] {
    const where = ['workspace_id = ?']
    const args: unknown[] = [workspaceId]
    const entityKey = opts.personPk !== undefined ? personEntityKey(opts.personPk) : opts.collectionId !== undefined ? `collection:${opts.collectionId}` : null
    if (entityKey !== null) {
      where.push('entity_key = ?')
      args.push(entityKey)
    }
    if (opts.ids) {
      where.push('id IN (SELECT value FROM json_each(?))')
      args.push(JSON.stringify(opts.ids))
    }
    where.push(`state IN (SELECT value FROM json_each(?))`)
    args.push(JSON.stringify(opts.states ?? UNSENT_STATES))
    return (this.sqlite.prepare(`SELECT ${COLUMNS} FROM outbox WHERE ${where.join(' AND ')} ORDER BY id LIMIT ?`).all(...args, opts.limit) as RawRow[]).map(toRow)
  }

  insert(workspaceId: string, e: { op: string; entityKey: string; payload: unknown; base: unknown }, now: number): number {
    const info = this.sqlite
      .prepare("INSERT INTO outbox (workspace_id, op, entity_key, payload, base, state, attempts, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'pending', 0, ?, ?)")
      .run(workspaceId, e.op, e.entityKey, JSON.stringify(e.payload), e.base === null || e.base === undefined ? null : JSON.stringify(e.base), now, now)
    return Number(info.lastInsertRowid)
  }

  /** A new value for an entry not sent yet: it is pending again, with a clean slate. */
  replacePayload(id: number, payload: unknown, now: number): void {
    this.sqlite.prepare("UPDATE outbox SET payload = ?, state = 'pending', attempts = 0, last_error = NULL, batch_id = NULL, updated_at = ? WHERE id = ?").run(JSON.stringify(payload), now, id)
  }

  setBase(id: number, base: unknown, now: number): void {
    this.sqlite.prepare('UPDATE outbox SET base = ?, updated_at = ? WHERE id = ?').run(base === null ? null : JSON.stringify(base), now, id)
  }

  setState(id: number, state: OutboxRow['state'], now: number, lastError: string | null = null): void {
    this.sqlite.prepare('UPDATE outbox SET state = ?, last_error = ?, updated_at = ? WHERE id = ?').run(state, lastError, now, id)
  }

  delete(id: number): void {
    this.sqlite.prepare('DELETE FROM outbox WHERE id = ?').run(id)
  }

  counts(workspaceId: string): ChangesCounts {
    const byState = this.sqlite.prepare(`SELECT state, count(*) AS n FROM outbox WHERE workspace_id = ? AND state IN ${IN_UNSENT} GROUP BY state`).all(workspaceId) as { state: string; n: number }[]
    const n = (s: string) => byState.find((r) => r.state === s)?.n ?? 0
    const conflicts = this.sqlite.prepare("SELECT count(*) FROM conflicts WHERE workspace_id = ? AND state = 'open'").pluck().get(workspaceId) as number
    return { pending: n('pending') + n('sending') + n('may_have_applied'), failed: n('failed'), conflicts }
  }

  /** Sendable entries in id order: the given ones, or all. */
  sendable(workspaceId: string, ids: number[] | null): OutboxRow[] {
    const only = ids ? ' AND id IN (SELECT value FROM json_each(?))' : ''
    const args: unknown[] = ids ? [workspaceId, JSON.stringify(ids)] : [workspaceId]
    return (this.sqlite.prepare(`SELECT ${COLUMNS} FROM outbox WHERE workspace_id = ? AND state IN ${IN_SENDABLE}${only} ORDER BY id`).all(...args) as RawRow[]).map(toRow)
  }

  views(workspaceId: string, rows: OutboxRow[]): OutboxEntryView[] {
    const labels = new Labels(this.sqlite, workspaceId)
    return rows.map((r) => {
      const field = fieldOf(r)
      return {
        id: r.id, op: r.op, entityKey: r.entityKey, personPk: personPkOf(r.entityKey), label: labels.of(r.entityKey), field,
        old: oldValue(r, field), new: newValue(r, field), state: r.state, attempts: r.attempts, lastError: r.lastError, createdAt: r.createdAt, updatedAt: r.updatedAt,
      }
    })
  }

  conflictViews(workspaceId: string, opts: { state: 'open' | 'resolved'; personPk?: number; id?: number }): ConflictView[] {
    const rows = this.sqlite
      .prepare(
        `SELECT id, entity_key AS entityKey, field, base, local, remote, outbox_id AS outboxId, state, resolution, created_at AS createdAt, resolved_at AS resolvedAt
           FROM conflicts WHERE workspace_id = ? AND state = ?${opts.personPk !== undefined ? ' AND entity_key = ?' : ''}${opts.id !== undefined ? ' AND id = ?' : ''} ORDER BY id`,
      )
      .all(workspaceId, opts.state, ...(opts.personPk !== undefined ? [personEntityKey(opts.personPk)] : []), ...(opts.id !== undefined ? [opts.id] : [])) as (Omit<ConflictView, 'personPk' | 'label' | 'base' | 'local' | 'remote'> & {
      base: string | null
      local: string | null
      remote: string | null
    })[]
    const labels = new Labels(this.sqlite, workspaceId)
    const parse = (v: string | null) => (v === null ? null : (JSON.parse(v) as unknown))
    return rows.map((r) => ({
      ...r, personPk: personPkOf(r.entityKey), label: labels.of(r.entityKey), person: labels.person(r.entityKey), base: parse(r.base), local: parse(r.local), remote: parse(r.remote),
    }))
  }
}

function oldValue(r: OutboxRow, field: string): unknown {
  if (r.op === 'identify') return r.base?.[field] ?? null
  if (r.op === 'segment_add' || r.op === 'segment_remove') return r.base?.member ?? null
  if (r.op === 'collection') return r.base?.rows ?? null
  return null
}

function newValue(r: OutboxRow, field: string): unknown {
  if (r.op === 'identify') return (r.payload.attributes as Record<string, unknown> | undefined)?.[field] ?? null
  if (r.op === 'segment_add' || r.op === 'segment_remove') return r.op === 'segment_add'
  if (r.op === 'collection') return r.payload.rows ?? null
  return r.op
}

/** Who an entry is about: a person's id, else email, else cio_id; a collection's name. */
class Labels {
  private readonly personRow
  private readonly collection
  private readonly cache = new Map<string, string>()
  private readonly people = new Map<number, ConflictPerson | null>()

  constructor(sqlite: Database.Database, private readonly workspaceId: string) {
    this.personRow = sqlite.prepare('SELECT id, email, cio_id, names FROM people WHERE ws = (SELECT ws FROM workspaces WHERE id = ?) AND pk = ?')
    this.collection = new CollectionsRepo(sqlite)
  }

  of(entityKey: string): string {
    let label = this.cache.get(entityKey)
    if (label === undefined) {
      label = this.lookup(entityKey)
      this.cache.set(entityKey, label)
    }
    return label
  }

  /** The person an entity key names, as the mirror knows them; null for anything else. */
  person(entityKey: string): ConflictPerson | null {
    const pk = personPkOf(entityKey)
    if (pk === null) return null
    if (!this.people.has(pk)) {
      const p = this.personRow.get(this.workspaceId, pk) as { id: string | null; email: string | null; cio_id: string | null; names: string | null } | undefined
      this.people.set(pk, p ? { pk, id: p.id, email: p.email, cioId: p.cio_id, name: p.names?.trim() || null } : null)
    }
    return this.people.get(pk) ?? null
  }

  private lookup(entityKey: string): string {
    const pk = personPkOf(entityKey)
    if (pk !== null) {
      const p = this.person(entityKey)
      return p?.id ?? p?.email ?? p?.cioId ?? `person ${pk}`
    }
    if (entityKey.startsWith('collection:')) {
      const id = Number(entityKey.slice('collection:'.length))
      return this.collection.nameOf(this.workspaceId, id) ?? entityKey
    }
    return entityKey
  }
}
