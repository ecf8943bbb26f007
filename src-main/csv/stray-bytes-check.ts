// The validator's rule for stray bytes: bytes that are not UTF-8 in a file read as UTF-8
// (utf8-bytes.ts keeps them recognisable). A cell holding one is never sent as it came: by default
// its row is invalid, with an error naming row, column, byte and file offset, and what the byte
// would read as in Windows-1252 (what a stray byte usually is); when the user accepts such rows
// (--accept-stray-bytes, the review's checkbox), the byte is read as Windows-1252 and the
// conversion is listed as a warning, before → after. Cells of ignored columns are not sent, so
// their stray bytes do not matter.

import { windows1252Char } from './text-encoding'
import type { RawRow } from './types'
import { replaceStrayBytes, showStrayBytes } from './utf8-bytes'

/** The part of an import's mapping this check reads: which columns are sent (structural, so csv/ needs no import types). */
export interface SentColumnsMapping {
  identifier: { column: string } | null
  columns: readonly { column: string; index: number; target: string | null }[]
}

interface Findings {
  fail(column: string | null, value: string | null, message: string): void
  warn(column: string, value: string, message: string): void
}

const hex = (byte: number) => `0x${byte.toString(16).toUpperCase().padStart(2, '0')}`
const quoted = (text: string) => JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}…` : text)

/** Indexes of the columns whose cells are sent: mapped ones and the identifier. */
export function sentColumns(mapping: SentColumnsMapping): Set<number> {
  const sent = new Set<number>()
  for (const c of mapping.columns) if (c.target !== null || c.column === mapping.identifier?.column) sent.add(c.index)
  return sent
}

/**
 * Checks the row's stray bytes; returns the cells to validate: the row's own, or (when accepted)
 * a copy with each stray byte read as Windows-1252.
 */
export function checkStrayBytes(raw: RawRow, mapping: SentColumnsMapping, sent: Set<number>, accept: boolean, findings: Findings): string[] {
  const strays = raw.strayBytes
  if (!strays || strays.length === 0) return raw.cells
  let cells = raw.cells
  const byCell = new Map<number, { offset: number; byte: number }[]>()
  for (const s of strays) if (sent.has(s.cell)) byCell.set(s.cell, [...(byCell.get(s.cell) ?? []), s])
  for (const [index, found] of byCell) {
    const column = mapping.columns[index]?.column ?? `column ${index + 1}`
    const cell = raw.cells[index] ?? ''
    const shown = showStrayBytes(cell)
    const read = replaceStrayBytes(cell, windows1252Char)
    const what = found.length === 1 ? `byte ${hex(found[0].byte)} at byte offset ${found[0].offset}` : `bytes ${found.map((f) => hex(f.byte)).join(', ')} at byte offsets ${found.map((f) => f.offset).join(', ')}`
    const isAre = found.length === 1 ? 'is' : 'are'
    if (accept) {
      if (cells === raw.cells) cells = [...raw.cells]
      cells[index] = read
      findings.warn(column, shown, `column "${column}": ${what} ${isAre} not UTF-8; read as Windows-1252, as accepted: ${quoted(shown)} → ${quoted(read)}`)
    } else {
      findings.fail(
        column,
        shown,
        `column "${column}": ${what} of the file ${isAre} not UTF-8, unlike the rest of the file (${quoted(shown)}; as Windows-1252 it would read ${quoted(read)}): fix it in the file, or accept such rows with their stray bytes read as Windows-1252 (--accept-stray-bytes)`,
      )
    }
  }
  return cells
}

/**
 * For readers that take raw rows without the validator (a broadcast's per-user CSV): the row's
 * stray bytes as one problem that refuses it, naming the columns and offsets; null when it has none.
 */
export function strayBytesProblem(raw: RawRow, header: readonly string[]): string | null {
  if (!raw.strayBytes || raw.strayBytes.length === 0) return null
  const cells = [...new Set(raw.strayBytes.map((s) => s.cell))]
  return cells
    .map((cell) => {
      const found = raw.strayBytes!.filter((s) => s.cell === cell)
      const what = found.map((f) => `byte ${hex(f.byte)} at byte offset ${f.offset}`).join(', ')
      return `column "${header[cell] ?? cell + 1}": ${what} of the file ${found.length === 1 ? 'is' : 'are'} not UTF-8, unlike the rest of the file (${quoted(showStrayBytes(raw.cells[cell] ?? ''))}): fix it in the file`
    })
    .join('; ')
}
