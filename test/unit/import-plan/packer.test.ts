import { describe, expect, it } from 'vitest'
import { BATCH_ENVELOPE_BYTES, BatchPacker, MAX_BATCH_BYTES, MAX_OPERATION_BYTES, batchBody, packBatches, toPackable } from '../../../src-main/import/push/packer'

const identify = (row: number, filler: number) => toPackable(row, { type: 'person', action: 'identify', identifiers: { id: `u${row}` }, attributes: { note: 'x'.repeat(filler) } })

describe('size-aware batch packer', () => {
  it('measures the exact body it sends, multi-byte characters included', () => {
    const ops = [toPackable(1, { a: 'é€😀' }), toPackable(2, { b: 2 })]
    const { batches } = packBatches(ops)
    expect(batches).toHaveLength(1)
    const body = batchBody(batches[0])
    expect(body).toBe(JSON.stringify({ batch: [{ a: 'é€😀' }, { b: 2 }] }))
    expect(batches[0].bytes).toBe(Buffer.byteLength(body))
  })

  it('fills batches close to 500 KB without ever crossing it, in row order', () => {
    const ops = Array.from({ length: 20_000 }, (_, i) => identify(i + 1, 50 + (i % 200)))
    const { batches, oversize } = packBatches(ops)
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
    const { batches, oversize } = packBatches([identify(1, 10), big, identify(3, 10)])
    expect(oversize.map((o) => o.row)).toEqual([2])
    expect(batches).toHaveLength(1)
    expect(batches[0].ops.map((o) => o.row)).toEqual([1, 3])
    expect(() => new BatchPacker().add(big)).toThrow(RangeError)
  })

  it('keeps an operation of exactly 32 KB and splits at the batch limit of custom limits', () => {
    const base = identify(1, 0).bytes
    const exact = identify(1, MAX_OPERATION_BYTES - base)
    expect(exact.bytes).toBe(MAX_OPERATION_BYTES)
    expect(packBatches([exact]).oversize).toEqual([])
    const small = { maxBatchBytes: BATCH_ENVELOPE_BYTES + 2 * 10 + 1, maxOperationBytes: 100 }
    const ten = (row: number) => toPackable(row, { k: 'abcd' }) // {"k":"abcd"} = 12 bytes
    expect(ten(1).bytes).toBe(12)
    const { batches } = packBatches([ten(1), ten(2), ten(3)], { ...small, maxBatchBytes: BATCH_ENVELOPE_BYTES + 12 + 1 + 12 })
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
