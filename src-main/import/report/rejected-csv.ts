// The rejected-rows CSV: the file's original columns plus an `error` column, for every row that was
// invalid in the plan or refused by Customer.io, in file order — fix it in a spreadsheet and import
// it again. The original cells are streamed from the file (never loaded whole); only the row
// numbers and messages of the failed rows are held.

import type Database from 'better-sqlite3'
import { readRows } from '../read-rows'
import { sniffFile } from '../sniff'
import { AppError } from '../../ipc/result'
import type { ImportRecord } from '../import-repo'
import { csvLine } from './csv-out'

/** Row → every message of the row, joined: plan errors first, then the push's refusal. */
export function failedRowMessages(sqlite: Database.Database, importId: string): Map<number, string> {
  const rows = sqlite
    .prepare(
      `SELECT r.row AS row, coalesce((SELECT group_concat(coalesce(e."column" || ': ', '') || e.message, '; ') FROM import_errors e WHERE e.job_id = r.job_id AND e.row = r.row AND e.bucket IN ('invalid', 'rejected')), r.message) AS message
       FROM import_row_results r WHERE r.job_id = ? AND (r.bucket = 'invalid' OR r.outcome = 'rejected') ORDER BY r.row`,
    )
    .all(importId) as { row: number; message: string | null }[]
  return new Map(rows.map((r) => [r.row, r.message ?? 'rejected']))
}

export async function rejectedCsv(sqlite: Database.Database, rec: ImportRecord): Promise<{ fileName: string; csv: string; rows: number }> {
  const failed = failedRowMessages(sqlite, rec.id)
  const fileName = `${rec.fileName.replace(/\.[^.]*$/, '')}-rejected.csv`
  if (rec.kind === 'undo') {
    const lines = [csvLine(['row', 'error']), ...[...failed].map(([row, message]) => csvLine([String(row), message]))]
    return { fileName, csv: lines.join('\r\n') + '\r\n', rows: failed.size }
  }
  const sniff = await sniffFile(rec.meta.sourcePath, rec.fileName).catch((err: unknown) => {
    throw new AppError('NOT_FOUND', `the file ${rec.fileName} is no longer readable at ${rec.meta.sourcePath} (${err instanceof Error ? err.message : String(err)})`)
  })
  if (sniff.sha256 !== rec.fileHash) throw new AppError('CONFLICT', `${rec.fileName} changed since it was planned; its rows no longer match the report`)
  const lines = [csvLine([...sniff.header, 'error'])]
  if (failed.size > 0) {
    for await (const batch of readRows(rec.meta.sourcePath, sniff, { signal: new AbortController().signal, fromRow: 1, batchSize: 5_000 })) {
      for (const raw of batch) {
        const message = failed.get(raw.row)
        if (message === undefined) continue
        const cells = sniff.header.map((_, i) => raw.cells[i] ?? '')
        lines.push(csvLine([...cells, message]))
      }
    }
  }
  return { fileName, csv: lines.join('\r\n') + '\r\n', rows: failed.size }
}
