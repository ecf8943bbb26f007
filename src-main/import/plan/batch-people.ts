// Which people of the mirror a batch of validated rows needs, asked once per identifier type.
// Pure apart from the lookup it is given, so the plan can run it on its reader thread (with a
// read-only connection of its own) or inline (in-memory mirrors, fix-row, tests).

import type { IdentifierType, ValidatedRow } from '../types'
import { matchKey, sameEmail, type MirrorLookup, type MirrorPerson } from './mirror-lookup'

/** a batch's people in the mirror, by identifier type, keyed by `matchKey` */
export type PeopleByType = Record<IdentifierType, Map<string, MirrorPerson>>

/**
 * People rows fetch only the attributes the batch sets or clears (all a diff reads). An email set
 * on someone matched by id or cio_id must not belong to another person, so its holder is looked up
 * too, but only when it is not already that person's own email: an update file that leaves emails
 * alone then costs one index probe per row, not two. Such an email looked up only to find its
 * holder fetches no attributes at all.
 */
export function lookupBatchPeople(lookup: Pick<MirrorLookup, 'find'>, batch: readonly ValidatedRow[]): PeopleByType {
  const keys = { id: [] as string[], email: [] as string[], cio_id: [] as string[] }
  const identifiedBy = new Set<IdentifierType>()
  const holderChecks: { type: IdentifierType; value: string; email: string }[] = []
  let fields: Set<string> | null = new Set<string>()
  for (const item of batch) {
    const r = item.record
    if (!r || r.kind === 'collection' || r.kind === 'events' || r.kind === 'relationships') continue
    keys[r.identifier.type].push(r.identifier.value)
    identifiedBy.add(r.identifier.type)
    if (r.kind !== 'people') {
      fields = null
      continue
    }
    if (fields !== null) {
      for (const f in r.set) fields.add(f)
      for (const f of r.clear) fields.add(f)
    }
    if (r.identifier.type !== 'email' && typeof r.set.email === 'string' && r.set.email !== '') holderChecks.push({ type: r.identifier.type, value: r.identifier.value, email: r.set.email })
  }
  const wanted = fields === null ? undefined : [...fields]
  const id = lookup.find('id', keys.id, wanted)
  const cioId = lookup.find('cio_id', keys.cio_id, wanted)
  for (const check of holderChecks) {
    const stored = (check.type === 'id' ? id : cioId).get(matchKey(check.type, check.value))
    if (stored?.email != null && sameEmail(stored.email, check.email)) continue
    keys.email.push(check.email)
  }
  const email = lookup.find('email', keys.email, !identifiedBy.has('email') && wanted !== undefined ? [] : wanted)
  return { id, email, cio_id: cioId }
}
