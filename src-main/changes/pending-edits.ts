// The person edits still waiting to reach Customer.io, per person and field, as the pull and the
// push's refresh need them: which fields to keep, which entry a conflict holds back, which
// entries a pulled value settles. One query per pull, through the outbox_ws_state_id index.

import type Database from 'better-sqlite3'
import { pendingFieldsOf } from '../sync/pull/person-merge'

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

const IN_UNSENT = `(${UNSENT_STATES.map((s) => `'${s}'`).join(', ')})`
export const IN_SENDABLE = `(${SENDABLE_STATES.map((s) => `'${s}'`).join(', ')})`

/** pk → field → the newest unsent identify entry that changes it. */
export function loadPendingEdits(sqlite: Database.Database, workspaceId: string): Map<number, Map<string, PendingEdit>> {
  const rows = sqlite
    .prepare(
      `SELECT id, entity_key, payload, base, state FROM outbox
        WHERE workspace_id = ? AND state IN ${IN_UNSENT} AND op = 'identify' AND entity_key LIKE 'person:%' ORDER BY id`,
    )
    .all(workspaceId) as { id: number; entity_key: string; payload: string; base: string | null; state: string }[]
  const byPk = new Map<number, Map<string, PendingEdit>>()
  for (const r of rows) {
    const pk = Number(r.entity_key.slice('person:'.length))
    if (!Number.isInteger(pk)) continue
    const base = r.base === null ? null : (JSON.parse(r.base) as unknown)
    const fields = byPk.get(pk) ?? new Map<string, PendingEdit>()
    for (const field of pendingFieldsOf([JSON.parse(r.payload) as unknown])) {
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
