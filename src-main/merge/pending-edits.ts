// The person edits still waiting to reach Customer.io, per person and field, as the pull and the
// push's refresh need them: which fields to keep, which entry a conflict holds back, which
// entries a pulled value settles. One query per pull, through the outbox_ws_state_id index.

import type Database from 'better-sqlite3'
import { PERSON_ENTITY_KEY_LIKE, personPkOf } from '../base/entity-key'
import { isPlainObject } from '../db/sql-cache'

/**
 * States of an entry whose value is a local change not yet in Customer.io: a pull must not
 * overwrite the field. ('sending' too: its answer has not come back, so it may not have applied.)
 */
export const UNSENT_STATES = ['pending', 'sending', 'failed', 'may_have_applied', 'conflict'] as const
/** States a push picks up (and an edit may replace): not in flight, not held by a conflict. */
export const SENDABLE_STATES = ['pending', 'failed', 'may_have_applied'] as const

export interface PendingEdit {
  id: number
  state: string
  /** the value the edit was made against (entry.base[field]); undefined when not recorded */
  base: unknown
}

const IDENTIFIER_KEYS = new Set(['id', 'cio_id', 'identifiers', 'type', 'action'])

/**
 * The attributes an outbox entry changes, for every reader of unsent entries (the pull and the
 * push's refresh, the people table's marks, the outbox list). The payload is each op's own shape
 * (schema-changes.ts types it `unknown`): a person edit carries its attributes as
 * `{ attributes: {...} }` (as EditService writes them and the v2 identify operation sends them),
 * as a FieldChanges map `{ changes: {...} }`, or (identify) as a flat object of attributes beside
 * its identifiers. Other ops change no attribute.
 */
export function editedFields(op: string, payload: unknown): string[] {
  if (!isPlainObject(payload)) return []
  if (isPlainObject(payload.attributes)) return Object.keys(payload.attributes)
  if (isPlainObject(payload.changes)) return Object.keys(payload.changes)
  if (op === 'identify') return Object.keys(payload).filter((k) => !IDENTIFIER_KEYS.has(k))
  return []
}

const IN_UNSENT = `(${UNSENT_STATES.map((s) => `'${s}'`).join(', ')})`
export const IN_SENDABLE = `(${SENDABLE_STATES.map((s) => `'${s}'`).join(', ')})`

/** pk → field → the newest unsent identify entry that changes it. */
export function loadPendingEdits(sqlite: Database.Database, workspaceId: string): Map<number, Map<string, PendingEdit>> {
  const rows = sqlite
    .prepare(
      `SELECT id, entity_key, payload, base, state FROM outbox
        WHERE workspace_id = ? AND state IN ${IN_UNSENT} AND op = 'identify' AND entity_key LIKE ? ORDER BY id`,
    )
    .all(workspaceId, PERSON_ENTITY_KEY_LIKE) as { id: number; entity_key: string; payload: string; base: string | null; state: string }[]
  const byPk = new Map<number, Map<string, PendingEdit>>()
  for (const r of rows) {
    const pk = personPkOf(r.entity_key)
    if (pk === null) continue
    const base = r.base === null ? null : (JSON.parse(r.base) as unknown)
    const fields = byPk.get(pk) ?? new Map<string, PendingEdit>()
    for (const field of editedFields('identify', JSON.parse(r.payload) as unknown)) {
      fields.set(field, { id: r.id, state: r.state, base: base && typeof base === 'object' ? (base as Record<string, unknown>)[field] : undefined })
    }
    byPk.set(pk, fields)
  }
  return byPk
}

/**
 * Statements the pull uses on entries: hold one back behind a conflict, or mark one done because
 * the remote already holds its value (nothing is sent; the base has moved with the pull).
 */
export class PendingEditMarks {
  private readonly toConflict
  private readonly toSettled

  constructor(sqlite: Database.Database) {
    this.toConflict = sqlite.prepare(`UPDATE outbox SET state = 'conflict', updated_at = ? WHERE id = ? AND state IN ${IN_SENDABLE}`)
    this.toSettled = sqlite.prepare(`UPDATE outbox SET state = 'sent', last_error = NULL, updated_at = ? WHERE id = ? AND state IN ${IN_SENDABLE}`)
  }

  conflict(id: number, now: number): void {
    this.toConflict.run(now, id)
  }

  settled(id: number, now: number): void {
    this.toSettled.run(now, id)
  }
}
