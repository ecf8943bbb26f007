// The shared vocabulary of the CSV import pipeline:
// sniff → read rows → map → validate (→ canonical records) → plan against the mirror → push → report → undo.
// The front half (sniff, decode, parse, mapping, validation) and the back half (plan, pack, push,
// report, undo) meet here, so each can be built and tested on its own.

import type { ImportKind } from '../contract/imports'

// the kinds are the contract's list (one list for the engine, the CLI and the Import screen). Only
// the type is re-exported: a value export would load the contract, and with it zod, into the
// plan's reader thread, which imports this file (test/unit/architecture/worker-imports.test.ts).
export type { ImportKind } from '../contract/imports'

// the identifier rules are Customer.io's, shared with the broadcast's per-user data (cio/identifiers.ts)
import type { IdentifierType } from '../cio/identifiers'
export type { IdentifierType }

// the file-level vocabulary lives with the CSV reader, below the import (csv/types.ts)
export type { RawRow, SniffResult, StrayByte } from '../csv/types'
import type { SniffResult } from '../csv/types'

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

/** A file row after validation: its canonical record, or the errors that kept it from one. */
export interface ValidatedRow {
  row: number
  record: CanonicalRecord | null
  errors: RowError[]
}
