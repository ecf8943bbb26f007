import { describe, expect, it } from 'vitest'
import { CsvReadError, readRows } from '../../../src-main/csv/read-rows'
import { sniffFile } from '../../../src-main/csv/sniff'
import type { RawRow } from '../../../src-main/import/types'
import { tempFiles } from './temp-files'

const write = tempFiles()

async function collect(path: string, opts: Parameters<typeof readRows>[2] = {}) {
  const sniff = await sniffFile(path)
  const batches: RawRow[][] = []
  for await (const batch of readRows(path, sniff, opts)) batches.push(batch)
  return batches
}

describe('readRows', () => {
  it('keeps quoted delimiters, doubled quotes and newlines inside values, and never converts types', async () => {
    const path = write('quotes.csv', 'id,note,zip\r\n00042,"line one\r\nline, two ""quoted""",01234\r\n7,plain,0\r\n')
    const [batch] = await collect(path)
    expect(batch).toEqual([
      { row: 2, cells: ['00042', 'line one\nline, two "quoted"', '01234'] },
      { row: 3, cells: ['7', 'plain', '0'] },
    ])
  })

  it('yields batches of the requested size, rows numbered as a spreadsheet numbers them (the header is row 1)', async () => {
    const path = write('many.csv', 'id\n' + Array.from({ length: 23 }, (_, i) => `u${i + 1}`).join('\n'))
    const batches = await collect(path, { batchSize: 5 })
    expect(batches.map((b) => b.length)).toEqual([5, 5, 5, 5, 3])
    expect(batches.flat().map((r) => r.row)).toEqual(Array.from({ length: 23 }, (_, i) => i + 2))
    expect(batches.flat()[22].cells).toEqual(['u23'])
  })

  it('resumes from a row: earlier rows are parsed but not yielded', async () => {
    const path = write('resume.csv', 'id,note\n1,a\n2,"multi\nline"\n3,c\n4,d\n')
    const rows = (await collect(path, { fromRow: 4 })).flat()
    expect(rows).toEqual([
      { row: 4, cells: ['3', 'c'] },
      { row: 5, cells: ['4', 'd'] },
    ])
  })

  it('reads a file many times bigger than its 64 KB read buffer, with values split across chunks, in every encoding', async () => {
    const rows = Array.from({ length: 30_000 }, (_, i) => `${i},"São ""Paulo""\n${'é'.repeat(i % 7)}",€${i}`)
    const text = 'id,city,price\n' + rows.join('\r\n') + '\r\n'
    for (const [name, bytes] of [
      ['big-utf8.csv', Buffer.from(text)],
      ['big-utf16.csv', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])],
    ] as const) {
      const all = (await collect(write(name, bytes), { batchSize: 4096 })).flat()
      expect(all).toHaveLength(30_000)
      expect(all[29_999]).toEqual({ row: 30_001, cells: ['29999', `São "Paulo"\n${'é'.repeat(29_999 % 7)}`, '€29999'] })
    }
  })

  it('decodes Windows-1252 across the whole file', async () => {
    const path = write('cp1252.csv', Buffer.concat([Buffer.from('id,price\n1,'), Buffer.from([0x80, 0x35]), Buffer.from('\n2,Zo'), Buffer.from([0xeb]), Buffer.from('\n')]))
    expect((await collect(path)).flat().map((r) => r.cells[1])).toEqual(['€5', 'Zoë'])
  })

  it('marks a row whose quote never closes, after yielding the rows before it', async () => {
    const rows = (await collect(write('open-quote.csv', 'id,note\n1,ok\n2,"open\n3,swallowed\n'))).flat()
    expect(rows.map((r) => [r.row, r.problem ?? null])).toEqual([
      [2, null],
      [3, expect.stringMatching(/never closed/)],
    ])
  })

  it('gives up with an error naming file and row when no row ends within 8 MB', async () => {
    const path = write('runaway.csv', 'id,note\n1,ok\n2,"' + 'x'.repeat(9 * 1024 * 1024) + '\n')
    const seen: number[] = []
    const sniff = await sniffFile(path)
    const reading = (async () => {
      for await (const batch of readRows(path, sniff, { batchSize: 1 })) seen.push(...batch.map((r) => r.row))
    })()
    await expect(reading).rejects.toThrow(CsvReadError)
    await expect(reading).rejects.toThrow(/runaway\.csv, row 3: .*quote/)
    expect(seen).toEqual([2])
  })

  it('stops with CANCELLED when the signal aborts between batches', async () => {
    const path = write('abort.csv', 'id\n' + Array.from({ length: 100 }, (_, i) => String(i)).join('\n'))
    const controller = new AbortController()
    const sniff = await sniffFile(path)
    const seen: number[] = []
    const reading = (async () => {
      for await (const batch of readRows(path, sniff, { batchSize: 10, signal: controller.signal })) {
        seen.push(batch.length)
        if (seen.length === 2) controller.abort()
      }
    })()
    await expect(reading).rejects.toMatchObject({ code: 'CANCELLED' })
    expect(seen).toEqual([10, 10])
  })

  it('refuses a file the sniffer rejected', async () => {
    const path = write('empty.csv', '')
    const sniff = await sniffFile(path)
    await expect(readRows(path, sniff).next()).rejects.toThrow(/empty\.csv cannot be imported: the file is empty/)
  })
})
