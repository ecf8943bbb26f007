// The duplicate rows of a plan, each beside the row it repeats, with the file's cells as written,
// so the review can show both rows side by side and mark the cells that differ (which occurrence
// is imported is the plan's `duplicates` option: first or last). The pair is the planner's record
// of it: a duplicate's message names the other row ("repeats row 3" / "repeated by row 9").

import type Database from 'better-sqlite3'
import { AppError } from '../../contract/result'
import type { ImportRecord } from '../import-repo'
import { RowResultsRepo } from '../row-results-repo'
import { readRows } from '../../csv/read-rows'
import { sniffFile } from '../../csv/sniff'

export interface DuplicatePair {
  /** the duplicate row, which is not sent */
  row: number
  /** the row it repeats, which is the one imported (or, when it repeats in turn, the next one is) */
  other: number
  values: Record<string, string>
  otherValues: Record<string, string>
}

const OTHER_ROW = /\b(?:repeats|repeated by) row (\d+)\b/

/** The first `limit` duplicate rows and the rows they pair with; no file is read when there are none. */
export async function duplicatePairs(sqlite: Database.Database, rec: ImportRecord, limit: number): Promise<{ columns: string[]; total: number; pairs: DuplicatePair[] }> {
  const rowResults = new RowResultsRepo(sqlite)
  const total = rowResults.duplicateCount(rec.id)
  const found = rowResults.firstDuplicates(rec.id, limit)
  const links = found.flatMap((d) => {
    const m = OTHER_ROW.exec(d.message ?? '')
    return m ? [{ row: d.row, other: Number(m[1]) }] : []
  })
  if (links.length === 0 || rec.kind === 'undo') return { columns: [], total, pairs: [] }
  const sniff = await sniffFile(rec.meta.sourcePath, rec.fileName, { encoding: rec.meta.options.encoding }).catch((err: unknown) => {
    throw new AppError('NOT_FOUND', `the file ${rec.fileName} is no longer readable at ${rec.meta.sourcePath} (${err instanceof Error ? err.message : String(err)})`)
  })
  if (sniff.sha256 !== rec.fileHash) throw new AppError('CONFLICT', `${rec.fileName} changed since it was planned; its rows no longer match the plan`)
  const wanted = new Set(links.flatMap((l) => [l.row, l.other]))
  const last = Math.max(...wanted)
  const cells = new Map<number, Record<string, string>>()
  for await (const batch of readRows(rec.meta.sourcePath, sniff, { batchSize: 5_000 })) {
    for (const raw of batch) if (wanted.has(raw.row)) cells.set(raw.row, Object.fromEntries(sniff.header.map((h, i) => [h, raw.cells[i] ?? ''])))
    if (batch.length && batch[batch.length - 1].row >= last) break
  }
  const pairs = links.flatMap((l) => {
    const values = cells.get(l.row)
    const otherValues = cells.get(l.other)
    return values && otherValues ? [{ ...l, values, otherValues }] : []
  })
  return { columns: sniff.header, total, pairs }
}
