// The heart of the plan: validated rows in, exactly one bucket per row out (create, update,
// unchanged, invalid, duplicate — disjoint, adding up to the rows read), with field changes old →
// new. Takes already-validated records, so it is tested without files; the plan runner feeds it
// batches from the reader and validator and hands each batch's results to a sink (SQLite).

import type { FieldChanges } from '../../db/json-types'
import type { RowResult, StoredRowError } from '../import-repo'
import type { CanonicalRecord, IdentifierType, ImportOptions, PlanBucket, RowError } from '../types'
import { diffPerson, toStoredChanges } from './diff'
import { matchKey, type MirrorLookup, type MirrorPerson } from './mirror-lookup'
import { duplicateKeyOf, entityKeyOf, operationValues } from './record-changes'

export interface ValidatedRow {
  row: number
  record: CanonicalRecord | null
  errors: RowError[]
}

export interface PlanSink {
  /** one batch of results and errors, written together */
  write(results: RowResult[], errors: StoredRowError[]): void
  /** an earlier row became a duplicate because a later occurrence wins ('last') */
  demote(row: number, message: string): void
}

export type PlanCounts = Record<PlanBucket | 'rows' | 'errors', number>

const BUCKET_CODES: PlanBucket[] = ['create', 'update', 'unchanged', 'invalid', 'duplicate']

export class Planner {
  readonly counts: PlanCounts = { rows: 0, create: 0, update: 0, unchanged: 0, invalid: 0, duplicate: 0, errors: 0 }
  /** people entering the import's manual segment, for the summary */
  segmentEntered = 0
  /** duplicate key → row * 8 + bucket code: compact enough for a million keys */
  private readonly seen = new Map<string, number>()
  private readonly keep: 'first' | 'last'
  /** the results of the batch being planned, not yet handed to the sink */
  private current = new Map<number, RowResult>()
  /**
   * Emails this file gives to people and that the mirror does not know yet (lower-cased) → the
   * person's duplicate key and row. The mirror check catches an email someone already holds; this
   * catches two rows of the same file giving one new email to two people. Only new emails are
   * kept, so an update file whose emails do not change costs no memory here.
   */
  private readonly newEmails = new Map<string, { key: string; row: number }>()

  constructor(
    private readonly options: ImportOptions,
    private readonly lookup: Pick<MirrorLookup, 'find' | 'members'>,
    private readonly sink: PlanSink,
  ) {
    this.keep = options.duplicates ?? 'first'
  }

  addBatch(batch: ValidatedRow[]): void {
    const people = this.peopleOf(batch)
    const results: RowResult[] = []
    const errors: StoredRowError[] = []
    this.current = new Map()
    for (const item of batch) {
      this.counts.rows++
      for (const e of item.errors) errors.push({ row: e.row, column: e.column, value: e.value, message: e.message, bucket: e.severity })
      // file-level (row 0) errors come with the first row; they block every row only when the
      // validator is blocked, and then each row carries its own error as well
      const blocking = item.errors.filter((e) => e.severity === 'invalid' && e.row === item.row)
      if (blocking.length > 0 || !item.record) {
        this.counts.errors += blocking.length
        results.push(this.count({ row: item.row, entityKey: null, bucket: 'invalid', outcome: null, changes: null, message: blocking[0]?.message ?? 'the row could not be read' }))
        continue
      }
      const record = item.record
      const duplicateKey = duplicateKeyOf(record)
      const duplicateOf = this.claim(duplicateKey, record, item.row)
      if (duplicateOf !== null) {
        results.push(this.count({ row: item.row, entityKey: keyOf(record), bucket: 'duplicate', outcome: null, changes: null, message: `repeats row ${duplicateOf}; the ${this.keep} occurrence is imported` }))
        continue
      }
      const result = this.planRecord(record, people)
      if (result.bucket === 'invalid') {
        this.counts.errors++
        errors.push({ row: item.row, column: result.column ?? null, value: result.value ?? null, message: result.message ?? 'invalid', bucket: 'invalid' })
      }
      results.push(this.count({ row: item.row, entityKey: keyOf(record), bucket: result.bucket, outcome: null, changes: result.changes, message: result.bucket === 'invalid' ? (result.message ?? null) : null }))
      if (duplicateKey !== null) this.seen.set(duplicateKey, item.row * 8 + BUCKET_CODES.indexOf(result.bucket))
    }
    this.sink.write(results, errors)
    this.current = new Map()
  }

  private count(r: RowResult): RowResult {
    this.counts[r.bucket]++
    this.current.set(r.row, r)
    return r
  }

  /** The row this one repeats (and is a duplicate of), or null when it counts. */
  private claim(key: string | null, record: CanonicalRecord, row: number): number | null {
    if (key === null) return null
    const earlier = this.seen.get(key)
    if (earlier === undefined) return null
    const earlierRow = Math.floor(earlier / 8)
    if (this.keep === 'first') return earlierRow
    // 'last': the earlier occurrence steps back; it was counted in its own bucket until now
    const bucket = BUCKET_CODES[earlier % 8]
    this.counts[bucket]--
    this.counts.duplicate++
    if (bucket === 'create' && record.kind === 'segment-members') this.segmentEntered--
    const message = `repeated by row ${row}; the last occurrence is imported`
    const pending = this.current.get(earlierRow)
    // still in this batch: changed before it is written; otherwise the sink rewrites the stored row
    if (pending) Object.assign(pending, { bucket: 'duplicate', changes: null, message })
    else this.sink.demote(earlierRow, message)
    return null
  }

  /**
   * One query per identifier type for the whole batch. People rows fetch only the attributes the
   * batch sets or clears (all a diff reads); an email looked up only to check who holds it (rows
   * matched by id or cio_id) fetches no attributes at all.
   */
  private peopleOf(batch: ValidatedRow[]): PeopleByType {
    const byType = { id: [] as string[], email: [] as string[], cio_id: [] as string[] }
    const identifiedBy = new Set<string>()
    let fields: Set<string> | null = new Set<string>()
    for (const item of batch) {
      const r = item.record
      if (!r || r.kind === 'collection' || r.kind === 'events' || r.kind === 'relationships') continue
      byType[r.identifier.type].push(r.identifier.value)
      identifiedBy.add(r.identifier.type)
      if (r.kind !== 'people') {
        fields = null
        continue
      }
      if (fields !== null) {
        for (const f in r.set) fields.add(f)
        for (const f of r.clear) fields.add(f)
      }
      // an email set on someone matched by id must not belong to another person
      if (r.identifier.type !== 'email' && typeof r.set.email === 'string' && r.set.email !== '') byType.email.push(r.set.email)
    }
    const wanted = fields === null ? undefined : [...fields]
    const find = (type: IdentifierType) => this.lookup.find(type, byType[type], type === 'email' && !identifiedBy.has('email') && wanted !== undefined ? [] : wanted)
    return { id: find('id'), email: find('email'), cio_id: find('cio_id') }
  }

  /**
   * A row that gives a person an email nobody in the mirror holds: refused when an earlier row of
   * the file gave that email to someone else (Customer.io would refuse one of the two, or merge
   * them), recorded otherwise. Rows keyed by email claim their own email when they create a person.
   */
  private claimNewEmail(record: Extract<CanonicalRecord, { kind: 'people' }>, stored: MirrorPerson | null, personOf: (type: IdentifierType, value: string) => MirrorPerson | null): PlannedRow | null {
    const byEmail = record.identifier.type === 'email'
    const email = byEmail ? (stored ? null : record.identifier.value) : typeof record.set.email === 'string' && record.set.email !== '' ? record.set.email : null
    if (email === null) return null
    if (!byEmail && (personOf('email', email) !== null || (stored?.email ?? '').toLowerCase() === email.trim().toLowerCase())) return null
    const lower = matchKey('email', email)
    const key = duplicateKeyOf(record) ?? ''
    const earlier = this.newEmails.get(lower)
    if (earlier && earlier.key !== key) {
      const who = earlier.key.startsWith('email:') ? 'a person created by email' : earlier.key.replace(':', ' ')
      return { bucket: 'invalid', changes: null, column: 'email', value: email, message: `email ${email} is also given to ${who} on row ${earlier.row} of this file; one email cannot belong to two people` }
    }
    if (!earlier) this.newEmails.set(lower, { key, row: record.row })
    return null
  }

  private planRecord(record: CanonicalRecord, people: PeopleByType): PlannedRow {
    const personOf = (type: IdentifierType, value: string) => people[type].get(matchKey(type, value)) ?? null
    switch (record.kind) {
      case 'people': {
        const stored = personOf(record.identifier.type, record.identifier.value)
        const email = record.set.email
        if (record.identifier.type !== 'email' && typeof email === 'string' && email !== '') {
          const holder = personOf('email', email)
          if (holder && holder.pk !== stored?.pk) {
            const who = holder.id !== null ? `id ${holder.id}` : holder.cioId !== null ? `cio_id ${holder.cioId}` : 'another person'
            return { bucket: 'invalid', changes: null, column: 'email', value: email, message: `email ${email} already belongs to another person (${who}) in the mirror; Customer.io would refuse the change` }
          }
        }
        const clash = this.claimNewEmail(record, stored, personOf)
        if (clash) return clash
        if (!stored && record.identifier.type === 'cio_id') {
          // Customer.io silently drops an identify for a cio_id it does not know (§3.1): never a create
          return { bucket: 'invalid', changes: null, column: null, value: record.identifier.value, message: `cio_id ${record.identifier.value} is not in the mirror; a cio_id can only update an existing person (pull first, or identify by id or email)` }
        }
        const changes = diffPerson(record.set, record.clear, stored)
        if (!stored) return { bucket: 'create', changes: toStoredChanges(changes) }
        return { bucket: changes.length === 0 ? 'unchanged' : 'update', changes: changes.length === 0 ? null : toStoredChanges(changes) }
      }
      case 'segment-members': {
        const person = personOf(record.identifier.type, record.identifier.value)
        const member = person?.cioId && this.options.segmentId !== undefined ? this.lookup.members(this.options.segmentId, [person.cioId]).has(person.cioId) : false
        const changes = operationValues(record, this.options.segmentId)
        if (record.action === 'add') {
          if (member) return { bucket: 'unchanged', changes: null }
          this.segmentEntered++
          return { bucket: 'create', changes }
        }
        return person && !member ? { bucket: 'unchanged', changes: null } : { bucket: 'update', changes }
      }
      case 'devices': {
        const person = personOf(record.identifier.type, record.identifier.value)
        const known = (person?.devices ?? []).some((d) => isDevice(d) && d.id === record.token && d.platform === record.platform)
        return known && record.lastUsed === null && Object.keys(record.attributes).length === 0 ? { bucket: 'unchanged', changes: null } : { bucket: 'create', changes: operationValues(record, undefined) }
      }
      default:
        return { bucket: 'create', changes: operationValues(record, this.options.segmentId) }
    }
  }
}

/** a batch's people in the mirror, by identifier type, keyed by `matchKey` */
type PeopleByType = Record<IdentifierType, Map<string, MirrorPerson>>

interface PlannedRow {
  bucket: PlanBucket
  changes: FieldChanges | null
  column?: string | null
  value?: string | null
  message?: string
}

function keyOf(record: CanonicalRecord): string | null {
  return record.kind === 'collection' ? null : entityKeyOf(record.identifier)
}

function isDevice(d: unknown): d is { id: string; platform: string } {
  return typeof d === 'object' && d !== null && typeof (d as { id?: unknown }).id === 'string'
}
