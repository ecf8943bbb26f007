// Streaming row reader: file stream → decoder (UTF-8, UTF-16 LE/BE, Windows-1252, BOM dropped)
// → papaparse's parser in chunk mode → batches of RawRow. Pull-based: the file is read only as fast
// as the consumer takes batches, so a 1 GB file never sits in memory (one 1 MB read buffer, its
// decoded text and one batch at a time). Cells are returned exactly as written: no trimming, no
// type conversion, so "00042" stays "00042". A UTF-8 file's stray bytes (not UTF-8) stay in the
// cells as U+DC80–U+DCFF and each row that holds one lists them (cell, file offset, byte) in
// `strayBytes`, so the validator can name row, column and offset.

import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { cancelled } from '../base/cancellation'
import { AppError } from '../contract/result'
import { CsvChunkParser, HEADER_ROW, MAX_ROW_CHARS, RowTooLongError, isBlankRow, type ParsedChunk } from './csv-chunks'

export { HEADER_ROW }
import { changedWhileRead } from './file-snapshot'
import { createDecoder } from './text-encoding'
import type { RawRow, SniffResult, StrayByte } from './types'
import { STRAY_BYTE, StrayByteUtf8Decoder, strayBytesIn } from './utf8-bytes'

export const DEFAULT_BATCH_SIZE = 5000
/**
 * Bytes read and parsed at a time. Small, so that few parsed rows wait for their batch's turn: with
 * 1 MB (about 11,000 rows of a typical people file) the queued rows outlived the young generation
 * and filled the old one with garbage, which cost the 1M plan's reader thread 30-40 MB of heap and
 * the plan as much peak RSS, at no gain in speed (bench/import/RESULTS.md, Session 10).
 */
const READ_BYTES = 64 * 1024

export interface ReadRowsOptions {
  signal?: AbortSignal
  /** first row to yield (spreadsheet numbering: the first data row is 2); earlier rows are parsed and passed over (resume) */
  fromRow?: number
  /** rows per yielded batch; the last batch may be smaller */
  batchSize?: number
}

/** The file stops being readable as CSV part-way (a row over 8 MB: an unclosed quote). Rows before `row` were yielded. */
export class CsvReadError extends AppError {
  constructor(
    readonly fileName: string,
    readonly row: number,
    message: string,
  ) {
    super('VALIDATION', `${fileName}, row ${row}: ${message}`)
    this.name = 'CsvReadError'
  }
}

/**
 * Yields the data rows of a sniffed file in batches. Row numbers follow the file as a spreadsheet
 * shows it (HEADER_ROW): a blank line (or a line of bare delimiters) takes its number but is not yielded. Throws the
 * CANCELLED AppError when `signal` aborts, and CsvReadError when the file breaks down mid-way.
 */
export async function* readRows(path: string, sniff: SniffResult, opts: ReadRowsOptions = {}): AsyncGenerator<RawRow[], void, undefined> {
  if (sniff.fileErrors.length > 0) throw new AppError('VALIDATION', `${sniff.fileName} cannot be imported: ${sniff.fileErrors.join('; ')}`)
  const batchSize = Math.max(1, Math.floor(opts.batchSize ?? DEFAULT_BATCH_SIZE))
  const fromRow = opts.fromRow ?? HEADER_ROW + 1
  const signal = opts.signal
  const decoder = createDecoder(sniff.encoding)
  const strays = decoder instanceof StrayByteUtf8Decoder ? decoder : null
  const parser = new CsvChunkParser(sniff.delimiter)

  let headerSeen = false
  let lastRow = HEADER_ROW
  let batch: RawRow[] = []
  const ready: RawRow[][] = []

  const take = (parsed: ParsedChunk) => {
    const { rows, problems } = parsed
    for (let i = 0; i < rows.length; i++) {
      const cells = rows[i]
      // every row takes its stray bytes' offsets, in text order, even rows not yielded
      const strayBytes = strays !== null && strays.pendingStrays > 0 ? strayBytesOf(cells, strays) : null
      if (!headerSeen) {
        // Blank lines before the header are not rows; the sniffer skips them the same way.
        if (!isBlankRow(cells)) headerSeen = true
        continue
      }
      const row = ++lastRow
      if (row < fromRow || isBlankRow(cells)) continue
      const problem = problems?.get(i)
      const raw: RawRow = problem ? { row, cells, problem } : { row, cells }
      if (strayBytes) raw.strayBytes = strayBytes
      batch.push(raw)
      if (batch.length >= batchSize) {
        ready.push(batch)
        batch = []
      }
    }
  }

  // Exactly the bytes the sniffer hashed, hashed again as they are read: rows a writer appends
  // meanwhile are never read, and bytes changed under the reader fail it (file-snapshot.ts).
  const stream = createReadStream(path, { highWaterMark: READ_BYTES, start: 0, end: Math.max(0, sniff.bytes - 1) })
  const hash = createHash('sha256')
  let read = 0
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      if (signal?.aborted) throw cancelled()
      hash.update(chunk)
      read += chunk.length
      take(parseOrExplain(() => parser.push(decoder.decode(chunk, { stream: true })), sniff.fileName, lastRow))
      while (ready.length > 0) {
        yield ready.shift() as RawRow[]
        if (signal?.aborted) throw cancelled()
      }
    }
    if (read !== sniff.bytes || hash.digest('hex') !== sniff.sha256) throw changedWhileRead(sniff.fileName, sniff, read)
    take(parseOrExplain(() => parser.push(decoder.decode()), sniff.fileName, lastRow))
    take(parser.end())
    if (batch.length > 0) ready.push(batch)
    for (const rest of ready) {
      if (signal?.aborted) throw cancelled()
      yield rest
    }
  } finally {
    stream.destroy()
  }
}

/** The stray bytes of one parsed row, taking their offsets from the decoder's queue; null when it has none. */
function strayBytesOf(cells: string[], decoder: StrayByteUtf8Decoder): StrayByte[] | null {
  let found: StrayByte[] | null = null
  for (let cell = 0; cell < cells.length; cell++) {
    const text = cells[cell]
    if (!STRAY_BYTE.test(text)) continue
    for (const byte of strayBytesIn(text)) (found ??= []).push({ cell, offset: decoder.takeStrayOffset(), byte })
  }
  return found
}

function parseOrExplain(parse: () => ParsedChunk, fileName: string, lastRow: number): ParsedChunk {
  try {
    return parse()
  } catch (err) {
    if (!(err instanceof RowTooLongError)) throw err
    const mb = Math.round(MAX_ROW_CHARS / 1024 / 1024)
    throw new CsvReadError(fileName, lastRow + 1, `no row can be found within ${mb} MB from here: a quote opened in this row is probably never closed (or the file is not CSV); rows before it were read`)
  }
}
