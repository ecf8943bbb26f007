// The push's books of its requests (import_batches): each unit is recorded before any byte leaves,
// marked sent just before the request and acknowledged in the transaction that stores its answer,
// so a resume knows which units may have reached Customer.io (push-runner.ts explains the cycle).

import type Database from 'better-sqlite3'
import { StatementCache } from '../../db/sql-cache'

/** A unit recorded or sent and never acknowledged: what a resume must settle first. */
export interface OpenBatch {
  seq: number
  state: 'recorded' | 'sent'
  first_row: number
  last_row: number
  /** JSON: `{ idempotent }` as recorded */
  response: string | null
}

export interface RecordedBatch {
  seq: number
  firstRow: number
  lastRow: number
  bytes: number
  ops: number
  idempotent: boolean
}

export class PushBatchesRepo {
  private readonly statements: StatementCache

  constructor(sqlite: Database.Database) {
    this.statements = new StatementCache(sqlite)
  }

  /** Recorded or sent, not acknowledged, in sending order. */
  open(importId: string): OpenBatch[] {
    return this.statements.get("SELECT seq, state, first_row, last_row, response FROM import_batches WHERE job_id = ? AND state IN ('recorded', 'sent') ORDER BY seq").all(importId) as OpenBatch[]
  }

  /** Before any byte of the unit leaves; call in the transaction that saves the checkpoint. */
  record(importId: string, b: RecordedBatch, now: number): void {
    this.statements.get("INSERT INTO import_batches (job_id, seq, state, first_row, last_row, bytes, ops, attempts, response, created_at, updated_at) VALUES (?, ?, 'recorded', ?, ?, ?, ?, 0, ?, ?, ?)").run(
      importId, b.seq, b.firstRow, b.lastRow, b.bytes, b.ops, JSON.stringify({ idempotent: b.idempotent }), now, now,
    )
  }

  /** A recorded unit that never left: its rows are still pending and are packed again. */
  forget(importId: string, seq: number): void {
    this.statements.get('DELETE FROM import_batches WHERE job_id = ? AND seq = ?').run(importId, seq)
  }

  /** Just before the request. */
  markSent(importId: string, seq: number, now: number): void {
    this.statements.get("UPDATE import_batches SET state = 'sent', attempts = attempts + 1, updated_at = ? WHERE job_id = ? AND seq = ?").run(now, importId, seq)
  }

  /** Answered: call in the transaction that stores the rows' outcomes. */
  acknowledge(importId: string, seq: number, response: unknown, now: number): void {
    this.statements.get("UPDATE import_batches SET state = 'acknowledged', response = ?, updated_at = ? WHERE job_id = ? AND seq = ?").run(JSON.stringify(response), now, importId, seq)
  }

  /** Sent without an answer: it may have been applied. */
  markMayHaveApplied(importId: string, seq: number, response: unknown, now: number): void {
    this.statements.get("UPDATE import_batches SET state = 'may_have_applied', response = ?, updated_at = ? WHERE job_id = ? AND seq = ?").run(JSON.stringify(response), now, importId, seq)
  }
}
