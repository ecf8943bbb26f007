import { Readable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { parseCsvStream } from '../../../src-main/cio/export-stream'

/** CSV text delivered in tiny pieces, as a network would, decoded as a stream. */
function chunked(text: string, size: number): Readable {
  const bytes = Buffer.from(text)
  const pieces: Buffer[] = []
  for (let i = 0; i < bytes.length; i += size) pieces.push(bytes.subarray(i, i + size))
  const stream = Readable.from(pieces)
  stream.setEncoding('utf8')
  return stream
}

const CSV = 'cio_id,id,email,city\n' + Array.from({ length: 25 }, (_, i) => `c${i},u${i},p${i}@x.com,"São Paulo, ""SP"""`).join('\n') + '\n'

describe('parseCsvStream', () => {
  it('streams rows in batches, with quoted cells and multi-byte characters split across chunks', async () => {
    const batches: { first: number; rows: string[][] }[] = []
    let header: string[] = []
    const result = await parseCsvStream(chunked(CSV, 7), { batchSize: 10, onHeader: (h) => (header = h), onBatch: (rows, first) => batches.push({ first, rows }) })
    expect(header).toEqual(['cio_id', 'id', 'email', 'city'])
    expect(result.rows).toBe(25)
    expect(batches.map((b) => [b.first, b.rows.length])).toEqual([[0, 10], [10, 10], [20, 5]])
    expect(batches[2].rows[4]).toEqual(['c24', 'u24', 'p24@x.com', 'São Paulo, "SP"'])
  })

  it('passes over rows already applied, still showing them to onSkipped', async () => {
    const skipped: string[] = []
    const applied: string[] = []
    await parseCsvStream(chunked(CSV, 64), { batchSize: 10, skipRows: 12, onSkipped: (rows) => skipped.push(...rows.map((r) => r[0])), onBatch: (rows) => applied.push(...rows.map((r) => r[0])) })
    expect(skipped).toHaveLength(12)
    expect(applied[0]).toBe('c12')
    expect(applied).toHaveLength(13)
  })

  it('stops with CANCELLED when the signal is aborted', async () => {
    const controller = new AbortController()
    controller.abort()
    await expect(parseCsvStream(chunked(CSV, 16), { batchSize: 5, signal: controller.signal, onBatch: () => undefined })).rejects.toMatchObject({ code: 'CANCELLED' })
  })

  it('reports a download that breaks off mid-file as a retryable network failure, after the rows before it', async () => {
    const seen: string[] = []
    const body = new Readable({ read() {} })
    body.setEncoding('utf8')
    body.push(CSV.slice(0, 200))
    setTimeout(() => body.destroy(new Error('socket hang up')), 10)
    const parsing = parseCsvStream(body, { batchSize: 1, onBatch: (rows) => seen.push(...rows.map((r) => r[0])) })
    await expect(parsing).rejects.toMatchObject({ code: 'NETWORK', retryable: true, message: expect.stringContaining('broke off (socket hang up)') })
    expect(seen.length).toBeGreaterThan(0)
  })
})
