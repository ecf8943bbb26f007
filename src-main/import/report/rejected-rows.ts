// The rows of an import that did not go through (invalid in the plan, or refused by Customer.io),
// with the file's cells exactly as written. Two readers use them: the report's grid, which shows
// and edits these cells and sends them back through `fix` to be pushed again, and the CSV download
// (rejected-csv.ts), which alone neutralises formula cells for spreadsheets. The grid must never
// see that apostrophe: anything it shows can be re-pushed, and '-Bert or '+49… would reach
// Customer.io as data (issue 14).

import type Database from 'better-sqlite3'
import { AppError } from '../../contract/result'
import type { ImportRecord } from '../import-repo'
import { RowResultsRepo } from '../row-results-repo'
import { readRows } from '../../csv/read-rows'
import { sniffFile } from '../../csv/sniff'

export interface FailedRow {
  row: number
  /** invalid: never sent; rejected: refused by Customer.io */
  reason: 'invalid' | 'rejected'
  /** every message of the row, joined: plan errors first, then the push's refusal */
  message: string
  /** the file's cells for the header's columns, untouched (empty for an undo's rows) */
  cells: string[]
}

/** Row → reason and messages, in file order; no file is read. */
export function failedRowMessages(sqlite: Database.Database, importId: string): Map<number, Omit<FailedRow, 'row' | 'cells'>> {
  const rows = new RowResultsRepo(sqlite).failedRows(importId)
  return new Map(rows.map((r) => [r.row, { reason: r.reason, message: r.message ?? 'rejected' }]))
}

/**
 * The failed rows with their original cells, streamed from the file (never loaded whole; only the
 * failed rows are kept). An undo's rows come from the import it reverts, not from a file: no cells.
 */
export async function readFailedRows(sqlite: Database.Database, rec: ImportRecord): Promise<{ header: string[]; rows: FailedRow[] }> {
  const failed = failedRowMessages(sqlite, rec.id)
  if (rec.kind === 'undo') return { header: [], rows: [...failed].map(([row, f]) => ({ row, ...f, cells: [] })) }
  // in the encoding the plan read it in (the user's choice, or detected again the same way)
  const sniff = await sniffFile(rec.meta.sourcePath, rec.fileName, { encoding: rec.meta.options.encoding }).catch((err: unknown) => {
    throw new AppError('NOT_FOUND', `the file ${rec.fileName} is no longer readable at ${rec.meta.sourcePath} (${err instanceof Error ? err.message : String(err)})`)
  })
  if (sniff.sha256 !== rec.fileHash) throw new AppError('CONFLICT', `${rec.fileName} changed since it was planned; its rows no longer match the report`)
  const rows: FailedRow[] = []
  if (failed.size > 0) {
    for await (const batch of readRows(rec.meta.sourcePath, sniff, { signal: new AbortController().signal, fromRow: 1, batchSize: 5_000 })) {
      for (const raw of batch) {
        const f = failed.get(raw.row)
        if (f) rows.push({ row: raw.row, ...f, cells: sniff.header.map((_, i) => raw.cells[i] ?? '') })
      }
    }
  }
  return { header: sniff.header, rows }
}

/** The grid's shape: cells by column name. */
export async function rejectedRowsView(sqlite: Database.Database, rec: ImportRecord) {
  const { header, rows } = await readFailedRows(sqlite, rec)
  return {
    columns: header,
    rows: rows.map((r) => ({ row: r.row, reason: r.reason, message: r.message, values: Object.fromEntries(header.map((h, i) => [h, r.cells[i]])) })),
  }
}
