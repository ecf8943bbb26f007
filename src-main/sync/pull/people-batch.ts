// What crosses between the people pull (the thread that writes the mirror) and its export worker
// (people-export-worker.ts): batches of export rows already mapped to people, as parallel arrays
// of strings rather than objects, and the messages around them. Structured clone copies a flat
// array of strings about twice as fast as the same data as small objects (and JSON text is slower still),
// and the writer binds the strings to its INSERT as they are: the attribute JSON is built in the
// worker, off the thread that writes SQLite.

import type { ErrorCode } from '../../contract/result'
import { personFromRow, type ExportColumns, type RemotePerson } from '../../merge/person-merge'
import type { PeopleBatch } from '../../merge/people-writer'

/** What the search index needs of each person of a batch; it stays in the worker. */
export interface SearchFields {
  id: (string | null)[]
  email: (string | null)[]
  names: string[]
}

/**
 * Maps export rows to a batch, and the same people's search fields. Same rules as personFromRow
 * (a row without a cio_id is no person; an empty cell is an absent attribute).
 */
export function encodePeople(rows: string[][], columns: ExportColumns, firstRow: number): { batch: PeopleBatch; search: SearchFields } {
  const batch: PeopleBatch = { firstRow, rowCount: rows.length, cioId: [], id: [], email: [], attributes: [] }
  const names: string[] = []
  for (const row of rows) {
    const p = personFromRow(row, columns)
    if (!p) continue
    batch.cioId.push(p.cioId)
    batch.id.push(p.id)
    batch.email.push(p.email)
    batch.attributes.push(JSON.stringify(p.attributes))
    names.push(namesOf(p.attributes))
  }
  return { batch, search: { id: batch.id, email: batch.email, names } }
}

/** The people of a batch as RemotePerson, for the writer's compare mode. */
export function decodePeople(batch: PeopleBatch): RemotePerson[] {
  const out: RemotePerson[] = new Array(batch.cioId.length)
  for (let i = 0; i < out.length; i++) {
    out[i] = { cioId: batch.cioId[i], id: batch.id[i], email: batch.email[i], attributes: JSON.parse(batch.attributes[i]) as Record<string, string> }
  }
  return out
}

/**
 * people.names exactly as the generated column computes it (migration 0000):
 *   trim(coalesce(json_extract(attributes, '$.first_name'), '') || ' ' || coalesce(…last_name…) || ' ' || coalesce(…name…))
 * A pulled person's attribute values are always strings, so json_extract gives the string back.
 * SQLite's one-argument trim() removes spaces (U+0020) only, unlike String.prototype.trim.
 */
export function namesOf(attributes: Record<string, string>): string {
  return trimSpaces(`${attributes.first_name ?? ''} ${attributes.last_name ?? ''} ${attributes.name ?? ''}`)
}

function trimSpaces(s: string): string {
  let start = 0
  let end = s.length
  while (start < end && s.charCodeAt(start) === 32) start++
  while (end > start && s.charCodeAt(end - 1) === 32) end--
  return start === 0 && end === s.length ? s : s.slice(start, end)
}

export interface ExportJob {
  /** the export's signed download link */
  url: string
  /** data rows already in the mirror (a resumed job): passed over, not sent as batches */
  skipRows: number
  batchSize: number
  /** 'compare' also needs the cio_ids of the rows passed over (they still count as seen) */
  mode: 'fresh' | 'compare'
  /** build people_fts aside in this scratch file while the rows go in (people-fts-scratch.ts) */
  index?: { mirrorFile: string; scratchFile: string }
}

export type ToExportWorker =
  | { type: 'start'; job: ExportJob }
  /**
   * The writer committed batch `seq`. With the index built aside: `pks[i]` is the pk the batch's
   * i-th person got, 0 when the insert was skipped (ON CONFLICT DO NOTHING); the first ack also
   * says which people were in the mirror before the load (pk ≤ existingThrough).
   */
  | { type: 'ack'; seq: number; pks?: Float64Array; existingThrough?: number }
  /** every batch is acked: complete the scratch index and close it */
  | { type: 'finish-index' }

export type FromExportWorker =
  | { type: 'batch'; seq: number; batch: PeopleBatch }
  /** cio_ids of rows passed over on resume ('compare' mode only); acked like a batch */
  | { type: 'skipped'; seq: number; cioIds: string[] }
  /** the file is read to its end and every batch has been sent */
  | { type: 'end'; rows: number }
  | { type: 'error'; code: ErrorCode; message: string; retryable: boolean }
  /** the scratch index could not be built; the pull goes on and rebuilds the index instead */
  | { type: 'index-failed'; message: string }
  | { type: 'indexed' }
