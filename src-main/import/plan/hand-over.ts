// Sharing a plan's work between its two threads. The reader thread reads, validates and judges
// people rows against the mirror; the planner thread applies the file-wide checks and writes the
// plan. Judging costs about twice what planning does, so the planner would wait for the reader
// half of the time. Instead, when the planner has (almost) nothing queued, the reader hands it the
// next batch as the file's raw cells, and the planner validates and judges that batch itself.
//
// Raw cells, not validated rows: an array of strings crosses threads (JSON text) for a fraction of
// what a validated record costs to rebuild on the other side (measured on the 1M-row plan: a
// validated row cost the planner 3.7 µs to decode, a judged one 0.5 µs), so a batch handed over
// costs the planner about what it saves the reader.

import type { RawRow } from '../types'

/** What a batch weighs in the planner's queue: a judged batch is 1, a raw one (validate and judge too) more. */
export const HANDED_BATCH_WEIGHT = 2
/** The reader hands a batch over while the planner's queue weighs at most this much. */
export const HAND_OVER_BELOW = 1

/**
 * The planner's count of batches it has planned, shared with the reader thread: a message back
 * would only be read when the reader's event loop turns, which it rarely does while it judges.
 */
export function plannedCounter(): SharedArrayBuffer {
  return new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT)
}

export function countPlanned(counter: SharedArrayBuffer): void {
  Atomics.add(new Int32Array(counter), 0, 1)
}

/** The reader's view of the planner's queue: what it sent, and how much of it is planned. */
export class PlannerQueue {
  private readonly planned: Int32Array
  /** total weight of the batches sent before each one (prefix sums), and of all of them */
  private readonly weightBefore: number[] = []
  private sentWeight = 0

  constructor(counter: SharedArrayBuffer) {
    this.planned = new Int32Array(counter)
  }

  sent(handedOver: boolean): void {
    this.weightBefore.push(this.sentWeight)
    this.sentWeight += handedOver ? HANDED_BATCH_WEIGHT : 1
  }

  /** The weight of the batches sent and not planned yet. */
  backlog(): number {
    const done = Atomics.load(this.planned, 0)
    return done >= this.weightBefore.length ? 0 : this.sentWeight - this.weightBefore[done]
  }

  /** Whether the next batch should go to the planner raw. Never the first: its rows carry the file's row-0 problems. */
  mayHandOver(): boolean {
    return this.weightBefore.length > 0 && this.backlog() <= HAND_OVER_BELOW
  }
}

type WireRawRow = [number, string[]] | [number, string[], RawRow['problem'] | null, RawRow['strayBytes'] | null]

/** A batch of raw rows as JSON text: a row is [row, cells] (plus the parser's findings when it has any). */
export function encodeRawRows(rows: readonly RawRow[]): string {
  return JSON.stringify(rows.map((r): WireRawRow => (r.problem === undefined && r.strayBytes === undefined ? [r.row, r.cells] : [r.row, r.cells, r.problem ?? null, r.strayBytes ?? null])))
}

export function decodeRawRows(text: string): RawRow[] {
  return (JSON.parse(text) as WireRawRow[]).map(([row, cells, problem, strayBytes]) => {
    const raw: RawRow = { row, cells }
    if (problem !== undefined && problem !== null) raw.problem = problem
    if (strayBytes !== undefined && strayBytes !== null) raw.strayBytes = strayBytes
    return raw
  })
}
