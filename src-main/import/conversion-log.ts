// What the validator does to cells on their way to Customer.io, per column: a typed column turns
// text into numbers, true/false or unix seconds; an id or email is trimmed; accepted stray bytes
// are read as Windows-1252. Nothing of the kind may happen unseen ("never change a user's data
// without showing it"), so every conversion is counted here with one example, before → after, and
// the plan lists them in the review, in the summary and in the dry-run JSON.
//
// Cheap on purpose: the validator notes millions of cells, so a note is two counters and, until
// an example whose text changes is found, one comparison.

import type { Scalar } from './types'

export interface ColumnConversion {
  column: string
  attribute: string
  /** the conversion in words: "text → number", "date → unix seconds", "trimmed" … */
  conversion: string
  /** cells converted (of rows that were read; an invalid row's valid cells count too) */
  cells: number
  /** cells whose text is not exactly what is sent ("1.50" → 1.5, " a@b.co" → "a@b.co") */
  changed: number
  /** the first cell whose text changes (or the first cell): its row, the text, and the value sent as JSON */
  example: { row: number; before: string; after: string } | null
}

/** A log entry as plain data: what crosses from the plan's reader thread to merge with the planner's. */
export interface ConversionSnapshot {
  column: string
  attribute: string
  conversion: string
  changesType: boolean
  position: number
  cells: number
  changed: number
  example: ColumnConversion['example']
  exampleChanges: boolean
}

/** What each column type converts, as the review names it. */
export const TYPE_CONVERSIONS = {
  number: 'text → number',
  boolean: 'text → true/false',
  timestamp: 'date → unix seconds',
  json: 'JSON text, trimmed',
} as const

export class ConversionEntry {
  cells = 0
  changed = 0
  example: ColumnConversion['example'] = null
  private exampleChanges = false

  constructor(
    readonly column: string,
    readonly attribute: string,
    readonly conversion: string,
    /** a type conversion is listed even when no cell's text changes (42 is not "42"); a trim only when one does */
    readonly changesType: boolean,
    /** the column's position in the file: the list follows the file */
    readonly position: number,
  ) {}

  /** This entry as plain data, for another thread's log to merge (ConversionLog.merge). */
  snapshot(): ConversionSnapshot {
    return { column: this.column, attribute: this.attribute, conversion: this.conversion, changesType: this.changesType, position: this.position, cells: this.cells, changed: this.changed, example: this.example, exampleChanges: this.exampleChanges }
  }

  /**
   * Adds what another log noted of other rows of the same file. The example stays the one a single
   * log reading the whole file in order would keep: the earliest whose text changes, else the earliest.
   */
  add(other: ConversionSnapshot): void {
    this.cells += other.cells
    this.changed += other.changed
    if (other.example === null) return
    const better = this.example === null || (other.exampleChanges && !this.exampleChanges) || (other.exampleChanges === this.exampleChanges && other.example.row < this.example.row)
    if (better) {
      this.example = other.example
      this.exampleChanges = other.exampleChanges
    }
  }

  note(row: number, before: string, after: Scalar): void {
    this.cells++
    const differs = (typeof after === 'string' ? after : String(after)) !== before
    if (differs) this.changed++
    if (this.example === null || (differs && !this.exampleChanges)) {
      this.example = { row, before: clip(before), after: clip(JSON.stringify(after)) }
      this.exampleChanges = differs
    }
  }
}

export class ConversionLog {
  private readonly entries: ConversionEntry[] = []

  entry(column: string, attribute: string, conversion: string, changesType: boolean, position: number): ConversionEntry {
    const found = this.entries.find((e) => e.column === column && e.conversion === conversion)
    if (found) return found
    const made = new ConversionEntry(column, attribute, conversion, changesType, position)
    this.entries.push(made)
    return made
  }

  /** Every entry as plain data (ConversionEntry.snapshot), the unused ones included. */
  snapshot(): ConversionSnapshot[] {
    return this.entries.map((e) => e.snapshot())
  }

  /** Adds another log's entries (of other rows of the same file) to this one's. */
  merge(others: readonly ConversionSnapshot[]): void {
    for (const o of others) this.entry(o.column, o.attribute, o.conversion, o.changesType, o.position).add(o)
  }

  /** The conversions that happened, in the file's column order. */
  list(): ColumnConversion[] {
    return this.entries
      .filter((e) => e.cells > 0 && (e.changesType || e.changed > 0))
      .sort((a, b) => a.position - b.position)
      .map((e) => ({ column: e.column, attribute: e.attribute, conversion: e.conversion, cells: e.cells, changed: e.changed, example: e.example }))
  }
}

function clip(text: string): string {
  return text.length > 120 ? `${text.slice(0, 120)}…` : text
}
