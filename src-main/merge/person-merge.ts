// From an export row to a person, and the rule that keeps offline edits safe while pulling:
// a field with a local change not yet sent (an outbox entry that is pending, failed or held by a
// conflict) is never overwritten. The pull moves that field's base to the pulled value, keeps the
// local value, and records a conflict when the remote moved away from the old base to something
// other than the local value; the three-way rule itself is merge/decide.ts, shared with the push
// (docs/DESIGN.md "Sync semantics", "Three-way merge").

import { decide } from './decide'
import type { Attributes } from '../db/json-types'
import { AppError } from '../contract/result'

/** Identifier columns of a people export; every other column is an attribute we asked for. */
export const IDENTIFIER_COLUMNS = ['cio_id', 'id', 'email'] as const

export interface ExportColumns {
  cioId: number
  id: number
  email: number
  attributes: { name: string; index: number }[]
}

export interface RemotePerson {
  cioId: string
  id: string | null
  email: string | null
  /** values as Customer.io returns them: strings; an empty cell means "absent" and is left out */
  attributes: Record<string, string>
  /**
   * Devices as the App API lists them, when this pull read them (bulk attributes); undefined
   * when it did not (an export has no device columns), which keeps what the mirror has.
   */
  devices?: unknown[]
  /**
   * When Customer.io last changed the person, epoch ms: the newest of its attribute timestamps.
   * Undefined when this read carried none (an export), which keeps what the mirror has.
   */
  remoteUpdatedAt?: number
}

/** The newest attribute timestamp (unix seconds) as epoch ms; undefined when there is none. */
export function newestTimestampMs(timestamps: Record<string, unknown> | undefined): number | undefined {
  let newest = 0
  for (const v of Object.values(timestamps ?? {})) {
    const n = typeof v === 'number' ? v : typeof v === 'string' ? Number(v) : NaN
    if (Number.isFinite(n) && n > newest) newest = n
  }
  return newest > 0 ? newest * 1000 : undefined
}

/** A person from a bulk-attributes answer: identifiers out of the attribute map, devices kept. */
export function personFromRecord(record: {
  identifiers: { id: string | null; email: string | null; cio_id: string }
  attributes: Record<string, string>
  timestamps?: Record<string, unknown>
  devices?: unknown[]
}): RemotePerson {
  const attributes: Record<string, string> = {}
  for (const [name, value] of Object.entries(record.attributes ?? {})) {
    if (!(IDENTIFIER_COLUMNS as readonly string[]).includes(name) && value !== '' && value !== null && value !== undefined) attributes[name] = String(value)
  }
  return {
    cioId: record.identifiers.cio_id,
    id: record.identifiers.id ?? null,
    email: record.identifiers.email ?? null,
    attributes,
    devices: Array.isArray(record.devices) ? record.devices : [],
    remoteUpdatedAt: newestTimestampMs(record.timestamps),
  }
}

export function columnsFromHeader(header: string[]): ExportColumns {
  const at = (name: string) => header.indexOf(name)
  const cioId = at('cio_id')
  if (cioId < 0) throw new AppError('REMOTE', `the people export has no cio_id column (columns: ${header.slice(0, 10).join(', ')}); cio-sync cannot match people without it`)
  const identifiers = new Set<string>(IDENTIFIER_COLUMNS)
  return {
    cioId,
    id: at('id'),
    email: at('email'),
    attributes: header.map((name, index) => ({ name, index })).filter((c) => !identifiers.has(c.name) && c.name !== ''),
  }
}

/** One CSV row as a person; null for a row without a cio_id (nothing to match it on). */
export function personFromRow(row: string[], columns: ExportColumns): RemotePerson | null {
  const cioId = row[columns.cioId]
  if (!cioId) return null
  const attributes: Record<string, string> = {}
  for (const { name, index } of columns.attributes) {
    const value = row[index]
    if (value !== undefined && value !== '') attributes[name] = value
  }
  return {
    cioId,
    id: columns.id >= 0 && row[columns.id] ? row[columns.id] : null,
    email: columns.email >= 0 && row[columns.email] ? row[columns.email] : null,
    attributes,
  }
}

export interface FieldConflict {
  field: string
  base: unknown
  local: unknown
  remote: unknown
}

export interface MergedPerson {
  /** the local view: pulled values, except pending fields keep their local value */
  attributes: Attributes
  /** the new merge base: the pulled copy */
  base: Attributes
  conflicts: FieldConflict[]
  /**
   * Pending fields with nothing left to send: the remote already holds the local value
   * (same-both), or the edit equals the base while the remote moved (take-remote, the remote
   * value wins). Their outbox entries are done. Absent when no field was pending.
   */
  settled?: string[]
}

/**
 * Applies a pulled copy of a person's attributes to the stored one. Without pending fields the
 * result is simply the pulled copy twice. With them, each pending field goes through the
 * three-way rule (merge/decide.ts) against the stored base: a local edit is never overwritten,
 * only its base moves.
 */
export function mergePulledAttributes(
  stored: { attributes: Attributes; base: Attributes | null } | null,
  remote: Attributes,
  pendingFields: ReadonlySet<string>,
): MergedPerson {
  if (!stored || pendingFields.size === 0) return { attributes: { ...remote }, base: { ...remote }, conflicts: [] }
  const attributes: Attributes = { ...remote }
  const conflicts: FieldConflict[] = []
  const settled: string[] = []
  const oldBase = stored.base ?? {}
  for (const field of pendingFields) {
    const local = stored.attributes[field]
    const theirs = remote[field]
    const decision = decide(oldBase[field], local, theirs)
    // take-remote and same-both leave the pulled value in place: the local view equals it
    if (decision === 'take-remote' || decision === 'same-both') {
      settled.push(field)
      continue
    }
    if (local === undefined) delete attributes[field]
    else attributes[field] = local
    if (decision === 'conflict') conflicts.push({ field, base: oldBase[field] ?? null, local: local ?? null, remote: theirs ?? null })
  }
  return { attributes, base: { ...remote }, conflicts, settled }
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (a === undefined || b === undefined || a === null || b === null) return (a ?? null) === (b ?? null)
  return typeof a === 'object' && typeof b === 'object' && JSON.stringify(a) === JSON.stringify(b)
}

/** Same keys, same values, in any key order: a person whose attributes did not change is not rewritten. */
export function sameAttributes(a: Attributes | null, b: Attributes | null): boolean {
  if (a === b) return true
  if (!a || !b) return false
  const keys = Object.keys(a)
  if (keys.length !== Object.keys(b).length) return false
  return keys.every((k) => Object.prototype.hasOwnProperty.call(b, k) && sameValue(a[k], b[k]))
}
