// Incremental CSV parsing shared by the sniffer and the row reader, so both see a file the same way.
// It drives papaparse's core Parser in chunk mode exactly as papaparse's own streamers do (parse
// the text so far, ignoring the last, possibly incomplete row; carry the unparsed tail into the next
// chunk), but as a pull API: the caller feeds decoded text and gets the finished rows back, which
// makes back-pressure trivial for an async iterator. Line endings are normalised to \n first, so
// CRLF, LF, CR-only and mixed files parse alike (a CR inside a quoted value becomes a LF too).

import Papa from 'papaparse'

/** A row longer than this cannot be a real CSV row (an op is at most 32 KB): it is an unclosed quote or not CSV. */
/**
 * Rows are numbered as a spreadsheet numbers them, so a row named anywhere (the review, the report,
 * the CLI's errors[].row, messages such as "repeats row 7") is the row the user finds when they open
 * the file: the header is row 1, the first data row is row 2. Row 0 names the file as a whole.
 */
export const HEADER_ROW = 1

export const MAX_ROW_CHARS = 8 * 1024 * 1024

export interface ParsedChunk {
  rows: string[][]
  /** structural problems papaparse reported, by index into `rows` */
  problems: Map<number, string> | null
}

interface PapaError {
  code: string
  row: number
}

interface PapaResult {
  data: string[][]
  errors: PapaError[]
  meta: { cursor: number }
}

/** Thrown when the unparsed tail outgrows MAX_ROW_CHARS: the reader turns it into an error naming the row. */
export class RowTooLongError extends Error {
  constructor(readonly chars: number) {
    super(`a row is longer than ${Math.round(MAX_ROW_CHARS / 1024 / 1024)} MB`)
  }
}

const EMPTY: ParsedChunk = { rows: [], problems: null }

export class CsvChunkParser {
  private readonly parser: Papa.Parser
  private pending = ''
  private heldCarriageReturn = false
  /** after a chunk that completed no row, wait until the tail doubles before parsing it again (keeps huge rows linear) */
  private nextAttemptAt = 0

  constructor(delimiter: string, private readonly maxRowChars = MAX_ROW_CHARS) {
    this.parser = new Papa.Parser({ delimiter, newline: '\n', quoteChar: '"' })
  }

  /** Feeds the next piece of decoded text; returns the rows it completed. */
  push(text: string): ParsedChunk {
    this.pending += this.normaliseLineEndings(text, false)
    if (this.pending.length < this.nextAttemptAt) return this.checkedEmpty()
    const result = this.parser.parse(this.pending, 0, true) as PapaResult
    const consumed = result.meta.cursor
    this.pending = consumed > 0 ? this.pending.slice(consumed) : this.pending
    if (result.data.length === 0) {
      this.nextAttemptAt = this.pending.length * 2
      return this.checkedEmpty()
    }
    this.nextAttemptAt = 0
    return { rows: result.data, problems: problemsOf(result, result.data.length) }
  }

  /** Parses whatever is left; the last row needs no trailing newline. */
  end(): ParsedChunk {
    this.pending += this.normaliseLineEndings('', true)
    if (this.pending === '') return EMPTY
    const result = this.parser.parse(this.pending, 0, false) as PapaResult
    this.pending = ''
    return { rows: result.data, problems: problemsOf(result, result.data.length) }
  }

  private checkedEmpty(): ParsedChunk {
    if (this.pending.length > this.maxRowChars) throw new RowTooLongError(this.pending.length)
    return EMPTY
  }

  private normaliseLineEndings(text: string, final: boolean): string {
    if (this.heldCarriageReturn) {
      text = '\r' + text
      this.heldCarriageReturn = false
    }
    if (text.indexOf('\r') === -1) return text
    // A CR at the very end may be the first half of a CRLF split across chunks: decide next time.
    if (!final && text.charCodeAt(text.length - 1) === 13) {
      this.heldCarriageReturn = true
      text = text.slice(0, -1)
    }
    return text.replace(/\r\n?/g, '\n')
  }
}

function problemsOf(result: PapaResult, completedRows: number): Map<number, string> | null {
  if (result.errors.length === 0) return null
  let problems: Map<number, string> | null = null
  for (const error of result.errors) {
    // Errors about the held-back incomplete row come again when that row is parsed in full.
    if (error.row >= completedRows) continue
    const message = quoteProblem(error.code)
    if (!message) continue
    problems ??= new Map()
    if (!problems.has(error.row)) problems.set(error.row, message)
  }
  return problems
}

function quoteProblem(code: string): string | null {
  if (code === 'MissingQuotes') return 'a quoted value is never closed: everything from its opening quote to the end of the file was read into this row; close the quote or remove it'
  if (code === 'InvalidQuotes') return 'a quoted value has text after its closing quote (a stray " inside a quoted value must be written as ""), so this row and the lines after it up to the next quote were read as one row'
  return null
}

/** An empty line, or a line of nothing but delimiters (spreadsheets append them): not a data row. */
export function isBlankRow(cells: string[]): boolean {
  for (let i = 0; i < cells.length; i++) if (cells[i] !== '') return false
  return true
}
