// Pages of an import's row results for the review grid and the report, filterable by bucket (or
// 'rejected', an outcome of the push) and by column — the file's column or the attribute it maps
// to: a row matches when it changes that field or has an error in that column.

import type { PlanRow } from '../../contract/imports'
import { toRowResult, type RowResult } from '../import-repo'
import type { RowResultsRepo } from '../row-results-repo'
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

export function queryRows(rowResults: RowResultsRepo, mapping: Mapping | null, q: RowsQuery): { total: number; offset: number; rows: PlanRow[] } {
  const column = q.column ? { column: q.column, target: mapping?.columns.find((c) => c.column === q.column)?.target ?? q.column } : undefined
  const { total, rows } = rowResults.page(q.importId, { bucket: q.bucket, column }, q.offset, q.limit)
  return { total, offset: q.offset, rows: rows.map((r) => toPlanRow(toRowResult(r))) }
}
