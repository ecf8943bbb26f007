// What the CSV layer tells its users about a file and its rows: shared by the import, the
// broadcast's per-user data and anything else that reads a user's CSV file.

/** What the sniffer found out about a file before any row is read in full. */
export interface SniffResult {
  fileName: string
  bytes: number
  /** sha256 of the whole file, hex: a resume refuses a file that changed */
  sha256: string
  encoding: 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252'
  bom: boolean
  delimiter: ',' | ';' | '\t' | '|'
  header: string[]
  /** the first rows (at most 50) as cells, for mapping suggestions and previews */
  sample: string[][]
  /** problems with the file as a whole (no header, empty, binary …); empty when readable */
  fileErrors: string[]
  /** why `encoding` was chosen, in words (shown in the review and the plan's JSON) */
  encodingReason?: string
  /** detected from the bytes, or chosen by the user (ImportOptions.encoding) */
  encodingChosenBy?: 'detected' | 'user'
  /** UTF-8 only: bytes of the whole file that are not UTF-8 (their rows are flagged), with the first offsets */
  strayBytes?: { count: number; firstOffsets: number[] }
}

/** A byte that is not UTF-8 in a UTF-8 file: which cell of the row holds it, where it is in the file, its value. */
export interface StrayByte {
  cell: number
  offset: number
  byte: number
}

/** One data row as read: `row` is 1-based and counts data rows (the header is row 0). */
export interface RawRow {
  row: number
  cells: string[]
  /** set when the parser had to guess at this row's structure (a malformed or unclosed quote); the validator rejects it */
  problem?: string
  /** bytes of the row that are not UTF-8 (kept in `cells` as U+DC80–U+DCFF, see utf8-bytes.ts); the validator flags them */
  strayBytes?: StrayByte[]
}
