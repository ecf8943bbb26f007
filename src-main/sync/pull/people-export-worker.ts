// The people pull's export worker (a worker thread of the engine worker): downloads the export
// file, parses the CSV, maps rows to people and encodes them as batches (people-batch.ts), so the
// thread that writes SQLite does nothing but run its prepared statements. For a first bulk load it
// also builds the search index aside from the batches the writer has committed
// (people-fts-scratch.ts), on what is then the machine's second busy core.
//
// Backpressure: at most MAX_IN_FLIGHT batches wait for the writer's ack; past that the download
// stream is paused, so the worker never runs more than a batch or so ahead of the mirror.
// Started through base/worker-entry.ts: from source via worker-bootstrap.cjs, bundled as
// out/main/people-export-worker.js.

import type { Readable } from 'node:stream'
import { parentPort } from 'node:worker_threads'
import { openCsvDownload, parseCsvStream } from '../../cio/export-stream'
import { AppError } from '../../contract/result'
import { encodePeople, type ExportJob, type FromExportWorker, type SearchFields, type ToExportWorker } from './people-batch'
import type { PeopleBatch } from '../../merge/people-writer'
import { ScratchIndex } from './people-fts-scratch'
import { columnsFromHeader, personFromRow, type ExportColumns } from '../../merge/person-merge'

const MAX_IN_FLIGHT = 2

const port = parentPort
if (!port) throw new Error('people-export-worker.ts must run as a worker thread')
const post = (msg: FromExportWorker) => port.postMessage(msg)

const controller = new AbortController()
let input: Readable | null = null
let paused = false
let columns: ExportColumns | null = null
let nextSeq = 0
let inFlight = 0
/** built but not yet handed over: more than MAX_IN_FLIGHT unacked */
const waiting: FromExportWorker[] = []
/** the search fields of batches sent and not yet acked (only while building the index) */
const retained = new Map<number, SearchFields>()
let skipped: string[] = []
let rowsRead: number | null = null
let endSent = false
let index: ScratchIndex | null = null
let failed = false

port.on('message', (msg: ToExportWorker) => {
  try {
    if (msg.type === 'start') void run(msg.job)
    else if (msg.type === 'ack') onAck(msg.seq, msg.pks, msg.existingThrough)
    else if (msg.type === 'finish-index') finishIndex()
  } catch (err) {
    fail(err)
  }
})

async function run(job: ExportJob): Promise<void> {
  try {
    if (job.index) {
      try {
        index = ScratchIndex.create(job.index.mirrorFile, job.index.scratchFile)
      } catch (err) {
        indexFailed(err)
      }
    }
    input = await openCsvDownload(job.url, controller.signal)
    const result = await parseCsvStream(input, {
      signal: controller.signal,
      batchSize: job.batchSize,
      skipRows: job.skipRows,
      onHeader: (header) => (columns = columnsFromHeader(header)),
      onSkipped: job.mode === 'compare' ? (rows) => onSkipped(rows, job.batchSize) : undefined,
      onBatch: (rows, firstRow) => {
        const { batch, search } = encodePeople(rows, columns!, firstRow)
        enqueueBatch(batch, search)
      },
    })
    flushSkipped()
    rowsRead = result.rows
    pump()
  } catch (err) {
    fail(err)
  }
}

function onSkipped(rows: string[][], batchSize: number): void {
  for (const row of rows) {
    const p = personFromRow(row, columns!)
    if (p) skipped.push(p.cioId)
  }
  if (skipped.length >= batchSize) flushSkipped()
}

function flushSkipped(): void {
  if (skipped.length === 0) return
  waiting.push({ type: 'skipped', seq: nextSeq++, cioIds: skipped })
  skipped = []
  pump()
}

function enqueueBatch(batch: PeopleBatch, search: SearchFields): void {
  flushSkipped()
  const seq = nextSeq++
  if (index) retained.set(seq, search)
  waiting.push({ type: 'batch', seq, batch })
  pump()
}

/** Hands batches over while fewer than MAX_IN_FLIGHT are unacked; holds the download otherwise. */
function pump(): void {
  if (failed) return
  while (inFlight < MAX_IN_FLIGHT && waiting.length > 0) {
    post(waiting.shift()!)
    inFlight++
  }
  const hold = waiting.length > 0
  if (hold !== paused && input) {
    paused = hold
    if (hold) input.pause()
    else input.resume()
  }
  if (rowsRead !== null && waiting.length === 0 && !endSent) {
    endSent = true
    post({ type: 'end', rows: rowsRead })
  }
}

function onAck(seq: number, pks: Float64Array | undefined, existingThrough: number | undefined): void {
  inFlight--
  const search = retained.get(seq)
  retained.delete(seq)
  if (index && pks && search) {
    try {
      if (existingThrough !== undefined) index.addExisting(existingThrough)
      index.addBatch(pks, search)
    } catch (err) {
      indexFailed(err)
    }
  }
  pump()
}

function finishIndex(): void {
  if (!index) return post({ type: 'index-failed', message: 'no scratch index was built' })
  try {
    index.finish()
    index = null
    post({ type: 'indexed' })
  } catch (err) {
    indexFailed(err)
  }
}

/** The index is optional: give it up, tell the writer (it will rebuild instead) and go on. */
function indexFailed(err: unknown): void {
  index?.close()
  index = null
  retained.clear()
  post({ type: 'index-failed', message: err instanceof Error ? err.message : String(err) })
}

function fail(err: unknown): void {
  if (failed) return
  failed = true
  controller.abort()
  input?.destroy()
  index?.close()
  index = null
  if (err instanceof AppError) post({ type: 'error', code: err.code, message: err.message, retryable: err.retryable })
  else post({ type: 'error', code: 'INTERNAL', message: err instanceof Error ? err.message : String(err), retryable: false })
}
