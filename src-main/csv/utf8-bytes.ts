// UTF-8 at the byte level, for files that are UTF-8 except for a few stray bytes (a row pasted from
// a Windows-1252 file, a name typed on an old terminal). Two tools:
//   - Utf8Census counts, over the whole file, the bytes that are not valid UTF-8 and whether any
//     valid multi-byte character appears: the encoding is decided on that (text-encoding.ts).
//   - StrayByteUtf8Decoder decodes UTF-8 but keeps each invalid byte recognisable instead of
//     turning it into U+FFFD: byte 0xXY becomes the lone surrogate U+DCXY (Python's
//     "surrogateescape"). A valid UTF-8 decode can never yield a lone surrogate, so the reader
//     finds exactly the stray bytes in the cells, with their byte offsets, and the validator refuses
//     (or, if the user accepts them, converts) those cells; a stray byte is never sent as it came.
// Both take the fast path (Buffer's native isAscii / isUtf8 and toString) for chunks without any
// invalid byte, so a clean file costs what it cost before.

import { isAscii, isUtf8 } from 'node:buffer'

/** How many first offsets of stray bytes a census keeps, to name them in the review. */
const KEPT_OFFSETS = 5
const EMPTY = Buffer.alloc(0)

/**
 * Length of the well-formed UTF-8 sequence starting at `i` (Unicode Table 3-7): 1–4, 0 when the
 * byte at `i` starts no valid sequence, -1 when the bytes up to `end` are a valid but unfinished start.
 */
export function utf8SequenceLength(bytes: Uint8Array, i: number, end: number): number {
  const b = bytes[i]
  if (b < 0x80) return 1
  let need: number
  let lo = 0x80
  let hi = 0xbf
  if (b >= 0xc2 && b <= 0xdf) need = 1
  else if (b >= 0xe0 && b <= 0xef) {
    need = 2
    if (b === 0xe0) lo = 0xa0
    else if (b === 0xed) hi = 0x9f // no UTF-16 surrogates
  } else if (b >= 0xf0 && b <= 0xf4) {
    need = 3
    if (b === 0xf0) lo = 0x90
    else if (b === 0xf4) hi = 0x8f // nothing past U+10FFFF
  } else return 0
  for (let k = 1; k <= need; k++) {
    if (i + k >= end) return -1
    const c = bytes[i + k]
    if (k === 1 ? c < lo || c > hi : c < 0x80 || c > 0xbf) return 0
  }
  return need + 1
}

/** Where the unfinished sequence at the end of `bytes` starts (bytes.length when it ends on a character boundary). */
function completeEnd(bytes: Uint8Array): number {
  const n = bytes.length
  for (let back = 1; back <= 3 && back <= n; back++) {
    const b = bytes[n - back]
    if (b < 0x80) return n
    if (b >= 0xc0) return utf8SequenceLength(bytes, n - back, n) === -1 ? n - back : n
  }
  return n
}

/** Counts stray (invalid) bytes and notes valid multi-byte characters, chunk by chunk, over a whole file. */
export class Utf8Census {
  invalidBytes = 0
  multibyte = false
  /** offsets of the first stray bytes, for the review */
  readonly firstOffsets: number[] = []
  private carry: Buffer = EMPTY
  private offset = 0

  push(chunk: Buffer): void {
    const start = this.offset - this.carry.length
    const bytes = this.carry.length ? Buffer.concat([this.carry, chunk]) : chunk
    this.offset += chunk.length
    const end = completeEnd(bytes)
    this.carry = Buffer.from(bytes.subarray(end))
    this.scan(bytes.subarray(0, end), start, false)
  }

  end(): void {
    this.scan(this.carry, this.offset - this.carry.length, true)
    this.carry = EMPTY
  }

  private scan(bytes: Buffer, start: number, final: boolean): void {
    if (bytes.length === 0 || isAscii(bytes)) return
    if (!final && isUtf8(bytes)) {
      this.multibyte = true
      return
    }
    for (let i = 0; i < bytes.length; ) {
      const len = utf8SequenceLength(bytes, i, bytes.length)
      if (len > 0) {
        if (len > 1) this.multibyte = true
        i += len
        continue
      }
      this.invalidBytes++
      if (this.firstOffsets.length < KEPT_OFFSETS) this.firstOffsets.push(start + i)
      i++
    }
  }
}

/**
 * A stray byte kept in decoded text (see the file comment). The `u` flag matters: without it the
 * class would also match the second half of a valid surrogate pair (💩 is U+D83D U+DCA9).
 */
export const STRAY_BYTE = /[\udc80-\udcff]/u
const STRAY_BYTES = /[\udc80-\udcff]/gu

export function strayByteValue(ch: string): number {
  return ch.charCodeAt(0) - 0xdc00
}

/** Each stray byte of the text, in order. */
export function strayBytesIn(text: string): number[] {
  return Array.from(text.matchAll(STRAY_BYTES), (m) => strayByteValue(m[0]))
}

/** The text with each stray byte shown as U+FFFD, for messages and previews. */
export function showStrayBytes(text: string): string {
  return text.replace(STRAY_BYTES, '\ufffd')
}

/** The text with each stray byte read as `decodeByte` reads it (Windows-1252, when the user accepts them). */
export function replaceStrayBytes(text: string, decodeByte: (byte: number) => string): string {
  return text.replace(STRAY_BYTES, (ch) => decodeByte(strayByteValue(ch)))
}

/**
 * UTF-8 with stray bytes kept as lone surrogates; a UTF-8 BOM at the start is dropped. The file
 * offset of every stray byte is queued in order, for `takeStrayOffset` as the rows are parsed.
 */
export class StrayByteUtf8Decoder {
  private carry: Buffer = EMPTY
  private offset = 0
  private readonly strays: number[] = []
  private strayHead = 0

  decode(input?: Uint8Array, options?: { stream?: boolean }): string {
    const chunk = input ? Buffer.from(input.buffer, input.byteOffset, input.byteLength) : EMPTY
    const start = this.offset - this.carry.length
    let bytes = this.carry.length ? Buffer.concat([this.carry, chunk]) : chunk
    this.offset += chunk.length
    let base = start
    if (start === 0 && bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
      bytes = bytes.subarray(3)
      base = 3
    }
    const end = options?.stream ? completeEnd(bytes) : bytes.length
    this.carry = Buffer.from(bytes.subarray(end))
    const body = bytes.subarray(0, end)
    if (isUtf8(body)) return body.toString('utf8')
    return this.slowDecode(body, base)
  }

  /** Stray bytes decoded and not yet taken. */
  get pendingStrays(): number {
    return this.strays.length - this.strayHead
  }

  /** The file offset of the next stray byte in text order. */
  takeStrayOffset(): number {
    const offset = this.strays[this.strayHead++] ?? -1
    if (this.strayHead > 4096 && this.strayHead * 2 > this.strays.length) {
      this.strays.splice(0, this.strayHead)
      this.strayHead = 0
    }
    return offset
  }

  private slowDecode(body: Buffer, start: number): string {
    let out = ''
    let runStart = 0
    for (let i = 0; i < body.length; ) {
      const len = utf8SequenceLength(body, i, body.length)
      if (len > 0) {
        i += len
        continue
      }
      out += body.toString('utf8', runStart, i) + String.fromCharCode(0xdc00 + body[i])
      this.strays.push(start + i)
      runStart = ++i
    }
    return out + body.toString('utf8', runStart, body.length)
  }
}
