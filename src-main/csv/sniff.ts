// The sniffer: everything the mapping step needs to know about a file, from its first megabyte,
// plus a streamed sha256 of the whole of it (a resumed import refuses a file that changed). Files
// that cannot be imported at all get `fileErrors` that say why, in the user's terms; a file with a
// header and no rows is fine (it imports nothing).

import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { open, stat } from 'node:fs/promises'
import { AppError } from '../contract/result'
import { basename } from 'node:path'
import { CsvChunkParser, HEADER_ROW, isBlankRow } from './csv-chunks'
import { detectDelimiter } from './delimiter'
import { chosenEncoding, createDecoder, detectEncoding, type TextEncoding } from './text-encoding'
import type { SniffResult } from './types'
import { showStrayBytes, STRAY_BYTE, Utf8Census } from './utf8-bytes'

/** Why a file could not be opened, in words (no stack, no errno number). */
function unreadableReason(err: NodeJS.ErrnoException): string {
  if (err.code === 'ENOENT') return 'no such file (check the path)'
  if (err.code === 'EACCES' || err.code === 'EPERM') return 'permission denied'
  return err.message
}

export const SNIFF_BYTES = 1024 * 1024
export const SAMPLE_ROWS = 50
/** The IPC mapping contract holds at most this many columns. */
export const MAX_COLUMNS = 1000

/** `encoding`: the user's choice (--encoding, the review's encoding menu) instead of detection. */
export async function sniffFile(path: string, fileName: string = basename(path), opts: { encoding?: TextEncoding } = {}): Promise<SniffResult> {
  const info = await stat(path).catch((err: NodeJS.ErrnoException) => {
    throw new AppError('NOT_FOUND', `cannot read ${fileName}: ${unreadableReason(err)}`)
  })
  if (!info.isFile()) throw new AppError('VALIDATION', `${fileName} is not a file`)
  const [head, { sha256, census }] = await Promise.all([readHead(path, SNIFF_BYTES), hashFile(path, info.size)])
  const base = { fileName, bytes: info.size, sha256 }
  const unreadable = (message: string): SniffResult => ({ ...base, encoding: 'utf-8', bom: false, delimiter: ',', header: [], sample: [], fileErrors: [message] })

  if (info.size === 0) return unreadable('the file is empty (0 bytes): export it again with a header row and data rows')

  const detected = detectEncoding(head, census)
  const guess = opts.encoding ? chosenEncoding(head, opts.encoding, detected) : detected
  if (guess.binary) return { ...unreadable(guess.binary), encoding: guess.encoding, bom: guess.bom }

  const wholeFileRead = head.length >= info.size
  // stream: true keeps a multi-byte character cut by the 1 MB window out of the text instead of mangling it
  const text = createDecoder(guess.encoding).decode(head, { stream: !wholeFileRead })
  const delimiter = detectDelimiter(text)
  const strays = guess.encoding === 'utf-8' && census.invalidBytes > 0 ? { strayBytes: { count: census.invalidBytes, firstOffsets: census.firstOffsets } } : {}
  const found = { ...base, encoding: guess.encoding, bom: guess.bom, delimiter, encodingReason: guess.reason, encodingChosenBy: opts.encoding ? ('user' as const) : ('detected' as const), ...strays }

  if (text.replace(/[\s\uFEFF]/g, '') === '') {
    const what = guess.bom ? 'nothing but a byte-order mark and blank space' : 'nothing but blank space'
    return { ...found, header: [], sample: [], fileErrors: [`the file holds ${what}: there is no header row`] }
  }
  if (!wholeFileRead && !/[\r\n]/.test(text)) {
    return { ...found, header: [], sample: [], fileErrors: [`the first line is longer than ${SNIFF_BYTES / 1024 / 1024} MB: this is not a CSV file with a header row`] }
  }

  const { rows, problems } = parseHead(text, delimiter, wholeFileRead)
  const rawHeader = rows.length > 0 ? rows[0] : []
  const header = cleanHeader(rawHeader)
  const sample = rows.slice(1, SAMPLE_ROWS + 1)
  const fileErrors = [...headerErrors(header), ...structureErrors(header, sample, delimiter, problems)]
  return { ...found, header, sample, fileErrors }
}

/** The first `bytes` of the file (fewer for a smaller file). */
async function readHead(path: string, bytes: number): Promise<Buffer> {
  const handle = await open(path, 'r')
  try {
    const buffer = Buffer.alloc(bytes)
    const { bytesRead } = await handle.read(buffer, 0, bytes, 0)
    return buffer.subarray(0, bytesRead)
  } finally {
    await handle.close()
  }
}

/**
 * The sha256 of the file's first `size` bytes (its size when stat'ed) and, in the same pass, its
 * UTF-8 census: a stray byte past the first megabyte counts too. Never more than `size`: `bytes`
 * and `sha256` describe the same snapshot even when the file grows meanwhile (file-snapshot.ts).
 */
function hashFile(path: string, size: number): Promise<{ sha256: string; census: Utf8Census }> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256')
    const census = new Utf8Census()
    createReadStream(path, { highWaterMark: 1024 * 1024, start: 0, end: Math.max(0, size - 1) })
      .on('data', (chunk) => {
        // (an empty file still yields its first byte if one was written meanwhile: `end` is inclusive)
        if (size === 0) return
        hash.update(chunk)
        census.push(chunk as Buffer)
      })
      .on('error', reject)
      .on('end', () => {
        census.end()
        resolve({ sha256: hash.digest('hex'), census })
      })
  })
}

/** Header plus up to SAMPLE_ROWS non-blank data rows; a row cut off by the window is left out. */
function parseHead(text: string, delimiter: string, wholeFile: boolean): { rows: string[][]; problems: string[] } {
  const parser = new CsvChunkParser(delimiter, Number.MAX_SAFE_INTEGER)
  const parsed = parser.push(text)
  const chunks = wholeFile ? [parsed, parser.end()] : [parsed]
  const rows: string[][] = []
  const problems: string[] = []
  // Numbered as readRows numbers them: the header is row 1 (HEADER_ROW), a blank line after it takes a number.
  let rowNumber = 0
  for (const chunk of chunks) {
    chunk.rows.forEach((cells, i) => {
      if (rows.length > SAMPLE_ROWS) return
      if (rowNumber >= HEADER_ROW) rowNumber++
      if (isBlankRow(cells)) return
      if (rowNumber < HEADER_ROW) rowNumber = HEADER_ROW
      const problem = chunk.problems?.get(i)
      if (problem) problems.push(rowNumber === HEADER_ROW ? `the header row: ${problem}` : `row ${rowNumber}: ${problem}`)
      rows.push(cells)
    })
  }
  return { rows, problems }
}

/** Names trimmed, BOM and trailing empty names (from a trailing delimiter) removed. */
function cleanHeader(raw: string[]): string[] {
  const header = raw.map((name, i) => (i === 0 ? name.replace(/^\uFEFF+/, '') : name).trim())
  while (header.length > 0 && header[header.length - 1] === '') header.pop()
  return header
}

function headerErrors(header: string[]): string[] {
  if (header.length === 0) return ['the header row has no column names']
  const errors: string[] = []
  if (header.length > MAX_COLUMNS) errors.push(`the header has ${header.length} columns; at most ${MAX_COLUMNS} can be imported (Customer.io takes 300 attributes per person): remove the columns you do not need`)
  const undecodable = header.flatMap((name, i) => (STRAY_BYTE.test(name) ? [`${i + 1} ("${showStrayBytes(clip(name))}")`] : []))
  if (undecodable.length > 0) errors.push(`the header row has bytes that are not UTF-8 in column ${undecodable.join(', ')}: fix the column name in the file, or choose the Windows-1252 encoding (--encoding windows-1252) if the whole file is in it`)
  const unnamed = header.flatMap((name, i) => (name === '' ? [i + 1] : []))
  if (unnamed.length > 0) errors.push(`${plural(unnamed.length, 'column')} ${list(unnamed)} ${unnamed.length === 1 ? 'has' : 'have'} no name in the header row: name ${unnamed.length === 1 ? 'it' : 'them'} or delete ${unnamed.length === 1 ? 'it' : 'them'}`)
  const positions = new Map<string, number[]>()
  header.forEach((name, i) => {
    if (name !== '') positions.set(name, [...(positions.get(name) ?? []), i + 1])
  })
  for (const [name, at] of positions) {
    if (at.length > 1) errors.push(`the column name "${clip(name)}" appears ${at.length} times (columns ${list(at)}): rename or remove the repeats`)
  }
  return errors
}

/** Quote trouble in the header, or rows so ragged that the delimiter or the file must be wrong. */
function structureErrors(header: string[], sample: string[][], delimiter: string, problems: string[]): string[] {
  const errors: string[] = []
  const headerProblem = problems.find((p) => p.startsWith('the header row'))
  if (headerProblem) errors.push(headerProblem)
  if (sample.length < 4 || header.length === 0) return errors
  const ragged = sample.filter((cells) => cells.length < header.length || significantLength(cells) > header.length)
  if (ragged.length > sample.length / 2) {
    const lengths = [...new Set(ragged.map((cells) => cells.length))].slice(0, 5).join(', ')
    const shown = delimiter === '\t' ? 'tab' : `"${delimiter}"`
    errors.push(`${ragged.length} of the first ${sample.length} rows do not have the header's ${header.length} cells (they have ${lengths}) with ${shown} as the delimiter: the file is not a regular CSV table`)
  }
  return errors
}

/** Cell count without trailing empty cells, which a trailing delimiter leaves (fewer cells than the header is ragged either way). */
function significantLength(cells: string[]): number {
  let n = cells.length
  while (n > 0 && cells[n - 1] === '') n--
  return n
}

const plural = (n: number, word: string) => (n === 1 ? word : `${word}s`)
const list = (numbers: number[]) => (numbers.length > 10 ? `${numbers.slice(0, 10).join(', ')} …` : numbers.join(', '))
const clip = (s: string) => (s.length > 60 ? `${s.slice(0, 60)}…` : s)
