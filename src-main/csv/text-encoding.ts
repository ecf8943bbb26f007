// Encoding detection for CSV files: a byte-order mark decides outright; otherwise a regular pattern
// of NUL bytes betrays UTF-16 without a BOM (what some Windows tools write); otherwise a census of
// the whole file's bytes (utf8-bytes.ts) chooses between UTF-8 and Windows-1252 (Excel's "CSV" on a
// Western Windows install). Binary files are recognised here too, so the user hears "this is a PNG
// image" rather than a parse error about quotes. Every guess carries its reason in words: the
// review and the plan's JSON show which encoding was chosen and why, and the user can override it.

import type { SniffResult } from './types'
import { StrayByteUtf8Decoder, Utf8Census } from './utf8-bytes'

export type TextEncoding = SniffResult['encoding']

export interface EncodingGuess {
  encoding: TextEncoding
  bom: boolean
  /** bytes the BOM takes at the start of the file */
  bomBytes: number
  /** set when the bytes are not text at all */
  binary: string | null
  /** why this encoding, in the user's words */
  reason: string
}

const NAMES: Record<TextEncoding, string> = { 'utf-8': 'UTF-8', 'windows-1252': 'Windows-1252', 'utf-16le': 'UTF-16 little-endian', 'utf-16be': 'UTF-16 big-endian' }

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

/**
 * `census` covers the whole file (the sniffer counts while hashing it); without one, the head alone
 * is counted, and a character cut off at its end is not held against the file.
 */
export function detectEncoding(head: Buffer, census?: Utf8Census): EncodingGuess {
  const guess = (encoding: TextEncoding, reason: string, bomBytes = 0, binary: string | null = null): EncodingGuess => ({ encoding, bom: bomBytes > 0, bomBytes, binary, reason })
  if (startsWith(head, [0xef, 0xbb, 0xbf])) return guess('utf-8', 'the file starts with a UTF-8 byte-order mark', 3)
  if (startsWith(head, [0xff, 0xfe])) return guess('utf-16le', 'the file starts with a UTF-16 little-endian byte-order mark', 2)
  if (startsWith(head, [0xfe, 0xff])) return guess('utf-16be', 'the file starts with a UTF-16 big-endian byte-order mark', 2)

  for (const signature of BINARY_SIGNATURES) {
    if (startsWith(head, signature.bytes)) return guess('utf-8', 'not text', 0, `this is ${signature.what}, not a CSV file`)
  }

  const utf16 = utf16ByNulPattern(head)
  if (utf16) return guess(utf16, `no byte-order mark, but a NUL in every other byte: ${NAMES[utf16]} text`)

  const nuls = countNuls(head)
  // A stray NUL or two is dirt in a text file (the validator flags the cell); many of them mean
  // the bytes are not text in any encoding we can read.
  if (nuls > 8 && nuls > head.length / 1000) {
    return guess('utf-8', 'not text', 0, `the file contains ${nuls} NUL bytes in its first ${kb(head.length)}: it looks binary, not like CSV text (save it from the spreadsheet as "CSV UTF-8")`)
  }

  let counted = census
  if (!counted) {
    counted = new Utf8Census()
    counted.push(head)
  }
  return utf8OrWindows1252(counted)
}

/**
 * The threshold. Windows-1252 only when the file has bytes that are not UTF-8 and not one valid
 * multi-byte UTF-8 character: then every non-ASCII byte is invalid UTF-8, and Windows-1252 reads
 * each as the character Excel meant. One valid multi-byte character makes it UTF-8, however many
 * stray bytes there are, because the two mistakes are not alike: reading a UTF-8 file as
 * Windows-1252 silently turns every accent and emoji into mojibake ("José" → "JosÃ©"), while
 * reading stray Windows-1252 bytes as UTF-8 leaves them recognisable, so their rows are flagged
 * (row, column, byte offset) and not sent unless the user accepts them or picks the encoding.
 * (A real Windows-1252 file almost never holds a valid UTF-8 pair by chance: it takes a capital
 * like "Ã" followed by a symbol like "©".)
 */
function utf8OrWindows1252(census: Utf8Census): EncodingGuess {
  const base = { bom: false, bomBytes: 0, binary: null }
  const n = census.invalidBytes
  if (n === 0) return { ...base, encoding: 'utf-8', reason: census.multibyte ? 'valid UTF-8 throughout' : 'plain ASCII: it reads the same in every encoding' }
  const bytes = n === 1 ? '1 byte is' : `${n} bytes are`
  const at = `byte offset ${census.firstOffsets.join(', ')}${n > census.firstOffsets.length ? ', …' : ''}`
  if (!census.multibyte) {
    return { ...base, encoding: 'windows-1252', reason: `${bytes} not valid UTF-8 (${at}) and no UTF-8 multi-byte character appears: read as Windows-1252, which Excel writes on Western Windows` }
  }
  return {
    ...base,
    encoding: 'utf-8',
    reason: `the file has valid UTF-8 multi-byte characters, but ${bytes} not UTF-8 (${at}): read as UTF-8; the rows holding ${n === 1 ? 'it are' : 'them are'} flagged and not sent unless accepted (if most accented text is flagged, the file is Windows-1252: choose that encoding)`,
  }
}

/** The guess for an encoding the user chose, keeping what detection would have said. */
export function chosenEncoding(head: Buffer, encoding: TextEncoding, detected: EncodingGuess): EncodingGuess {
  const bomOf: Record<TextEncoding, number[]> = { 'utf-8': [0xef, 0xbb, 0xbf], 'utf-16le': [0xff, 0xfe], 'utf-16be': [0xfe, 0xff], 'windows-1252': [] }
  const bom = bomOf[encoding]
  const bomBytes = bom.length > 0 && startsWith(head, bom) ? bom.length : 0
  const reason = `chosen by the user${detected.encoding === encoding ? ' (detection agrees' : ` (detection said ${NAMES[detected.encoding]}`}: ${detected.reason})`
  return { encoding, bom: bomBytes > 0, bomBytes, binary: detected.binary, reason }
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
  // UTF-8 keeps stray bytes recognisable (utf8-bytes.ts) instead of hiding them behind U+FFFD
  if (encoding === 'utf-8') return new StrayByteUtf8Decoder()
  if (encoding !== 'windows-1252') return new TextDecoder(encoding)
  const latin1 = new TextDecoder('latin1')
  return {
    decode(bytes, options) {
      const text = latin1.decode(bytes, options)
      return C1_RANGE.test(text) ? text.replace(C1_GLOBAL, (c) => WINDOWS_1252_C1[c.charCodeAt(0) - 0x80]) : text
    },
  }
}

/** One byte as Windows-1252 reads it: a stray byte in a UTF-8 file, when the user accepts such rows. */
export function windows1252Char(byte: number): string {
  return byte >= 0x80 && byte <= 0x9f ? WINDOWS_1252_C1[byte - 0x80] : String.fromCharCode(byte)
}

// The C1 range is exactly what Windows-1252 redefines.
const C1_RANGE = /[\u0080-\u009f]/
const C1_GLOBAL = /[\u0080-\u009f]/g
/** Windows-1252 for bytes 0x80–0x9F; the five undefined bytes keep their C1 code point, as browsers do. */
const WINDOWS_1252_C1 = [
  '\u20ac', '\u0081', '\u201a', '\u0192', '\u201e', '\u2026', '\u2020', '\u2021', '\u02c6', '\u2030', '\u0160', '\u2039', '\u0152', '\u008d', '\u017d', '\u008f',
  '\u0090', '\u2018', '\u2019', '\u201c', '\u201d', '\u2022', '\u2013', '\u2014', '\u02dc', '\u2122', '\u0161', '\u203a', '\u0153', '\u009d', '\u017e', '\u0178',
]
