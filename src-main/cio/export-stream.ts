// Export files: the download call answers a signed link (docs/customerio-api.md §4.10), fetched here with a plain
// streaming fetch (no Authorization: the signature is the credential) and parsed by papaparse as
// it arrives, so a 1 GB export never sits in memory. Rows reach the caller in batches; the caller's
// synchronous work on a batch holds the parser, and a caller that hands batches on (the people
// pull's parse worker) pauses the download stream until they are taken: that is the backpressure.

import { Readable } from 'node:stream'
import Papa from 'papaparse'
import { AppError } from '../contract/result'
import { cancelled } from '../base/cancellation'

export interface CsvStreamOptions {
  signal?: AbortSignal
  /** rows per call of onBatch (the last batch may be smaller) */
  batchSize: number
  /** data rows to pass over before the first batch (a resumed job has applied them already) */
  skipRows?: number
  /** called with the header before any batch */
  onHeader?(header: string[]): void
  /** `firstRow` is the 0-based index of the batch's first data row in the file */
  onBatch(rows: string[][], firstRow: number): void
  /** rows passed over because of skipRows, in batches, for callers that must still see them */
  onSkipped?(rows: string[][]): void
}

export interface CsvStreamResult {
  rows: number
  header: string[]
}

/**
 * Fetches a signed export link and answers its body as a text stream. Callers that must hold the
 * download back (a parse worker waiting for the writer) pause and resume this stream.
 */
export async function openCsvDownload(url: string, signal?: AbortSignal): Promise<Readable> {
  let response: Response
  try {
    response = await fetch(url, { signal })
  } catch (err) {
    if (signal?.aborted) throw cancelled()
    const cause = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).message
    throw new AppError('NETWORK', `could not download the export file (${cause}); check the network and pull again`, true)
  }
  if (!response.ok || !response.body) {
    await response.body?.cancel().catch(() => undefined)
    const hint = response.status === 403 ? 'the signed link expired or was refused; pull again for a fresh one' : 'pull again later'
    throw new AppError('REMOTE', `downloading the export file answered HTTP ${response.status}; ${hint}`, true)
  }
  const body = Readable.fromWeb(response.body as import('node:stream/web').ReadableStream<Uint8Array>)
  // Decode as a stream: a multi-byte character split across two network chunks stays whole.
  body.setEncoding('utf8')
  return body
}

/** Parses CSV text from a stream: header first, then data rows in batches of `batchSize`. */
export function parseCsvStream(input: NodeJS.ReadableStream, opts: CsvStreamOptions): Promise<CsvStreamResult> {
  return new Promise<CsvStreamResult>((resolve, reject) => {
    let header: string[] | null = null
    let pending: string[][] = []
    let seen = 0
    let emitted = 0
    const skip = opts.skipRows ?? 0
    let failed = false

    const fail = (err: unknown, parser?: Papa.Parser) => {
      if (failed) return
      failed = true
      parser?.abort()
      ;(input as Readable).destroy?.()
      reject(err)
    }

    const flush = () => {
      if (pending.length === 0) return
      const batch = pending
      pending = []
      opts.onBatch(batch, emitted)
      emitted += batch.length
    }

    Papa.parse<string[]>(input as unknown as Papa.LocalFile, {
      header: false,
      skipEmptyLines: true,
      chunk(results, parser) {
        if (failed) return
        if (opts.signal?.aborted) return fail(cancelled(), parser)
        try {
          let rows = results.data
          if (rows.length === 0) return // a network chunk without one complete line yet
          if (header === null) {
            header = rows[0]
            rows = rows.slice(1)
            opts.onHeader?.(header)
          }
          if (seen < skip) {
            const passOver = Math.min(skip - seen, rows.length)
            if (passOver > 0) opts.onSkipped?.(rows.slice(0, passOver))
            seen += passOver
            emitted += passOver
            rows = rows.slice(passOver)
          }
          for (const row of rows) {
            pending.push(row)
            seen++
            if (pending.length >= opts.batchSize) flush()
          }
        } catch (err) {
          fail(err, parser)
        }
      },
      complete() {
        if (failed) return
        try {
          flush()
          resolve({ rows: seen, header: header ?? [] })
        } catch (err) {
          fail(err)
        }
      },
      error() {
        // papaparse hears a stream's own error first and passes it on here: a download that broke
        // off is a network failure to pull again after, not a file that is not CSV
        const streamError = (input as Readable).errored
        if (streamError) return fail(brokeOff(streamError, opts.signal))
        // the parser's own wording names its internals; the user needs only what happened and what to do
        fail(new AppError('REMOTE', 'the export file Customer.io sent could not be read as a table (CSV); pull again, and if it happens again, run a full pull'))
      },
    })
    input.on('error', (err: Error) => fail(brokeOff(err, opts.signal)))
  })
}

function brokeOff(err: Error, signal: AbortSignal | undefined): AppError {
  return signal?.aborted ? cancelled() : new AppError('NETWORK', `the export download broke off (${err.message}); pull again to resume`, true)
}
