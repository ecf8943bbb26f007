import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openCsvDownload, parseCsvStream } from '../../../src-main/cio/export-stream'
import { AppError } from '../../../src-main/contract/result'
import { ExportReader, runningExportWorkers, type ExportItem } from '../../../src-main/sync/pull/people-export-reader'
import { columnsFromHeader } from '../../../src-main/merge/person-merge'

// The people export worker over real HTTP (a local server stands in for the signed link): batches
// in file order, rows passed over on resume, backpressure, the pull's error codes and messages,
// and no thread left behind after an end, an error or a cancel.

const ROWS = 2500
const csv = 'cio_id,id,email,first_name\n' + Array.from({ length: ROWS }, (_, i) => (i % 100 === 7 ? `,u${i},,NoCio` : `c${i},u${i},p${i}@x.com,Zoë ${i}`)).join('\n') + '\n'
let server: Server
let base = ''

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/export.csv') return void res.end(csv)
    if (req.url === '/expired') return void res.writeHead(403).end('no')
    if (req.url === '/no-cio-id') return void res.end('id,email\nu1,a@x.com\n')
    if (req.url === '/broken') {
      // half the file, then the connection drops
      res.writeHead(200, { 'content-length': String(csv.length) })
      res.write(csv.slice(0, csv.length / 2))
      return void setTimeout(() => res.destroy(), 50)
    }
    res.writeHead(404).end()
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(() => new Promise<void>((r) => server.close(() => r())))

async function readAll(reader: ExportReader): Promise<ExportItem[]> {
  const items: ExportItem[] = []
  for (;;) {
    const item = await reader.next()
    items.push(item)
    if (item.type === 'end') return items
    reader.ack(item.seq)
  }
}

describe('ExportReader', () => {
  it('hands out batches in file order and ends its thread', async () => {
    const reader = new ExportReader(new AbortController().signal)
    reader.begin({ url: `${base}/export.csv`, skipRows: 0, batchSize: 1000, mode: 'fresh' })
    const items = await readAll(reader)
    await reader.close()
    const batches = items.flatMap((i) => (i.type === 'batch' ? [i.batch] : []))
    expect(batches.map((b) => [b.firstRow, b.rowCount])).toEqual([[0, 1000], [1000, 1000], [2000, 500]])
    expect(batches[0].cioId).toHaveLength(990) // rows without a cio_id are no person
    expect(batches[2].cioId.at(-1)).toBe('c2499')
    expect(JSON.parse(batches[0].attributes[0])).toEqual({ first_name: 'Zoë 0' })
    expect(items.at(-1)).toEqual({ type: 'end', rows: ROWS })
    expect(runningExportWorkers()).toBe(0)
  })

  it("passes over applied rows, sending their cio_ids in 'compare' mode", async () => {
    const reader = new ExportReader(new AbortController().signal)
    reader.begin({ url: `${base}/export.csv`, skipRows: 1200, batchSize: 1000, mode: 'compare' })
    const items = await readAll(reader)
    await reader.close()
    const seen = items.flatMap((i) => (i.type === 'skipped' ? i.cioIds : []))
    expect(seen).toHaveLength(1200 - 12)
    expect(seen.at(-1)).toBe('c1199')
    const batches = items.flatMap((i) => (i.type === 'batch' ? [i.batch] : []))
    expect(batches.map((b) => [b.firstRow, b.rowCount])).toEqual([[1200, 1000], [2200, 300]])
  })

  it('holds at most two batches unacknowledged', async () => {
    const reader = new ExportReader(new AbortController().signal)
    reader.begin({ url: `${base}/export.csv`, skipRows: 0, batchSize: 100, mode: 'fresh' })
    const first = await reader.next()
    const second = await reader.next()
    const third = reader.next()
    const raced = await Promise.race([third.then(() => 'third'), new Promise((r) => setTimeout(() => r('waiting'), 300))])
    expect([first.type, second.type, raced]).toEqual(['batch', 'batch', 'waiting'])
    reader.ack((first as Extract<ExportItem, { type: 'batch' }>).seq)
    expect((await third).type).toBe('batch')
    await reader.close()
    expect(runningExportWorkers()).toBe(0)
  })

  // The same AppError (code, message, retryable) as the in-thread stream the pull used before.
  it.each(['/expired', '/no-cio-id', '/broken', ':9/nothing-listens'])('fails %s as the download and parse do in this thread, and ends its thread', async (path) => {
    const url = path.startsWith(':') ? `http://127.0.0.1${path}` : `${base}${path}`
    const inThread = await openCsvDownload(url)
      .then((body) => parseCsvStream(body, { batchSize: 1000, onHeader: columnsFromHeader, onBatch: () => undefined }))
      .then(
        () => null,
        (err: AppError) => ({ code: err.code, message: err.message, retryable: err.retryable }),
      )
    expect(inThread).not.toBeNull()
    const reader = new ExportReader(new AbortController().signal)
    reader.begin({ url, skipRows: 0, batchSize: 1000, mode: 'fresh' })
    const error = await readAll(reader).catch((err: unknown) => err)
    expect(error).toBeInstanceOf(AppError)
    expect(error).toMatchObject(inThread!)
    await reader.close()
    expect(runningExportWorkers()).toBe(0)
  })

  it('stops with CANCELLED when the job is cancelled, and ends its thread', async () => {
    const controller = new AbortController()
    const reader = new ExportReader(controller.signal)
    reader.begin({ url: `${base}/export.csv`, skipRows: 0, batchSize: 100, mode: 'fresh' })
    await reader.next()
    controller.abort()
    await expect(reader.next()).rejects.toMatchObject({ code: 'CANCELLED' })
    await reader.close()
    expect(runningExportWorkers()).toBe(0)
  })
})
