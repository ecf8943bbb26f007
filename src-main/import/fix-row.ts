// Repair of one row from the report grid: the row's original cells with the user's edits, through
// the same validator and planner as the whole file, replacing the row's stored result and errors.
// The fixed row becomes pending (outcome NULL), so `push` with `rows: [n]` sends exactly it.
// Duplicate detection is not repeated: the row keeps the place the file gave it.

import type Database from 'better-sqlite3'
import { AppError } from '../contract/result'
import type { ImportRecord, ImportRepo, RowResult } from './import-repo'
import { MirrorLookup } from './plan/mirror-lookup'
import { Planner } from './plan/planner'
import { readRows } from '../csv/read-rows'
import { neutraliseCell } from '../csv/csv-out'
import { sniffFile } from '../csv/sniff'
import type { RowError, StrayByte } from './types'
import { STRAY_BYTE } from '../csv/utf8-bytes'
import { createValidator } from './validate'

export async function repairRow(
  sqlite: Database.Database,
  repo: ImportRepo,
  rec: ImportRecord,
  row: number,
  values: Record<string, string>,
): Promise<{ result: RowResult; errors: RowError[] }> {
  if (rec.kind === 'undo' || !rec.mapping) throw new AppError('VALIDATION', 'rows of an undo plan are built from the import they revert and cannot be edited')
  const previous = repo.rows.row(rec.id, row)
  if (!previous) throw new AppError('NOT_FOUND', `import ${rec.id} has no row ${row}`)
  const sniff = await sniffFile(rec.meta.sourcePath, rec.fileName, { encoding: rec.meta.options.encoding })
  if (sniff.sha256 !== rec.fileHash) throw new AppError('CONFLICT', `${rec.fileName} changed since it was planned; plan it again`)
  let cells: string[] | null = null
  let strayBytes: StrayByte[] = []
  for await (const batch of readRows(rec.meta.sourcePath, sniff, { fromRow: row, batchSize: 1 })) {
    const found = batch.find((r) => r.row === row)
    cells = found?.cells ?? null
    strayBytes = found?.strayBytes ?? []
    break
  }
  if (!cells) throw new AppError('NOT_FOUND', `${rec.fileName} has no data row ${row}`)
  const edited = sniff.header.map((_, i) => cells![i] ?? '')
  for (const [column, value] of Object.entries(values)) {
    const index = sniff.header.indexOf(column)
    if (index < 0) throw new AppError('VALIDATION', `${rec.fileName} has no column "${column}" (columns: ${sniff.header.join(', ')})`)
    const before = edited[index]
    edited[index] = spreadsheetSafeUndone(value, before)
    if (edited[index] === before) continue
    // an edit replaces the cell's stray bytes (not UTF-8); one that brings them back is not text
    if (STRAY_BYTE.test(edited[index])) throw new AppError('VALIDATION', `the new value for column "${column}" holds bytes that are not text (not UTF-8): type the value again`)
    strayBytes = strayBytes.filter((s) => s.cell !== index)
  }
  const validate = createValidator(rec.mapping, rec.meta.options, { fileSha256: sniff.sha256, fileName: sniff.fileName })
  const validated = validate(strayBytes.length > 0 ? { row, cells: edited, strayBytes } : { row, cells: edited })
  const record = validated.record
  // file-level (row 0) errors belong to the plan, not to this row
  const errors = validated.errors.filter((e) => e.row === row)

  let result: RowResult | null = null
  const planner = new Planner(rec.meta.options, new MirrorLookup(sqlite, rec.workspaceId), {
    write: (results) => void (result = results[0]),
    demote: () => undefined, // a single row repeats nothing
  })
  planner.addBatch([{ row, record, errors }])
  const planned = result as RowResult | null
  if (!planned) throw new AppError('INTERNAL', `row ${row} could not be planned`)

  sqlite.transaction(() => {
    const latest = repo.get(rec.id)!
    const counts = latest.counts
    // kept so that a push judging the row again (push/recheck.ts) reads the user's cells, not the file's
    repo.update(rec.id, { meta: { ...latest.meta, fixedCells: { ...latest.meta.fixedCells, [row]: edited } } })
    counts[previous.bucket]--
    counts[planned.bucket]++
    if (previous.outcome === 'rejected') counts.rejected--
    repo.rows.deleteErrors(rec.id, row, ['invalid', 'warning', 'rejected'])
    repo.rows.putRow(rec.id, planned)
    for (const e of errors) repo.rows.putError(rec.id, { row, column: e.column, value: e.value, message: e.message, bucket: e.severity })
    if (planned.bucket === 'invalid' && !errors.some((e) => e.severity === 'invalid')) {
      repo.rows.putError(rec.id, { row, column: null, value: null, message: planned.message ?? 'invalid', bucket: 'invalid' })
    }
    repo.update(rec.id, { counts })
  })()
  return { result: planned, errors }
}

/**
 * A value that is exactly the file's cell with the rejected-rows CSV's formula-neutralising
 * apostrophe in front ('=…, '+49…, '-Bert) is that cell as the download shows it, not an edit:
 * the apostrophe exists for spreadsheets only and must never be sent to Customer.io. The report's
 * grid shows the cells untouched (report/rejected-rows.ts); this guards any other client.
 */
function spreadsheetSafeUndone(value: string, original: string): string {
  return value !== original && value === neutraliseCell(original) ? original : value
}
