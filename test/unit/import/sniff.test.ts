import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { sniffFile } from '../../../src-main/csv/sniff'
import { tempFiles } from './temp-files'

const write = tempFiles()
const TEXT = 'id,first_name,city\n1,José,Zürich\n2,Zoë,"São Paulo, SP"\n'
const swapBytes = (b: Buffer) => {
  const out = Buffer.from(b)
  for (let i = 0; i + 1 < out.length; i += 2) [out[i], out[i + 1]] = [out[i + 1], out[i]]
  return out
}

describe('sniffFile: encodings', () => {
  it.each([
    ['utf-8 without BOM', Buffer.from(TEXT), 'utf-8', false],
    ['utf-8 with BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(TEXT)]), 'utf-8', true],
    ['utf-16le with BOM', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(TEXT, 'utf16le')]), 'utf-16le', true],
    ['utf-16be with BOM', Buffer.concat([Buffer.from([0xfe, 0xff]), swapBytes(Buffer.from(TEXT, 'utf16le'))]), 'utf-16be', true],
    ['utf-16le without BOM', Buffer.from(TEXT, 'utf16le'), 'utf-16le', false],
    ['utf-16be without BOM', swapBytes(Buffer.from(TEXT, 'utf16le')), 'utf-16be', false],
    ['windows-1252', Buffer.from(TEXT, 'latin1'), 'windows-1252', false],
  ] as const)('%s', async (name, bytes, encoding, bom) => {
    const sniff = await sniffFile(write(`${name}.csv`, bytes))
    expect(sniff).toMatchObject({ encoding, bom, delimiter: ',', header: ['id', 'first_name', 'city'], fileErrors: [] })
    expect(sniff.sample).toEqual([
      ['1', 'José', 'Zürich'],
      ['2', 'Zoë', 'São Paulo, SP'],
    ])
  })

  it('windows-1252 bytes that are not Latin-1 (the euro sign, curly quotes) decode right', async () => {
    const sniff = await sniffFile(write('cp1252.csv', Buffer.from([...Buffer.from('id,price\n1,'), 0x80, 0x93, 0x35, 0x94, 0x0a])))
    expect(sniff.encoding).toBe('windows-1252')
    expect(sniff.sample[0][1]).toBe('€“5”')
  })
})

describe('sniffFile: delimiters', () => {
  it.each([
    [',', 'id,name,score\n1,"Ann; Bo",3\n2,Cy,4\n'],
    [';', 'id;name;score\n1;Smith, John;1,5\n2;Doe, Jane;2,25\n'],
    ['\t', 'id\tname\tscore\n1\tAnn, Bo\t3\n2\tCy;D\t4\n'],
    ['|', 'id|name|score\n1|Ann, Bo|3\n2|Cy; D|4\n'],
  ])('detects %j by consistency outside quotes', async (delimiter, text) => {
    const sniff = await sniffFile(write(`delim-${delimiter.charCodeAt(0)}.csv`, text))
    expect(sniff.delimiter).toBe(delimiter)
    expect(sniff.header).toEqual(['id', 'name', 'score'])
    expect(sniff.sample).toHaveLength(2)
  })

  it('a single-column file defaults to comma', async () => {
    expect((await sniffFile(write('single.csv', 'email\na@example.com\n'))).delimiter).toBe(',')
  })
})

describe('sniffFile: header, sample, hash', () => {
  it('trims header names, drops the BOM and a trailing empty name', async () => {
    const sniff = await sniffFile(write('h.csv', '\uFEFF  id , Email ,\n1,a@x.co,\n'))
    expect(sniff.header).toEqual(['id', 'Email'])
  })

  it('keeps at most 50 sample rows and hashes the whole file', async () => {
    const text = 'id\n' + Array.from({ length: 120 }, (_, i) => String(i)).join('\n') + '\n'
    const sniff = await sniffFile(write('many.csv', text), 'people.csv')
    expect(sniff.sample).toHaveLength(50)
    expect(sniff.fileName).toBe('people.csv')
    expect(sniff.bytes).toBe(Buffer.byteLength(text))
    expect(sniff.sha256).toBe(createHash('sha256').update(text).digest('hex'))
  })

  it('reads only the first megabyte for the sample of a big file, dropping the row cut off', async () => {
    const row = 'x'.repeat(99) + '\n'
    const sniff = await sniffFile(write('big.csv', 'note\n' + row.repeat(20_000)))
    expect(sniff.fileErrors).toEqual([])
    expect(sniff.sample.every((cells) => cells[0] === 'x'.repeat(99))).toBe(true)
  })

  it('header only is not an error', async () => {
    expect(await sniffFile(write('header.csv', 'id,email\n'))).toMatchObject({ header: ['id', 'email'], sample: [], fileErrors: [] })
  })

  it('names each duplicate and each unnamed column', async () => {
    const sniff = await sniffFile(write('dup.csv', 'id,email,,email,id\n1,2,3,4,5\n'))
    expect(sniff.fileErrors).toEqual([
      'column 3 has no name in the header row: name it or delete it',
      'the column name "id" appears 2 times (columns 1, 5): rename or remove the repeats',
      'the column name "email" appears 2 times (columns 2, 4): rename or remove the repeats',
    ])
  })

  it('a few ragged rows are the validator\'s business, not a file error', async () => {
    const sniff = await sniffFile(write('some-ragged.csv', 'a,b,c\n1,2,3\n1,2\n1,2,3\n1,2,3\n1,2,3,4\n1,2,3\n'))
    expect(sniff.fileErrors).toEqual([])
  })
})
