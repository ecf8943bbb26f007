// How many data rows a file holds, for the file step's "1,234 rows": the file is read through once
// the way a plan reads it (streaming, quoted line breaks inside cells kept in their row, blank lines
// not counted), so the number is the one the plan will find. A 1 GB file is a few seconds of
// reading; the inspection answers first and this runs after it.

import { AppError } from '../contract/result'
import { readRows } from './read-rows'
import { sniffFile } from './sniff'
import type { SniffResult } from './types'

const COUNT_BATCH = 20_000

/** Data rows of the file; null when it cannot be read as CSV (the inspection says why). */
export async function countDataRows(path: string, encoding?: SniffResult['encoding'], signal?: AbortSignal): Promise<number | null> {
  const sniff = await sniffFile(path, undefined, { encoding })
  if (sniff.fileErrors.length > 0) return null
  let rows = 0
  try {
    for await (const batch of readRows(path, sniff, { batchSize: COUNT_BATCH, signal })) rows += batch.length
  } catch (err) {
    // a file that breaks down part-way (an unclosed quote) has no honest total
    if (err instanceof AppError && err.code === 'VALIDATION') return null
    throw err
  }
  return rows
}
