// Size-aware packing of Track v2 operations into /api/v2/batch requests (docs/customerio-api.md §3.12):
// the whole body must stay ≤ 500 KB and each operation ≤ 32 KB. Bytes are measured on the exact
// JSON that goes on the wire — `{"batch":[op1,op2,…]}`, each op as JSON.stringify writes it, UTF-8 —
// so a batch is filled close to the limit without ever crossing it. Pure: no I/O, unit-tested.

export const MAX_BATCH_BYTES = 500 * 1024
export const MAX_OPERATION_BYTES = 32 * 1024
/** `{"batch":[` + `]}`: the envelope around the comma-separated operations */
export const BATCH_ENVELOPE_BYTES = Buffer.byteLength('{"batch":[]}')

export interface PackLimits {
  maxBatchBytes: number
  maxOperationBytes: number
}

export const TRACK_V2_LIMITS: PackLimits = { maxBatchBytes: MAX_BATCH_BYTES, maxOperationBytes: MAX_OPERATION_BYTES }

/** One operation ready to pack: the data row it came from and its serialised form. */
export interface PackableOp {
  row: number
  op: Record<string, unknown>
  json: string
  bytes: number
}

export interface PackedBatch {
  ops: PackableOp[]
  /** the byte size of the request body `{"batch":[…]}` exactly as sent */
  bytes: number
  firstRow: number
  lastRow: number
}

export function toPackable(row: number, op: Record<string, unknown>): PackableOp {
  const json = JSON.stringify(op)
  return { row, op, json, bytes: Buffer.byteLength(json) }
}

/** The body sent for a batch: built from the measured strings, so what was measured is what is sent. */
export function batchBody(batch: PackedBatch): string {
  return `{"batch":[${batch.ops.map((o) => o.json).join(',')}]}`
}

/**
 * Streaming packer: `add` returns a full batch when the next operation would not fit, `flush`
 * returns what is left. Operations over the per-operation limit are refused by `add` (the caller
 * rejects their row) instead of being sent to fail.
 */
export class BatchPacker {
  private ops: PackableOp[] = []
  private bytes = BATCH_ENVELOPE_BYTES

  constructor(private readonly limits: PackLimits = TRACK_V2_LIMITS) {}

  fits(op: PackableOp): boolean {
    return op.bytes <= this.limits.maxOperationBytes && BATCH_ENVELOPE_BYTES + op.bytes <= this.limits.maxBatchBytes
  }

  /** Adds `op`; returns the batch it closed (the ops before it), or null. Throws for an op that never fits. */
  add(op: PackableOp): PackedBatch | null {
    if (!this.fits(op)) throw new RangeError(`operation of row ${op.row} is ${op.bytes} bytes; the limit is ${this.limits.maxOperationBytes}`)
    const separator = this.ops.length > 0 ? 1 : 0
    let closed: PackedBatch | null = null
    if (this.bytes + separator + op.bytes > this.limits.maxBatchBytes) closed = this.flush()
    this.bytes += (this.ops.length > 0 ? 1 : 0) + op.bytes
    this.ops.push(op)
    return closed
  }

  flush(): PackedBatch | null {
    if (this.ops.length === 0) return null
    const ops = this.ops
    const batch: PackedBatch = { ops, bytes: this.bytes, firstRow: ops.reduce((m, o) => Math.min(m, o.row), Infinity), lastRow: ops.reduce((m, o) => Math.max(m, o.row), -Infinity) }
    this.ops = []
    this.bytes = BATCH_ENVELOPE_BYTES
    return batch
  }

  get pending(): number {
    return this.ops.length
  }
}
