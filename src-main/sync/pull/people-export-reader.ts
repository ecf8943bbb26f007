// The writer's side of the people export worker (people-export-worker.ts): starts the thread,
// hands out its batches in order, carries the acks back, and ends the thread whatever happens.
// A cancel (the job's AbortSignal) terminates the worker at once; so does close(), which the pull
// calls in a finally, so no thread outlives its pull.

import { resolve } from 'node:path'
import { Worker } from 'node:worker_threads'
import { workerEntry } from '../../base/worker-entry'
import { cancelled } from '../../base/cancellation'
import { AppError } from '../../contract/result'
import type { ExportJob, FromExportWorker, ToExportWorker } from './people-batch'
import type { PeopleBatch } from '../../merge/people-writer'

/**
 * The worker's V8 young generation. Its batches live for one trip to the writer and back; with
 * V8's default the worker's heap reached 102–144 MB on a 1M-person first pull. 16 MB took the
 * pull's peak RSS down by about 16 MB at the same local time; 8 MB by 47 MB but 13 % slower
 * (bench/pull/RESULTS.md, session 7).
 */
const YOUNG_GENERATION_MB = 16

/** The bundled entry's name in electron.vite.config.ts (out/main/people-export-worker.js). */
export const PEOPLE_EXPORT_WORKER = 'people-export-worker'

export type ExportItem = { type: 'batch'; seq: number; batch: PeopleBatch } | { type: 'skipped'; seq: number; cioIds: string[] } | { type: 'end'; rows: number }

let running = 0
/** Export workers started and not yet exited (tests check that none is left behind). */
export function runningExportWorkers(): number {
  return running
}

export class ExportReader {
  private readonly worker: Worker
  private readonly items: ExportItem[] = []
  private waiter: { resolve: (item: ExportItem) => void; reject: (err: unknown) => void } | null = null
  private failure: unknown = null
  /** whether the index built aside is ready (true), given up (false), or still being built (null) */
  private indexBuilt: boolean | null = null
  private indexWaiter: ((built: boolean) => void) | null = null
  private readonly exited: Promise<void>
  private readonly onAbort = () => this.stop(cancelled())

  /** Starts the thread now; the job follows with begin() (the thread boots meanwhile). */
  constructor(private readonly signal: AbortSignal) {
    const { file, workerData } = workerEntry(resolve(__dirname, 'people-export-worker.ts'), PEOPLE_EXPORT_WORKER)
    this.worker = new Worker(file, { workerData, resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB } })
    running++
    this.exited = new Promise((res) => this.worker.once('exit', () => (running--, res())))
    this.worker.on('message', (msg: FromExportWorker) => this.onMessage(msg))
    this.worker.on('error', (err) => this.stop(new AppError('INTERNAL', `the export reader stopped: ${err.message}`)))
    this.worker.on('exit', (code) => this.stop(new AppError('INTERNAL', `the export reader exited (code ${code})`)))
    signal.addEventListener('abort', this.onAbort, { once: true })
    if (signal.aborted) this.onAbort()
  }

  begin(job: ExportJob): void {
    this.post({ type: 'start', job })
  }

  /** The next batch (or passed-over ids) in file order, then 'end'. Rejects on error or cancel. */
  next(): Promise<ExportItem> {
    if (this.failure) return Promise.reject(this.failure)
    const item = this.items.shift()
    if (item) return Promise.resolve(item)
    return new Promise((res, rej) => (this.waiter = { resolve: res, reject: rej }))
  }

  /** Batch `seq` is committed. `pks` (transferred) and `existingThrough` feed the index built aside. */
  ack(seq: number, pks?: Float64Array, existingThrough?: number): void {
    this.post({ type: 'ack', seq, pks, existingThrough }, pks ? [pks.buffer as ArrayBuffer] : [])
  }

  /** Still building the index aside: false once the worker gave it up. */
  get indexing(): boolean {
    return this.indexBuilt !== false
  }

  /** After the last ack: completes the scratch index; true when it is ready to adopt. */
  finishIndex(): Promise<boolean> {
    if (this.indexBuilt !== null) return Promise.resolve(this.indexBuilt)
    this.post({ type: 'finish-index' })
    return new Promise((res) => (this.indexWaiter = res))
  }

  /** Ends the thread (idempotent) and waits until it is gone. */
  async close(): Promise<void> {
    this.signal.removeEventListener('abort', this.onAbort)
    this.stop(new AppError('INTERNAL', 'the export reader was closed'))
    await this.exited
  }

  private post(msg: ToExportWorker, transfer: ArrayBuffer[] = []): void {
    if (!this.failure) this.worker.postMessage(msg, transfer)
  }

  private onMessage(msg: FromExportWorker): void {
    switch (msg.type) {
      case 'batch':
      case 'skipped':
      case 'end':
        if (this.waiter) {
          const w = this.waiter
          this.waiter = null
          w.resolve(msg)
        } else this.items.push(msg)
        return
      case 'error':
        return this.stop(new AppError(msg.code, msg.message, msg.retryable))
      case 'index-failed':
        this.indexBuilt = false
        return this.settleIndex(false)
      case 'indexed':
        this.indexBuilt = true
        return this.settleIndex(true)
    }
  }

  private settleIndex(built: boolean): void {
    const w = this.indexWaiter
    this.indexWaiter = null
    w?.(built)
  }

  /** The first failure wins; the thread is terminated and every waiter rejected. */
  private stop(err: unknown): void {
    if (this.failure) return
    this.failure = err
    void this.worker.terminate()
    const w = this.waiter
    this.waiter = null
    w?.reject(err)
    if (this.indexBuilt === null) this.indexBuilt = false
    this.settleIndex(false)
  }
}
