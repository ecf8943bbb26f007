// A people row judged against the mirror alone: everything about it that does not depend on the
// rest of the file. Pure, so the plan's reader thread can judge rows beside the planner, which then
// applies only the checks that need the whole file (duplicates, one new email given to two people).

import type { FieldChanges } from '../../db/json-types'
import type { CanonicalRecord, IdentifierType, PlanBucket } from '../types'
import type { PeopleByType } from './batch-people'
import { diffPerson, toStoredChanges } from './diff'
import { matchKey, sameEmail, type MirrorPerson } from './mirror-lookup'
import { duplicateKeyOf, entityKeyOf } from './record-changes'

export interface PlannedRow {
  bucket: PlanBucket
  changes: FieldChanges | null
  column?: string | null
  value?: string | null
  message?: string
}

export interface PersonVerdict {
  entityKey: string
  duplicateKey: string
  /**
   * An email this row gives a person and that nobody in the mirror holds: the planner refuses the
   * row when an earlier row of the file gave it to someone else, and remembers it otherwise.
   * Null when there is none, or when `plan` already refuses the row for its email.
   */
  claimEmail: string | null
  /** the row's plan when the file-wide checks pass */
  plan: PlannedRow
}

type PeopleRecord = Extract<CanonicalRecord, { kind: 'people' }>

/** the mirror's person for an identifier value (a plain function: a closure per row costs measurable time on a million rows) */
function personOf(people: PeopleByType, type: IdentifierType, value: string): MirrorPerson | null {
  const found = people[type]
  // most batches look up no email holder: no key to normalise then
  return found.size === 0 ? null : (found.get(matchKey(type, value)) ?? null)
}

export function assessPerson(record: PeopleRecord, people: PeopleByType): PersonVerdict {
  const entityKey = entityKeyOf(record.identifier)
  // for ids and cio_ids the duplicate key is the entity key itself
  const duplicateKey = record.identifier.type === 'email' ? (duplicateKeyOf(record) ?? entityKey) : entityKey
  const stored = personOf(people, record.identifier.type, record.identifier.value)
  const email = record.set.email
  if (record.identifier.type !== 'email' && typeof email === 'string' && email !== '') {
    const holder = personOf(people, 'email', email)
    if (holder && holder.pk !== stored?.pk) {
      const who = holder.id !== null ? `id ${holder.id}` : holder.cioId !== null ? `cio_id ${holder.cioId}` : 'another person'
      return { entityKey, duplicateKey, claimEmail: null, plan: { bucket: 'invalid', changes: null, column: 'email', value: email, message: `email ${email} already belongs to another person (${who}) in the mirror; Customer.io would refuse the change` } }
    }
  }
  const claimEmail = newEmailOf(record, stored, people)
  if (!stored && record.identifier.type === 'cio_id') {
    // Customer.io silently drops an identify for a cio_id it does not know (docs/customerio-api.md §3.1): never a create
    const message = `cio_id ${record.identifier.value} is not in the mirror; a cio_id can only update an existing person (pull first, or identify by id or email)`
    return { entityKey, duplicateKey, claimEmail, plan: { bucket: 'invalid', changes: null, column: null, value: record.identifier.value, message } }
  }
  const changes = diffPerson(record.set, record.clear, stored)
  const plan: PlannedRow = !stored
    ? { bucket: 'create', changes: toStoredChanges(changes) }
    : { bucket: changes.length === 0 ? 'unchanged' : 'update', changes: changes.length === 0 ? null : toStoredChanges(changes) }
  return { entityKey, duplicateKey, claimEmail, plan }
}

/** The email a row gives a person when nobody in the mirror holds it yet; rows keyed by email claim their own email when they create a person. */
function newEmailOf(record: PeopleRecord, stored: MirrorPerson | null, people: PeopleByType): string | null {
  const byEmail = record.identifier.type === 'email'
  const email = byEmail ? (stored ? null : record.identifier.value) : typeof record.set.email === 'string' && record.set.email !== '' ? record.set.email : null
  if (email === null) return null
  if (!byEmail && (sameEmail(stored?.email ?? '', email) || personOf(people, 'email', email) !== null)) return null
  return email
}
