// Encoding detection for CSV files from the first bytes only: a byte-order mark decides outright;
// otherwise a regular pattern of NUL bytes betrays UTF-16 without a BOM (what some Windows tools
// write); otherwise the bytes are UTF-8 when they decode cleanly and Windows-1252 when they do not
// (Excel's "CSV" on a Western Windows install). Binary files are recognised here too, so the user
// hears "this is a PNG image" rather than a parse error about quotes.

import type { SniffResult } from './types'

export type TextEncoding = SniffResult['encoding']

export interface EncodingGuess {
  encoding: TextEncoding
  bom: boolean
  /** bytes the BOM takes at the start of the file */
  bomBytes: number
  /** set when the bytes are not text at all */
  binary: string | null
}

/** Magic numbers of files people drop by mistake; matched at offset 0. */
const BINARY_SIGNATURES: { bytes: number[]; what: string }[] = [
  { bytes: [0x89, 0x50, 0x4e, 0x47], what: 'a PNG image' },
  { bytes: [0xff, 0xd8, 0xff], what: 'a JPEG image' },
  { bytes: [0x47, 0x49, 0x46, 0x38], what: 'a GIF image' },
  { bytes: [0x25, 0x50, 0x44, 0x46], what: 'a PDF document' },
  { bytes: [0x50, 0x4b, 0x03, 0x04], what: 'a ZIP archive (an Excel .xlsx workbook is one; save it as CSV first)' },
  { bytes: [0xd0, 0xcf, 0x11, 0xe0], what: 'an old Excel/Office document (save it as CSV first)' },
  { bytes: [0x1f, 0x8b], what: 'a gzip archive (unpack it first)' },
  { bytes: [0x53, 0x51, 0x4c, 0x69, 0x74, 0x65], what: 'an SQLite database' },
]

export function detectEncoding(head: Buffer): EncodingGuess {
  if (startsWith(head, [0xef, 0xbb, 0xbf])) return { encoding: 'utf-8', bom: true, bomBytes: 3, binary: null }
  if (startsWith(head, [0xff, 0xfe])) return { encoding: 'utf-16le', bom: true, bomBytes: 2, binary: null }
  if (startsWith(head, [0xfe, 0xff])) return { encoding: 'utf-16be', bom: true, bomBytes: 2, binary: null }

  for (const signature of BINARY_SIGNATURES) {
    if (startsWith(head, signature.bytes)) return { encoding: 'utf-8', bom: false, bomBytes: 0, binary: `this is ${signature.what}, not a CSV file` }
  }

  const utf16 = utf16ByNulPattern(head)
  if (utf16) return { encoding: utf16, bom: false, bomBytes: 0, binary: null }

  const nuls = countNuls(head)
  // A stray NUL or two is dirt in a text file (the validator flags the cell); many of them mean
  // the bytes are not text in any encoding we can read.
  if (nuls > 8 && nuls > head.length / 1000) {
    return { encoding: 'utf-8', bom: false, bomBytes: 0, binary: `the file contains ${nuls} NUL bytes in its first ${kb(head.length)}: it looks binary, not like CSV text (save it from the spreadsheet as "CSV UTF-8")` }
  }

  return { encoding: isValidUtf8(head) ? 'utf-8' : 'windows-1252', bom: false, bomBytes: 0, binary: null }
}

/**
 * UTF-16 of mostly-ASCII text has a NUL in every other byte: at odd offsets for little-endian,
 * at even ones for big-endian. Demand a strong, one-sided pattern so binary noise does not pass.
 */
function utf16ByNulPattern(head: Buffer): 'utf-16le' | 'utf-16be' | null {
  const pairs = Math.floor(Math.min(head.length, 64 * 1024) / 2)
  if (pairs < 2) return null
  let evenNuls = 0
  let oddNuls = 0
  for (let i = 0; i < pairs * 2; i += 2) {
    if (head[i] === 0) evenNuls++
    if (head[i + 1] === 0) oddNuls++
  }
  if (oddNuls > pairs * 0.4 && evenNuls < pairs * 0.05) return 'utf-16le'
  if (evenNuls > pairs * 0.4 && oddNuls < pairs * 0.05) return 'utf-16be'
  return null
}

function isValidUtf8(bytes: Buffer): boolean {
  try {
    // stream: true so a character cut in half at the end of the sniffed window is not held against the file
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: true })
    return true
  } catch {
    return false
  }
}

function countNuls(bytes: Buffer): number {
  let count = 0
  let at = bytes.indexOf(0)
  while (at !== -1) {
    count++
    at = bytes.indexOf(0, at + 1)
  }
  return count
}

function startsWith(bytes: Buffer, prefix: number[]): boolean {
  if (bytes.length < prefix.length) return false
  return prefix.every((b, i) => bytes[i] === b)
}

function kb(bytes: number): string {
  return bytes < 1024 ? `${bytes} bytes` : `${Math.round(bytes / 1024)} KB`
}

export interface TextChunkDecoder {
  /** `stream: true` keeps a character split across chunks for the next call */
  decode(bytes?: Uint8Array, options?: { stream?: boolean }): string
}

/**
 * A decoder for the sniffed encoding (a BOM is dropped). Windows-1252 gets its own: Node's
 * TextDecoder treats the label as ISO-8859-1 and turns 0x80–0x9F (€, “ ”, ‘ ’, –, …, the bytes
 * Excel writes most) into invisible C1 controls instead of the characters Windows means.
 */
export function createDecoder(encoding: TextEncoding): TextChunkDecoder {
  if (encoding !== 'windows-1252') return new TextDecoder(encoding)
  const latin1 = new TextDecoder('latin1')
  return {
    decode(bytes, options) {
      const text = latin1.decode(bytes, options)
      return C1_RANGE.test(text) ? text.replace(C1_GLOBAL, (c) => WINDOWS_1252_C1[c.charCodeAt(0) - 0x80]) : text
    },
  }
}

// The C1 range is exactly what Windows-1252 redefines.
const C1_RANGE = /[\u0080-\u009f]/
const C1_GLOBAL = /[\u0080-\u009f]/g
/** Windows-1252 for bytes 0x80–0x9F; the five undefined bytes keep their C1 code point, as browsers do. */
const WINDOWS_1252_C1 = [
  '\u20ac', '\u0081', '\u201a', '\u0192', '\u201e', '\u2026', '\u2020', '\u2021', '\u02c6', '\u2030', '\u0160', '\u2039', '\u0152', '\u008d', '\u017d', '\u008f',
  '\u0090', '\u2018', '\u2019', '\u201c', '\u201d', '\u2022', '\u2013', '\u2014', '\u02dc', '\u2122', '\u0161', '\u203a', '\u0153', '\u009d', '\u017e', '\u0178',
]
