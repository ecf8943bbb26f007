// The plan's reader thread (see plan-reader.ts): reads, parses and validates the file, looks up
// each batch's people through a read-only connection of its own and judges each people row against
// them (assessPerson), at most READ_AHEAD_BATCHES ahead of the planner, which acknowledges each
// batch it has planned and applies the checks that need the whole file. When the planner has
// little queued, the next batch goes to it raw instead (hand-over.ts).

import Database from 'better-sqlite3'
import { parentPort, workerData } from 'node:worker_threads'
import { AppError } from '../../contract/result'
import { assessPerson } from './assess-person'
import { lookupBatchPeople } from './batch-people'
import { MirrorLookup } from './mirror-lookup'
import { readRows } from '../../csv/read-rows'
import type { PlanItem } from './planner'
import { encodeRawRows, PlannerQueue } from './hand-over'
import { encodeItems, fileValidator, READ_AHEAD_BATCHES, validateRows, type FromPlanReader, type PlanReaderWorkerData } from './plan-reader'

const port = parentPort
if (!port) throw new Error('plan-reader-worker.ts must run as a worker thread')
const input = workerData as PlanReaderWorkerData
const post = (msg: FromPlanReader) => port.postMessage(msg)

let credits = READ_AHEAD_BATCHES
let granted: (() => void) | null = null
port.on('message', () => {
  credits++
  granted?.()
  granted = null
})

/** Waits until the planner has room for one more batch, and takes it. */
async function credit(): Promise<void> {
  while (credits === 0) await new Promise<void>((res) => (granted = res))
  credits--
}

async function run(): Promise<void> {
  const db = new Database(input.mirrorFile, { readonly: true, fileMustExist: true })
  try {
    db.pragma('busy_timeout = 5000')
    const lookup = new MirrorLookup(db, input.workspaceId)
    // one read transaction per batch: its id and email lookups see the same state of the mirror
    const lookUp = db.transaction((rows: Parameters<typeof lookupBatchPeople>[1]) => lookupBatchPeople(lookup, rows))
    const validate = fileValidator(input)
    const planner = new PlannerQueue(input.planned)
    for await (const raws of readRows(input.path, input.sniff, { fromRow: 1, batchSize: input.batchSize })) {
      // a blocked file's rows are all invalid without a lookup: nothing worth handing over
      if (!validate.blocked && planner.mayHandOver()) {
        await credit()
        post({ type: 'raw', rows: encodeRawRows(raws) })
        planner.sent(true)
        continue
      }
      const rows = validateRows(validate, raws)
      const people = lookUp(rows)
      let othersNeedPeople = false
      const items: PlanItem[] = rows.map((item) => {
        if (item.record?.kind === 'people') return { row: item.row, errors: item.errors, verdict: assessPerson(item.record, people) }
        if (item.record) othersNeedPeople = true
        return item
      })
      await credit()
      // JSON text crosses threads far cheaper than the same objects through structured clone
      // (measured on a 1M-row plan: several seconds of serialising on both sides)
      post({ type: 'batch', items: encodeItems(items), people: othersNeedPeople ? people : undefined })
      planner.sent(false)
    }
    post({ type: 'done', conversions: validate.log.snapshot() })
  } finally {
    db.close()
  }
}

run().catch((err: unknown) => {
  const error = err instanceof AppError ? { code: err.code, message: err.message, retryable: err.retryable } : { code: null, message: err instanceof Error ? err.message : String(err), retryable: false }
  post({ type: 'error', error })
})
