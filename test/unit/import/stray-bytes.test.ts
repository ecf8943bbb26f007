import { describe, expect, it } from 'vitest'
import { readRows } from '../../../src-main/csv/read-rows'
import { sniffFile } from '../../../src-main/csv/sniff'
import { detectEncoding } from '../../../src-main/csv/text-encoding'
import type { RawRow } from '../../../src-main/import/types'
import { StrayByteUtf8Decoder, Utf8Census, showStrayBytes } from '../../../src-main/csv/utf8-bytes'
import { tempFiles } from './temp-files'

// Issue 14, item 1: which encoding a file is read in when it is UTF-8 but for a few bytes, and how
// those bytes are carried to the validator with their offsets.
const write = tempFiles()
const bytes = (...parts: (string | number[])[]) => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : Buffer.from(p))))

async function rowsOf(path: string): Promise<RawRow[]> {
  const sniff = await sniffFile(path)
  const rows: RawRow[] = []
  for await (const batch of readRows(path, sniff)) rows.push(...batch)
  return rows
}

describe('detectEncoding: UTF-8 or Windows-1252', () => {
  it('reads a file with valid multi-byte characters as UTF-8 however many stray bytes it has, and says why', () => {
    const guess = detectEncoding(bytes('id,name\n1,José\n2,Fran', [0xe7], 'ois\n'))
    expect(guess.encoding).toBe('utf-8')
    expect(guess.reason).toMatch(/valid UTF-8 multi-byte characters, but 1 byte is not UTF-8 \(byte offset 22\)/)
  })

  it('reads Windows-1252 only when no valid multi-byte character appears', () => {
    const guess = detectEncoding(bytes('id,name\n1,Jos', [0xe9], '\n2,Zo', [0xeb], '\n'))
    expect(guess).toMatchObject({ encoding: 'windows-1252' })
    expect(guess.reason).toMatch(/2 bytes are not valid UTF-8 \(byte offset 13, 19\) and no UTF-8 multi-byte character appears/)
    expect(detectEncoding(Buffer.from('id\n1\n')).reason).toMatch(/plain ASCII/)
  })

  it('counts the whole file when the sniffer gives a census: a stray byte past the first megabyte is found', async () => {
    const path = write('late-stray.csv', bytes('id,name\n', 'x,é\n'.repeat(300_000), '9,Zo', [0xeb], '\n'))
    const sniff = await sniffFile(path)
    expect(sniff).toMatchObject({ encoding: 'utf-8', strayBytes: { count: 1 } })
    const rows = await rowsOf(path)
    expect(rows.at(-1)).toMatchObject({ row: 300_002, strayBytes: [{ cell: 1, byte: 0xeb, offset: 8 + 300_000 * 5 + 4 }] })
  })
})

describe('StrayByteUtf8Decoder', () => {
  it('keeps stray bytes as lone surrogates with their offsets, across chunk boundaries, and leaves emoji alone', () => {
    const file = bytes([0xef, 0xbb, 0xbf], 'a💩', [0xff], 'é')
    const decoder = new StrayByteUtf8Decoder()
    let text = ''
    for (let i = 0; i < file.length; i++) text += decoder.decode(file.subarray(i, i + 1), { stream: true })
    text += decoder.decode()
    expect(showStrayBytes(text)).toBe('a💩\ufffdé')
    expect(decoder.pendingStrays).toBe(1)
    expect(decoder.takeStrayOffset()).toBe(8)
  })

  it('treats a character cut off at the end of the file as stray bytes', () => {
    const census = new Utf8Census()
    census.push(bytes('ok,', [0xe2, 0x82]))
    census.end()
    expect(census).toMatchObject({ invalidBytes: 2, firstOffsets: [3, 4] })
  })
})

describe('readRows: stray bytes reach the validator with row, cell and offset', () => {
  it('lists each stray byte of a row, quoted or not; the header and other rows take their own', async () => {
    const path = write('strays.csv', bytes('id,note\n1,"caf', [0xe9], ', ', [0x92], '"\n2,ok é\n3,x', [0xa0], '\n'))
    const rows = await rowsOf(path)
    expect(rows.map((r) => [r.row, r.strayBytes ?? null])).toEqual([
      [2, [{ cell: 1, offset: 14, byte: 0xe9 }, { cell: 1, offset: 17, byte: 0x92 }]],
      [3, null],
      [4, [{ cell: 1, offset: 31, byte: 0xa0 }]],
    ])
  })
})
