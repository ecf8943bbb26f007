// The three-way merge of one field (docs/DESIGN.md "Sync semantics"): base = the last synced value,
// local = the pending edit (or the local view), remote = what Customer.io holds now. Pulls and
// pushes both call this, so an edit is kept, sent, settled or held back by exactly one rule.
//
// Values are compared as Customer.io stores them: the App API and exports return every attribute
// as a string, while an edit may carry a number or a boolean, so `42` and "42" are the same value.
// Absent, null and "" are all "not set": Customer.io removes an attribute set to null or "".

export type Decision =
  /** nobody changed it */
  | 'unchanged'
  /** only the remote changed it: the mirror takes the remote value */
  | 'take-remote'
  /** only the local edit changed it: it is sent */
  | 'push-local'
  /** both changed it to the same value: nothing to send, the base moves */
  | 'same-both'
  /** both changed it, differently: the user decides */
  | 'conflict'

/** A value in Customer.io's stored form: a string, or undefined for "not set". */
export function storedValue(value: unknown): string | undefined {
  if (value === undefined || value === null || value === '') return undefined
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value)
  return canonicalJson(value)
}

/** JSON with object keys sorted, so two objects that differ only in key order compare equal. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  )
}

/** Same value as Customer.io would store it. */
export function sameStored(a: unknown, b: unknown): boolean {
  return storedValue(a) === storedValue(b)
}

export function decide(base: unknown, local: unknown, remote: unknown): Decision {
  const b = storedValue(base)
  const l = storedValue(local)
  const r = storedValue(remote)
  if (l === b) return r === b ? 'unchanged' : 'take-remote'
  if (r === b) return 'push-local'
  return l === r ? 'same-both' : 'conflict'
}

/**
 * The same rule for an email, which Customer.io matches without regard to case: a case-only
 * difference is no change.
 */
export function decideEmail(base: unknown, local: unknown, remote: unknown): Decision {
  const lower = (v: unknown) => (typeof v === 'string' ? v.toLowerCase() : v)
  return decide(lower(base), lower(local), lower(remote))
}
