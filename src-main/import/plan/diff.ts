// Field-level comparison of an import row with what the mirror holds for the person.
// The mirror keeps attributes as Customer.io returns them (strings: the export and the App API
// stringify numbers and booleans), while a validated row carries typed values. Both sides are
// compared in Customer.io's stored form, so `42` in the file and "42" in the mirror are the same
// value and the row is unchanged, and a second run of the same file sends nothing.

import type { Attributes, FieldChanges } from '../../db/json-types'
import type { FieldChange, Scalar } from '../types'

/** How Customer.io stores a value: strings as-is, numbers and booleans as text, blank = absent. */
export function storedForm(value: unknown): string | undefined {
  if (value === undefined || value === null || value === '') return undefined
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  return JSON.stringify(value)
}

/** What the mirror knows of one person: identifier columns apart from the attributes. */
export interface StoredPerson {
  pk: number
  id: string | null
  email: string | null
  cioId: string | null
  attributes: Attributes
}

/** The stored value of a field, looking at the identifier columns for `id` and `email`. */
function currentValue(person: StoredPerson, field: string): string | undefined {
  if (field === 'id') return person.id ?? undefined
  if (field === 'email') return person.email ?? undefined
  return storedForm(person.attributes[field])
}

function same(field: string, a: string | undefined, b: string | undefined): boolean {
  // Customer.io matches emails without regard to case; a case-only difference is not an update.
  if (field === 'email' && a !== undefined && b !== undefined) return a.toLowerCase() === b.toLowerCase()
  return a === b
}

/**
 * The changes a people row makes: `set` for a value the person does not have, `change` for a
 * different one, `clear` for a blank-cleared attribute the person has. A new person (no stored
 * row) gets every non-blank value as `set`; clearing on a new person is a no-op.
 */
export function diffPerson(set: Record<string, Scalar>, clear: readonly string[], stored: StoredPerson | null): FieldChange[] {
  const changes: FieldChange[] = []
  for (const field in set) {
    const value = set[field]
    const next = storedForm(value)
    const previous = stored ? currentValue(stored, field) : undefined
    if (next === undefined) {
      if (previous !== undefined) changes.push({ field, from: previous, to: undefined, kind: 'clear' })
      continue
    }
    if (same(field, previous, next)) continue
    changes.push({ field, from: previous, to: value, kind: previous === undefined ? 'set' : 'change' })
  }
  if (stored) {
    for (const field of clear) {
      if (field in set) continue
      const previous = currentValue(stored, field)
      if (previous !== undefined) changes.push({ field, from: previous, to: undefined, kind: 'clear' })
    }
  }
  return changes
}

/** FieldChange[] → the stored JSON shape (missing key = not set, as json-types.ts explains). */
export function toStoredChanges(changes: readonly FieldChange[]): FieldChanges {
  const out: FieldChanges = {}
  for (const c of changes) {
    const entry: { from?: unknown; to?: unknown } = {}
    if (c.from !== undefined) entry.from = c.from
    if (c.to !== undefined) entry.to = c.to
    out[c.field] = entry
  }
  return out
}

/** The stored JSON shape → FieldChange[], deriving each change's kind from what is present. */
export function fromStoredChanges(stored: FieldChanges | null): FieldChange[] {
  if (!stored) return []
  return Object.entries(stored).map(([field, c]) => {
    const from = asScalar(c.from)
    const to = asScalar(c.to)
    return { field, from, to, kind: to === undefined ? 'clear' : from === undefined ? 'set' : 'change' }
  })
}

function asScalar(v: unknown): Scalar | undefined {
  if (v === undefined) return undefined
  if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v
  return JSON.stringify(v)
}
