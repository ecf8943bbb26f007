// The shared vocabulary of the CSV import pipeline:
// sniff → read rows → map → validate (→ canonical records) → plan against the mirror → push → report → undo.
// The front half (sniff, decode, parse, mapping, validation) and the back half (plan, pack, push,
// report, undo) meet here, so each can be built and tested on its own.

export const IMPORT_KINDS = ['people', 'events', 'segment-members', 'collection', 'devices', 'relationships'] as const
export type ImportKind = (typeof IMPORT_KINDS)[number]

export type IdentifierType = 'id' | 'email' | 'cio_id'

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

export type ValueType = 'string' | 'number' | 'boolean' | 'timestamp' | 'json'
export type BlankPolicy = 'skip' | 'clear'

/**
 * Where a column goes. `target` is an attribute name for people/devices/relationships/collection
 * data, or one of the reserved targets of the kind (see `RESERVED_TARGETS`); null = ignored.
 */
export interface ColumnMapping {
  column: string
  index: number
  target: string | null
  type: ValueType
  blank: BlankPolicy
  /** timestamp columns written as NN/NN/YYYY: which number is the day; absent = accept only unambiguous dates */
  dateOrder?: 'dmy' | 'mdy'
}

export interface Mapping {
  kind: ImportKind
  /** the column holding each row's identifier, and which kind of identifier it is */
  identifier: { column: string; type: IdentifierType } | null
  columns: ColumnMapping[]
}

/** Reserved targets per kind; anything else is an attribute (or event data / collection field). */
export const RESERVED_TARGETS: Record<ImportKind, readonly string[]> = {
  people: ['id', 'email', 'cio_id', 'created_at'],
  events: ['id', 'email', 'cio_id', 'event_name', 'timestamp', 'event_id'],
  'segment-members': ['id', 'email', 'cio_id', 'action'],
  collection: [],
  devices: ['id', 'email', 'cio_id', 'device_token', 'platform', 'last_used'],
  relationships: ['id', 'email', 'cio_id', 'object_type_id', 'object_id'],
}

export type Scalar = string | number | boolean | null

export interface Identifier {
  type: IdentifierType
  value: string
}

/** A validated row, ready to plan and send. One shape per kind. */
export type CanonicalRecord =
  | { kind: 'people'; row: number; identifier: Identifier; set: Record<string, Scalar>; clear: string[] }
  | { kind: 'events'; row: number; identifier: Identifier; name: string; timestamp: number | null; data: Record<string, Scalar>; eventId: string }
  | { kind: 'segment-members'; row: number; identifier: Identifier; action: 'add' | 'remove' }
  | { kind: 'devices'; row: number; identifier: Identifier; token: string; platform: 'ios' | 'android'; lastUsed: number | null; attributes: Record<string, string> }
  | { kind: 'relationships'; row: number; identifier: Identifier; objectTypeId: string; objectId: string; attributes: Record<string, Scalar> }
  | { kind: 'collection'; row: number; data: Record<string, Scalar> }

/** A problem with one row (or the file when row is 0). Always names row, column and value. */
export interface RowError {
  row: number
  column: string | null
  value: string | null
  message: string
  /** 'invalid' blocks the row; 'warning' does not */
  severity: 'invalid' | 'warning'
}

/** Options chosen for an import; `blank` is the default blank policy for new columns. */
export interface ImportOptions {
  kind: ImportKind
  identifierType?: IdentifierType
  blank?: BlankPolicy
  /** segment-members: the manual segment */
  segmentId?: number
  /** collection: the collection to create or replace */
  collectionName?: string
  /** duplicates inside the file: keep the first or the last occurrence */
  duplicates?: 'first' | 'last'
  /** --map COL=ATTR overrides */
  map?: Record<string, string>
  /** people and events: Track v2 (default) or the Pipelines API (issue 8) */
  via?: ImportRoute
  /** the file's encoding as the user chose it; absent = detected (text-encoding.ts) */
  encoding?: SniffResult['encoding']
  /** import rows holding bytes that are not UTF-8, reading each such byte as Windows-1252 (else they are invalid) */
  acceptStrayBytes?: boolean
}

export type ImportRoute = 'track' | 'pipelines'

/**
 * Row buckets of a plan; disjoint, and they add up to the number of data rows (the dry-run JSON
 * contract). A row whose only changes clear attributes is an 'update'; each of its field changes
 * says whether it sets or clears.
 */
export const PLAN_BUCKETS = ['create', 'update', 'unchanged', 'invalid', 'duplicate'] as const
export type PlanBucket = (typeof PLAN_BUCKETS)[number]

/** One field of one row, old → new; `to: undefined` means the attribute is cleared. */
export interface FieldChange {
  field: string
  from: Scalar | undefined
  to: Scalar | undefined
  kind: 'set' | 'change' | 'clear'
}
