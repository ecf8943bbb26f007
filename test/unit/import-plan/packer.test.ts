import { describe, expect, it } from 'vitest'
import { BATCH_ENVELOPE_BYTES, BatchPacker, MAX_BATCH_BYTES, MAX_OPERATION_BYTES, TRACK_V2_LIMITS, batchBody, toPackable, type PackableOp, type PackedBatch, type PackLimits } from '../../../src-main/cio/packer'

const identify = (row: number, filler: number) => toPackable(row, { type: 'person', action: 'identify', identifiers: { id: `u${row}` }, attributes: { note: 'x'.repeat(filler) } })

/** Packs a list in order as the push does: operations that do not fit any batch are set apart (their rows are rejected). */
function packAll(ops: PackableOp[], limits: PackLimits = TRACK_V2_LIMITS): { batches: PackedBatch[]; oversize: PackableOp[] } {
  const packer = new BatchPacker(limits)
  const batches: PackedBatch[] = []
  const oversize: PackableOp[] = []
  for (const op of ops) {
    if (!packer.fits(op)) oversize.push(op)
    else {
      const closed = packer.add(op)
      if (closed) batches.push(closed)
    }
  }
  const last = packer.flush()
  if (last) batches.push(last)
  return { batches, oversize }
}

describe('size-aware batch packer', () => {
  it('measures the exact body it sends, multi-byte characters included', () => {
    const ops = [toPackable(1, { a: 'é€😀' }), toPackable(2, { b: 2 })]
    const { batches } = packAll(ops)
    expect(batches).toHaveLength(1)
    const body = batchBody(batches[0])
    expect(body).toBe(JSON.stringify({ batch: [{ a: 'é€😀' }, { b: 2 }] }))
    expect(batches[0].bytes).toBe(Buffer.byteLength(body))
  })

  it('fills batches close to 500 KB without ever crossing it, in row order', () => {
    const ops = Array.from({ length: 20_000 }, (_, i) => identify(i + 1, 50 + (i % 200)))
    const { batches, oversize } = packAll(ops)
    expect(oversize).toEqual([])
    expect(batches.flatMap((b) => b.ops.map((o) => o.row))).toEqual(ops.map((o) => o.row))
    for (const b of batches) {
      expect(b.bytes).toBe(Buffer.byteLength(batchBody(b)))
      expect(b.bytes).toBeLessThanOrEqual(MAX_BATCH_BYTES)
    }
    // every batch but the last is full: the next op would not have fitted
    for (let i = 0; i < batches.length - 1; i++) {
      const nextOp = batches[i + 1].ops[0]
      expect(batches[i].bytes + 1 + nextOp.bytes).toBeGreaterThan(MAX_BATCH_BYTES)
      expect(batches[i].bytes / MAX_BATCH_BYTES).toBeGreaterThan(0.99)
    }
  })

  it('sets operations over 32 KB apart and packs the rest', () => {
    const big = identify(2, MAX_OPERATION_BYTES)
    const { batches, oversize } = packAll([identify(1, 10), big, identify(3, 10)])
    expect(oversize.map((o) => o.row)).toEqual([2])
    expect(batches).toHaveLength(1)
    expect(batches[0].ops.map((o) => o.row)).toEqual([1, 3])
    expect(() => new BatchPacker().add(big)).toThrow(RangeError)
  })

  it('keeps an operation of exactly 32 KB and splits at the batch limit of custom limits', () => {
    const base = identify(1, 0).bytes
    const exact = identify(1, MAX_OPERATION_BYTES - base)
    expect(exact.bytes).toBe(MAX_OPERATION_BYTES)
    expect(packAll([exact]).oversize).toEqual([])
    const small = { maxBatchBytes: BATCH_ENVELOPE_BYTES + 2 * 10 + 1, maxOperationBytes: 100 }
    const ten = (row: number) => toPackable(row, { k: 'abcd' }) // {"k":"abcd"} = 12 bytes
    expect(ten(1).bytes).toBe(12)
    const { batches } = packAll([ten(1), ten(2), ten(3)], { ...small, maxBatchBytes: BATCH_ENVELOPE_BYTES + 12 + 1 + 12 })
    expect(batches.map((b) => b.ops.length)).toEqual([2, 1])
    expect(batches[0].bytes).toBe(BATCH_ENVELOPE_BYTES + 25)
  })

  it('flush returns nothing when empty and first/last rows of what it held', () => {
    const p = new BatchPacker()
    expect(p.flush()).toBeNull()
    p.add(identify(7, 1))
    p.add(identify(3, 1))
    expect(p.flush()).toMatchObject({ firstRow: 3, lastRow: 7 })
    expect(p.pending).toBe(0)
  })
})
