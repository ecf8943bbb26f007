// The rejected-rows CSV: the file's original columns plus an `error` column, for every row that was
// invalid in the plan or refused by Customer.io, in file order — fix it in a spreadsheet and import
// it again. It is the one place where cells get the formula-neutralising apostrophe (csv-out.ts):
// the report's grid reads the same rows untouched (rejected-rows.ts).

import type Database from 'better-sqlite3'
import type { ImportRecord } from '../import-repo'
import { csvLine } from '../../csv/csv-out'
import { readFailedRows } from './rejected-rows'

export async function rejectedCsv(sqlite: Database.Database, rec: ImportRecord): Promise<{ fileName: string; csv: string; rows: number }> {
  const fileName = `${rec.fileName.replace(/\.[^.]*$/, '')}-rejected.csv`
  const { header, rows } = await readFailedRows(sqlite, rec)
  const lines =
    rec.kind === 'undo'
      ? [csvLine(['row', 'error']), ...rows.map((r) => csvLine([String(r.row), r.message]))]
      : [csvLine([...header, 'error']), ...rows.map((r) => csvLine([...r.cells, r.message]))]
  return { fileName, csv: lines.join('\r\n') + '\r\n', rows: rows.length }
}
