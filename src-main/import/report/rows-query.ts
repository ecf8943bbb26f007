// Pages of an import's row results for the review grid and the report, filterable by bucket (or
// 'rejected', an outcome of the push) and by column — the file's column or the attribute it maps
// to: a row matches when it changes that field or has an error in that column.

import type Database from 'better-sqlite3'
import type { PlanRow } from '../../contract/imports'
import { toRowResult, type RowResult } from '../import-repo'
import { RowResultsRepo } from '../row-results-repo'
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
  const target = q.column ? (mapping?.columns.find((c) => c.column === q.column)?.target ?? q.column) : null
  const filter = { bucket: q.bucket, column: q.column && target !== null ? { column: q.column, target } : undefined }
  const { total, rows } = new RowResultsRepo(sqlite).page(q.importId, filter, q.offset, q.limit)
  return { total, offset: q.offset, rows: rows.map((r) => toPlanRow(toRowResult(r))) }
}
