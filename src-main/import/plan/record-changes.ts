// How a validated record of each kind is stored as a plan row: its entity key (the identifier the
// operation addresses, `<type>:<value>`) and its field changes. For people the changes are the diff
// against the mirror; for the other kinds they are the values the operation will carry, so the
// review grid shows them and the push rebuilds each operation from the stored row alone — the push
// never needs the file again, and a fixed row is pushed with exactly what the user sees.

import type { FieldChanges } from '../../db/json-types'
import type { CanonicalRecord, Identifier, Scalar } from '../types'

export function entityKeyOf(identifier: Identifier): string {
  return `${identifier.type}:${identifier.value}`
}

export function parseEntityKey(key: string | null): Identifier | null {
  if (!key) return null
  const at = key.indexOf(':')
  const type = key.slice(0, at)
  if (type !== 'id' && type !== 'email' && type !== 'cio_id') return null
  return { type, value: key.slice(at + 1) }
}

function prefixed(prefix: string, values: Record<string, Scalar>, into: FieldChanges): void {
  for (const [k, v] of Object.entries(values)) into[`${prefix}.${k}`] = { to: v }
}

/** The values an event, device, relationship, membership or collection row sends, as `to` changes. */
export function operationValues(record: Exclude<CanonicalRecord, { kind: 'people' }>, segmentId: number | undefined): FieldChanges {
  const out: FieldChanges = {}
  switch (record.kind) {
    case 'events':
      out.name = { to: record.name }
      out.event_id = { to: record.eventId }
      if (record.timestamp !== null) out.timestamp = { to: record.timestamp }
      prefixed('data', record.data, out)
      return out
    case 'devices':
      out.device_token = { to: record.token }
      out.platform = { to: record.platform }
      if (record.lastUsed !== null) out.last_used = { to: record.lastUsed }
      prefixed('attributes', record.attributes, out)
      return out
    case 'relationships':
      out.object_type_id = { to: record.objectTypeId }
      out.object_id = { to: record.objectId }
      prefixed('attributes', record.attributes, out)
      return out
    case 'segment-members':
      // add: the person enters the segment (from nothing to it); remove: they leave it
      out.segment = record.action === 'add' ? { to: segmentId ?? null } : { from: segmentId ?? null }
      return out
    case 'collection':
      prefixed('data', record.data, out)
      return out
  }
}

/** The `<prefix>.<key>` entries of stored changes, as an object of their new values. */
export function valuesUnder(changes: FieldChanges, prefix: string): Record<string, Scalar> {
  const out: Record<string, Scalar> = {}
  const start = `${prefix}.`
  for (const [field, c] of Object.entries(changes)) {
    if (field.startsWith(start)) out[field.slice(start.length)] = (c.to ?? null) as Scalar
  }
  return out
}

/** The key two rows of the file are duplicates on, or null when repeats are legitimate. */
export function duplicateKeyOf(record: CanonicalRecord): string | null {
  switch (record.kind) {
    case 'people':
    case 'segment-members':
      return `${record.identifier.type}:${record.identifier.type === 'email' ? record.identifier.value.toLowerCase() : record.identifier.value}`
    case 'events':
      // many events per person are normal; the same event id twice is a repeat
      return `event:${record.eventId}`
    case 'devices':
      return `device:${record.token}`
    case 'relationships':
      return `rel:${record.identifier.type}:${record.identifier.value}:${record.objectTypeId}:${record.objectId}`
    case 'collection':
      return null
  }
}
