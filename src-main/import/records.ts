// Per-kind assembly of a validated row into its canonical record, with the checks that only make
// sense for that kind (event name, platform, relationship ids) and the size of the v2 operation the
// row will become (docs/customerio-api.md §3.11: each operation ≤ 32 KB; §2.5: event data ≤ 100000 bytes).

import { eventId, exceedsBytes, MAX_ID_BYTES, ULID, utf8Bytes } from '../cio/identifiers'
import { MAX_ATTRIBUTES_PER_CALL } from './mapping-checks'
import { parseTimestamp, timestampProblem, type DateOrder } from './value-types'
import type { CanonicalRecord, Identifier, ImportKind, Scalar } from './types'

export const MAX_OPERATION_BYTES = 32 * 1024
export const MAX_EVENT_NAME_BYTES = 100
export const MAX_EVENT_DATA_BYTES = 100_000
export const MAX_COLLECTION_ROW_BYTES = 10 * 1024
/** A character costs at most 6 bytes in JSON (\u00XX); under this bound the exact size is not needed. */
const MAX_JSON_BYTES_PER_CHAR = 6
const ENVELOPE_BYTES = 200

/** A cell of a reserved column (event_name, platform …), trimmed and known non-blank. */
export interface ReservedCell {
  column: string
  value: string
  dateOrder?: DateOrder
}

export interface RowParts {
  row: number
  identifier: Identifier | null
  fields: Record<string, Scalar>
  fieldCount: number
  /** characters of field names and values, for the cheap bound on the operation's size */
  fieldChars: number
  clear: string[]
  reserved: Record<string, ReservedCell | undefined>
  fail(column: string | null, value: string | null, message: string): void
}

export function buildRecord(kind: ImportKind, parts: RowParts, fileSha256: string): CanonicalRecord | null {
  switch (kind) {
    case 'people':
      return people(parts)
    case 'events':
      return events(parts, fileSha256)
    case 'segment-members':
      return segmentMember(parts)
    case 'devices':
      return device(parts)
    case 'relationships':
      return relationship(parts)
    case 'collection':
      return collectionRow(parts)
  }
}

function people(p: RowParts): CanonicalRecord | null {
  const count = p.fieldCount + p.clear.length
  if (count > MAX_ATTRIBUTES_PER_CALL) p.fail(null, null, `the row sets or clears ${count} attributes; Customer.io takes at most ${MAX_ATTRIBUTES_PER_CALL} in one call`)
  let clearChars = 0
  for (const name of p.clear) clearChars += name.length + 8
  if (mightExceedOperation(p, clearChars)) {
    const cleared = Object.fromEntries(p.clear.map((name) => [name, null]))
    checkOperation(p, { type: 'person', action: 'identify', identifiers: ids(p), attributes: { ...p.fields, ...cleared } })
  }
  if (!p.identifier) return null
  return { kind: 'people', row: p.row, identifier: p.identifier, set: p.fields, clear: p.clear }
}

function events(p: RowParts, fileSha256: string): CanonicalRecord | null {
  const nameCell = p.reserved.event_name
  if (!nameCell) p.fail(null, null, 'the event name is blank: every row needs one')
  else if (exceedsBytes(nameCell.value, MAX_EVENT_NAME_BYTES)) p.fail(nameCell.column, nameCell.value, `column "${nameCell.column}": the event name is ${utf8Bytes(nameCell.value)} bytes; Customer.io takes at most ${MAX_EVENT_NAME_BYTES}`)
  const timestamp = timestampOf(p, p.reserved.timestamp)
  const idCell = p.reserved.event_id
  if (idCell && !ULID.test(idCell.value)) p.fail(idCell.column, idCell.value, `column "${idCell.column}": ${show(idCell.value)} is not a ULID (26 letters and digits, like 01HZX3J8Q2W5E6R7T8Y9U0I1O2); leave it blank to have one derived from the file and row`)
  const name = nameCell?.value ?? ''
  const eventIdValue = idCell ? idCell.value.toUpperCase() : eventId(fileSha256, p.row)
  const bound = ENVELOPE_BYTES + name.length + p.fieldChars
  if (bound * MAX_JSON_BYTES_PER_CHAR > MAX_OPERATION_BYTES) {
    const dataBytes = utf8Bytes(JSON.stringify(p.fields))
    if (dataBytes > MAX_EVENT_DATA_BYTES) p.fail(null, null, `the event data is ${dataBytes} bytes; Customer.io takes at most ${MAX_EVENT_DATA_BYTES}`)
    else checkOperation(p, { type: 'person', action: 'event', identifiers: ids(p), name, id: eventIdValue, timestamp, attributes: p.fields })
  }
  if (!p.identifier || !nameCell) return null
  return { kind: 'events', row: p.row, identifier: p.identifier, name, timestamp, data: p.fields, eventId: eventIdValue }
}

function segmentMember(p: RowParts): CanonicalRecord | null {
  const actionCell = p.reserved.action
  const action = actionCell ? actionCell.value.toLowerCase() : 'add'
  if (action !== 'add' && action !== 'remove') p.fail(actionCell?.column ?? null, actionCell?.value ?? null, `column "${actionCell?.column}": ${show(actionCell?.value ?? '')} is not an action: write add or remove (blank means add)`)
  if (!p.identifier || (action !== 'add' && action !== 'remove')) return null
  return { kind: 'segment-members', row: p.row, identifier: p.identifier, action }
}

function device(p: RowParts): CanonicalRecord | null {
  const token = p.reserved.device_token
  if (!token) p.fail(null, null, 'the device token is blank: every row needs one')
  else if (exceedsBytes(token.value, 1000)) p.fail(token.column, token.value, `column "${token.column}": the device token is ${utf8Bytes(token.value)} bytes; at most 1000 are accepted`)
  const platformCell = p.reserved.platform
  const platform = platformCell?.value.toLowerCase()
  if (platform !== 'ios' && platform !== 'android') {
    p.fail(platformCell?.column ?? null, platformCell?.value ?? null, platformCell ? `column "${platformCell.column}": ${show(platformCell.value)} is not a platform Customer.io accepts: write ios or android` : 'the device platform is blank: write ios or android')
  }
  const lastUsed = timestampOf(p, p.reserved.last_used)
  const attributes: Record<string, string> = {}
  for (const [name, value] of Object.entries(p.fields)) attributes[name] = String(value)
  if (mightExceedOperation(p, (token?.value.length ?? 0) + 40)) {
    checkOperation(p, { type: 'person', action: 'add_device', identifiers: ids(p), device: { token: token?.value, platform, last_used: lastUsed, attributes } })
  }
  if (!p.identifier || !token || (platform !== 'ios' && platform !== 'android')) return null
  return { kind: 'devices', row: p.row, identifier: p.identifier, token: token.value, platform, lastUsed, attributes }
}

function relationship(p: RowParts): CanonicalRecord | null {
  const typeCell = p.reserved.object_type_id
  const objectCell = p.reserved.object_id
  if (!typeCell) p.fail(null, null, 'the object type id is blank: every row needs one (a number from 1, the id of the object type)')
  else if (!/^[1-9]\d{0,9}$/.test(typeCell.value)) p.fail(typeCell.column, typeCell.value, `column "${typeCell.column}": ${show(typeCell.value)} is not an object type id (a whole number from 1)`)
  if (!objectCell) p.fail(null, null, 'the object id is blank: every row needs one')
  else if (exceedsBytes(objectCell.value, MAX_ID_BYTES)) p.fail(objectCell.column, objectCell.value, `column "${objectCell.column}": the object id is ${utf8Bytes(objectCell.value)} bytes; Customer.io takes at most ${MAX_ID_BYTES}`)
  if (mightExceedOperation(p, (objectCell?.value.length ?? 0) + 80)) {
    checkOperation(p, {
      type: 'person',
      action: 'add_relationships',
      identifiers: ids(p),
      cio_relationships: [{ identifiers: { object_type_id: typeCell?.value, object_id: objectCell?.value }, relationship_attributes: p.fields }],
    })
  }
  if (!p.identifier || !typeCell || !objectCell || !/^[1-9]\d{0,9}$/.test(typeCell.value)) return null
  return { kind: 'relationships', row: p.row, identifier: p.identifier, objectTypeId: typeCell.value, objectId: objectCell.value, attributes: p.fields }
}

function collectionRow(p: RowParts): CanonicalRecord {
  if ((p.fieldChars + p.fieldCount * 6) * MAX_JSON_BYTES_PER_CHAR > MAX_COLLECTION_ROW_BYTES) {
    const bytes = utf8Bytes(JSON.stringify(p.fields))
    if (bytes > MAX_COLLECTION_ROW_BYTES) p.fail(null, null, `the row is ${bytes} bytes as JSON; a collection row may be at most ${MAX_COLLECTION_ROW_BYTES} bytes`)
  }
  return { kind: 'collection', row: p.row, data: p.fields }
}

/** A cheap upper bound on the operation's JSON size; the exact size is computed only past it. */
function mightExceedOperation(p: RowParts, extraChars: number): boolean {
  const bound = ENVELOPE_BYTES + (p.identifier?.value.length ?? 0) + p.fieldChars + p.fieldCount * 6 + extraChars
  return bound * MAX_JSON_BYTES_PER_CHAR > MAX_OPERATION_BYTES
}

function checkOperation(p: RowParts, operation: unknown): void {
  const bytes = utf8Bytes(JSON.stringify(operation))
  if (bytes > MAX_OPERATION_BYTES) p.fail(null, null, `the row makes a ${Math.ceil(bytes / 1024)} KB operation; Customer.io takes at most ${MAX_OPERATION_BYTES / 1024} KB per operation: shorten or split its values`)
}

function timestampOf(p: RowParts, cell: ReservedCell | undefined): number | null {
  if (!cell) return null
  const seconds = parseTimestamp(cell.value, cell.dateOrder)
  if (seconds !== undefined) return seconds
  p.fail(cell.column, cell.value, `column "${cell.column}": ${show(cell.value)} ${timestampProblem(cell.value, cell.dateOrder)}`)
  return null
}

const ids = (p: RowParts) => (p.identifier ? { [p.identifier.type]: p.identifier.value } : {})

export function show(value: string): string {
  return JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value)
}
