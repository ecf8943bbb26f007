// Pages of an import's row results for the review grid and the report, filterable by bucket (or
// 'rejected', an outcome of the push) and by column — the file's column or the attribute it maps
// to: a row matches when it changes that field or has an error in that column.

import type Database from 'better-sqlite3'
import type { PlanRow } from '../../contract/imports'
import { toRowResult, type RowResult } from '../import-repo'
import { fromStoredChanges } from '../plan/diff'
import { parseEntityKey } from '../plan/record-changes'
import type { Mapping } from '../types'

export interface RowsQuery {
  importId: string
  bucket?: 'create' | 'update' | 'unchanged' | 'invalid' | 'duplicate' | 'delete' | 'rejected'
  column?: string
  offset: number
  limit: number
}

export function toPlanRow(r: RowResult): PlanRow {
  return {
    row: r.row,
    bucket: r.bucket,
    identifier: parseEntityKey(r.entityKey)?.value ?? r.entityKey,
    changes: fromStoredChanges(r.changes),
    outcome: r.outcome,
    message: r.message,
  }
}

export function queryRows(sqlite: Database.Database, mapping: Mapping | null, q: RowsQuery): { total: number; offset: number; rows: PlanRow[] } {
  const where: string[] = ['r.job = (SELECT num FROM import_jobs WHERE id = ?)']
  const args: unknown[] = [q.importId]
  if (q.bucket === 'rejected') where.push("r.outcome = 'rejected'")
  else if (q.bucket) {
    where.push('r.bucket = ?')
    args.push(q.bucket)
  }
  if (q.column) {
    const target = mapping?.columns.find((c) => c.column === q.column)?.target ?? q.column
    where.push(
      `(EXISTS (SELECT 1 FROM json_each(r.changes) j WHERE j.key IN (?, ?, 'data.' || ?, 'attributes.' || ?))
        OR EXISTS (SELECT 1 FROM import_errors e WHERE e.job_id = ? AND e.row = r.row AND e."column" IN (?, ?)))`,
    )
    args.push(q.column, target, target, target, q.importId, q.column, target)
  }
  const clause = where.join(' AND ')
  const total = sqlite.prepare(`SELECT count(*) FROM import_row_results r WHERE ${clause}`).pluck().get(...args) as number
  const rows = sqlite
    .prepare(`SELECT r.row, r.entity_key, r.bucket, r.outcome, r.changes, r.message FROM import_row_results r WHERE ${clause} ORDER BY r.row LIMIT ? OFFSET ?`)
    .all(...args, q.limit, q.offset) as Parameters<typeof toRowResult>[0][]
  return { total, offset: q.offset, rows: rows.map((r) => toPlanRow(toRowResult(r))) }
}
