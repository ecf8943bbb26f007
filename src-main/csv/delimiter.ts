// Delimiter detection: the right delimiter appears the same number of times on every line (outside
// quotes), and at least once in the header. Counting outside quotes matters for semicolon files from
// European spreadsheets, whose values hold decimal commas ("1,5") and names like "Smith, John".

import type { SniffResult } from './types'

export type Delimiter = SniffResult['delimiter']

/** In order of preference when two candidates fit equally well. */
export const DELIMITERS: readonly Delimiter[] = [',', ';', '\t', '|']

const LINES_TO_EXAMINE = 50

export function detectDelimiter(text: string): Delimiter {
  const lines = countsPerLine(text, LINES_TO_EXAMINE)
  if (lines.length === 0) return ','
  let best: Delimiter = ','
  let bestScore = -1
  for (let d = 0; d < DELIMITERS.length; d++) {
    const headerCount = lines[0][d]
    if (headerCount === 0) continue
    let consistent = 0
    for (const counts of lines) if (counts[d] === headerCount) consistent++
    // Consistency first; the count breaks ties (a header of 9 commas beats one stray semicolon).
    const score = (consistent / lines.length) * 1000 + Math.min(headerCount, 999) / 1000
    if (score > bestScore) {
      bestScore = score
      best = DELIMITERS[d]
    }
  }
  return best
}

/**
 * Per logical line (a quoted value may span lines), how often each candidate occurs outside quotes.
 * Blank lines are passed over; the last line is dropped when the text was cut off mid-line.
 */
function countsPerLine(text: string, maxLines: number): number[][] {
  const lines: number[][] = []
  let counts = [0, 0, 0, 0]
  let inQuotes = false
  let lineHasContent = false
  for (let i = 0; i < text.length && lines.length < maxLines; i++) {
    const c = text[i]
    if (c === '"') {
      inQuotes = !inQuotes
      lineHasContent = true
      continue
    }
    if (inQuotes) continue
    if (c === '\n' || c === '\r') {
      if (lineHasContent) lines.push(counts)
      counts = [0, 0, 0, 0]
      lineHasContent = false
      continue
    }
    lineHasContent = true
    const d = DELIMITERS.indexOf(c as Delimiter)
    if (d !== -1) counts[d]++
  }
  // The final line counts only if nothing cut it short (no open quote).
  if (lineHasContent && !inQuotes && lines.length < maxLines) lines.push(counts)
  return lines
}
