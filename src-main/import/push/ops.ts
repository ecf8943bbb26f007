// Track v2 operations rebuilt from stored plan rows (record-changes.ts explains why the row alone
// is enough). People get an `identify` carrying only the changed attributes — a cleared one as
// null, which Customer.io treats as "remove" (docs/customerio-api.md §2.5) — so an unchanged attribute is never resent.
// Every operation built here converges when repeated: identify is an upsert, `event` carries the
// row's deterministic id (Customer.io drops a repeated id, §2.6), add_device and
// add_relationships re-add what is already there, delete of a deleted person is a no-op. That is
// what lets a resumed push resend a batch whose answer was lost.

import type { RowResult } from '../import-repo'
import { parseEntityKey, valuesUnder } from '../plan/record-changes'
import type { ImportKind } from '../types'

/** The field an undo plan uses for "delete the person this import created". */
export const DELETE_PERSON_FIELD = '$person'

type Op = Record<string, unknown>

/** The v2 operation of a row, or an error message when the stored row cannot make one. */
export function operationFor(kind: ImportKind, r: RowResult): { op: Op } | { error: string } {
  const identifier = parseEntityKey(r.entityKey)
  if (!identifier) return { error: 'the row has no identifier' }
  const identifiers = { [identifier.type]: identifier.value }
  const changes = r.changes ?? {}
  const value = (field: string) => changes[field]?.to
  switch (kind) {
    case 'people': {
      if (DELETE_PERSON_FIELD in changes) return { op: { type: 'person', action: 'delete', identifiers } }
      const attributes: Record<string, unknown> = {}
      for (const [field, c] of Object.entries(changes)) attributes[field] = c.to === undefined ? null : c.to
      return { op: { type: 'person', action: 'identify', identifiers, attributes } }
    }
    case 'events': {
      const op: Op = { type: 'person', action: 'event', identifiers, name: value('name'), id: value('event_id'), attributes: valuesUnder(changes, 'data') }
      const timestamp = value('timestamp')
      if (typeof timestamp === 'number') op.timestamp = timestamp
      return { op }
    }
    case 'devices': {
      const device: Op = { token: value('device_token'), platform: value('platform') }
      const lastUsed = value('last_used')
      if (typeof lastUsed === 'number') device.last_used = lastUsed
      const attributes = valuesUnder(changes, 'attributes')
      if (Object.keys(attributes).length > 0) device.attributes = attributes
      return { op: { type: 'person', action: 'add_device', identifiers, device } }
    }
    case 'relationships': {
      const relationship: Op = { identifiers: { object_type_id: String(value('object_type_id')), object_id: String(value('object_id')) } }
      const attributes = valuesUnder(changes, 'attributes')
      if (Object.keys(attributes).length > 0) relationship.relationship_attributes = attributes
      return { op: { type: 'person', action: 'add_relationships', identifiers, cio_relationships: [relationship] } }
    }
    default:
      return { error: `${kind} rows are not sent as Track v2 operations` }
  }
}
