// The plan's input: the file's rows, validated, with the mirror's people each batch needs. On a
// mirror file this runs on a reader thread (plan-reader-worker.ts) with a read-only connection of
// its own, so reading, parsing, validating and the index probes use the second core while this
// thread diffs and writes the plan (WAL lets a reader work beside the writer); when the planner
// would wait, the reader hands it a batch of raw rows to validate and judge itself (hand-over.ts).
// An in-memory mirror cannot be opened twice, so there the same steps run inline and the planner
// looks people up.

import { Worker } from 'node:worker_threads'
import { resolve } from 'node:path'
import { workerEntry } from '../../base/worker-entry'
import { cancelled } from '../../base/cancellation'
import { AppError, type ErrorCode } from '../../contract/result'
import { readRows } from '../../csv/read-rows'
import { createValidator, type RowValidator } from '../validate'
import type { FieldChanges } from '../../db/json-types'
import { ConversionLog, type ColumnConversion, type ConversionSnapshot } from '../conversion-log'
import type { ImportOptions, Mapping, PlanBucket, RawRow, RowError, SniffResult, ValidatedRow } from '../types'
import { countPlanned, decodeRawRows, plannedCounter } from './hand-over'
import type { PlannedRow } from './assess-person'
import type { PeopleByType } from './batch-people'
import type { PlanItem } from './planner'

export interface PlanReaderInput {
  path: string
  sniff: SniffResult
  mapping: Mapping
  options: ImportOptions
  /** file-level problems found against the mirror, reported with (and blocking) every row */
  problems: RowError[]
  batchSize: number
}

export interface PlanBatch {
  items: PlanItem[]
  /** the batch's people, when the reader looked them up for rows it did not judge; otherwise the planner looks up what it needs */
  people?: PeopleByType
}

/** What the reader thread is started with. */
export interface PlanReaderWorkerData extends PlanReaderInput {
  mirrorFile: string
  workspaceId: string
  /** the planner's count of planned batches (hand-over.ts) */
  planned: SharedArrayBuffer
}

export type FromPlanReader =
  | { type: 'batch'; items: string; people?: PeopleByType }
  /** a batch handed over as the file's raw rows (hand-over.ts) */
  | { type: 'raw'; rows: string }
  /** the reader's conversion log, to merge with the planner's (it validated the batches handed over) */
  | { type: 'done'; conversions: ConversionSnapshot[] }
  | { type: 'error'; error: { code: ErrorCode | null; message: string; retryable: boolean } }

/** Batches the reader may run ahead of the planner: enough to keep both threads busy, few enough to bound memory. */
export const READ_AHEAD_BATCHES = 2

/** What the reader learnt about the whole file once it has read it all. */
export interface PlanReaderFindings {
  /** every conversion the validator made, per column with an example (conversion-log.ts) */
  conversions: ColumnConversion[]
}

/** `done` hears what the reader found, after the last batch. */
export function validatedBatches(input: PlanReaderInput, signal?: AbortSignal, done?: (findings: PlanReaderFindings) => void): AsyncGenerator<ValidatedRow[]> {
  const validate = fileValidator(input)
  return (async function* () {
    for await (const raws of readRows(input.path, input.sniff, { signal, fromRow: 1, batchSize: input.batchSize })) yield validateRows(validate, raws)
    done?.({ conversions: validate.conversions() })
  })()
}

/** The validator of the plan's file; `continuing` for one that validates batches after the first (hand-over.ts). */
export function fileValidator(input: PlanReaderInput, continuing = false): RowValidator {
  return createValidator(input.mapping, input.options, { fileSha256: input.sniff.sha256, fileName: input.sniff.fileName, problems: input.problems, continuing })
}

export function validateRows(validate: RowValidator, raws: readonly RawRow[]): ValidatedRow[] {
  return raws.map((raw): ValidatedRow => {
    const { record, errors } = validate(raw)
    return { row: raw.row, record, errors }
  })
}

/**
 * The plan's batches in file order. `mirror` is null for an in-memory mirror (inline reading).
 * Stopping early (a thrown error, a cancel, `return()`) stops the reader thread. `findings` is
 * filled in once the whole file was read.
 */
export async function* planBatches(input: PlanReaderInput, mirror: { file: string; workspaceId: string } | null, signal: AbortSignal, findings?: PlanReaderFindings): AsyncGenerator<PlanBatch> {
  const keep = (found: PlanReaderFindings) => findings && Object.assign(findings, found)
  if (mirror === null) {
    for await (const items of validatedBatches(input, signal, keep)) yield { items }
    return
  }
  const { file, workerData } = workerEntry(resolve(__dirname, 'plan-reader-worker.ts'), 'import-plan-reader')
  const planned = plannedCounter()
  const data: PlanReaderWorkerData = { ...input, mirrorFile: mirror.file, workspaceId: mirror.workspaceId, planned }
  const worker = new Worker(file, { workerData: { ...workerData, ...data } })
  /** validates the batches the reader hands over, made with the first of them */
  let validate: RowValidator | null = null
  const queue: FromPlanReader[] = []
  let wake: (() => void) | null = null
  let failure: Error | null = null
  const notify = () => {
    wake?.()
    wake = null
  }
  worker.on('message', (msg: FromPlanReader) => {
    queue.push(msg)
    notify()
  })
  worker.on('error', (err) => {
    failure = err
    notify()
  })
  worker.on('exit', (code) => {
    failure ??= new AppError('INTERNAL', `the plan's file reader stopped unexpectedly (exit code ${code})`)
    notify()
  })
  const onAbort = () => notify()
  signal.addEventListener('abort', onAbort)
  try {
    for (;;) {
      if (signal.aborted) throw cancelled()
      const msg = queue.shift()
      if (!msg) {
        if (failure) throw failure
        await new Promise<void>((res) => (wake = res))
        continue
      }
      if (msg.type === 'done') {
        const log = validate?.log ?? new ConversionLog()
        log.merge(msg.conversions)
        keep({ conversions: log.list() })
        return
      }
      if (msg.type === 'error') throw msg.error.code ? new AppError(msg.error.code, msg.error.message, msg.error.retryable) : new Error(msg.error.message)
      if (msg.type === 'raw') {
        validate ??= fileValidator(input, true)
        yield { items: validateRows(validate, decodeRawRows(msg.rows)) }
      } else yield { items: decodeItems(msg.items), people: msg.people }
      // the consumer has planned the batch when it asks for the next one
      countPlanned(planned)
      worker.postMessage('ack')
    }
  } finally {
    signal.removeEventListener('abort', onAbort)
    worker.removeAllListeners('exit')
    await worker.terminate()
  }
}

/**
 * A batch as JSON text for the trip to the planner's thread. A judged people row is a short array
 * rather than an object (most rows are unchanged, and their keys would be most of the text), without
 * its four trailing nulls when all are null (an unchanged row); other rows go as they are.
 */
export function encodeItems(items: readonly PlanItem[]): string {
  return JSON.stringify(
    items.map((item) => {
      if (!('verdict' in item)) return item
      const { entityKey, duplicateKey, claimEmail, plan } = item.verdict
      const errors = item.errors.length ? item.errors : 0
      const dup = duplicateKey === entityKey ? 0 : duplicateKey
      const bare = plan.changes === null && (plan.column ?? null) === null && (plan.value ?? null) === null && (plan.message ?? null) === null
      const wire: WireRow = bare
        ? [item.row, errors, entityKey, dup, claimEmail, plan.bucket]
        : [item.row, errors, entityKey, dup, claimEmail, plan.bucket, plan.changes, plan.column ?? null, plan.value ?? null, plan.message ?? null]
      return wire
    }),
  )
}

export function decodeItems(text: string): PlanItem[] {
  return (JSON.parse(text) as (WireRow | ValidatedRow)[]).map((item) => {
    if (!Array.isArray(item)) return item
    const [row, errors, entityKey, duplicateKey, claimEmail, bucket, changes = null, column = null, value = null, message = null] = item
    const plan: PlannedRow = { bucket, changes }
    if (column !== null) plan.column = column
    if (value !== null) plan.value = value
    if (message !== null) plan.message = message
    return { row, errors: errors === 0 ? [] : errors, verdict: { entityKey, duplicateKey: duplicateKey === 0 ? entityKey : duplicateKey, claimEmail, plan } }
  })
}

type WireRow = [number, RowError[] | 0, string, string | 0, string | null, PlanBucket, (FieldChanges | null)?, (string | null)?, (string | null)?, (string | null)?]
