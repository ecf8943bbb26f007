// The heart of the plan: validated rows in, exactly one bucket per row out (create, update,
// unchanged, invalid, duplicate — disjoint, adding up to the rows read), with field changes old →
// new. Takes already-validated records, so it is tested without files; the plan runner feeds it
// batches from the reader and validator and hands each batch's results to a sink (SQLite).

import type { RowResult, StoredRowError } from '../import-repo'
import type { CanonicalRecord, IdentifierType, ImportOptions, PlanBucket, RowError, ValidatedRow } from '../types'
import { assessPerson, type PersonVerdict, type PlannedRow } from './assess-person'
import { lookupBatchPeople, type PeopleByType } from './batch-people'
import { KeyIndex } from './key-index'
import { matchKey, type MirrorLookup } from './mirror-lookup'
import { duplicateKeyOf, entityKeyOf, operationValues } from './record-changes'

/** A people row that the plan's reader thread has already judged against the mirror. */
export interface AssessedRow {
  row: number
  errors: RowError[]
  verdict: PersonVerdict
}

/** What the planner takes: validated rows, or people rows already judged against the mirror. */
export type PlanItem = ValidatedRow | AssessedRow

export interface PlanSink {
  /** one batch of results and errors, written together */
  write(results: RowResult[], errors: StoredRowError[]): void
  /** an earlier row became a duplicate because a later occurrence wins ('last') */
  demote(row: number, message: string): void
}

export type PlanCounts = Record<PlanBucket | 'rows' | 'errors', number>

const BUCKET_CODES: PlanBucket[] = ['create', 'update', 'unchanged', 'invalid', 'duplicate']
const NO_ERRORS: readonly RowError[] = []

export class Planner {
  readonly counts: PlanCounts = { rows: 0, create: 0, update: 0, unchanged: 0, invalid: 0, duplicate: 0, errors: 0 }
  /** people entering the import's manual segment, for the summary */
  segmentEntered = 0
  /** duplicate key → row * 8 + bucket code: compact enough for a million keys */
  private readonly seen = new KeyIndex()
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

  /**
   * Plans one batch. People rows may come judged already (`AssessedRow`: the plan's reader thread
   * does that); the rest are judged here, against `people` when the caller looked the batch's
   * people up, or against what this planner's lookup finds.
   */
  addBatch(batch: readonly PlanItem[], people?: PeopleByType): void {
    const results: RowResult[] = []
    const errors: StoredRowError[] = []
    this.current = new Map()
    const needsPeople = people === undefined && batch.some((item) => 'record' in item && item.record !== null)
    const found = needsPeople ? lookupBatchPeople(this.lookup, batch.filter((item): item is ValidatedRow => 'record' in item)) : people
    for (const item of batch) {
      this.counts.rows++
      for (const e of item.errors) errors.push({ row: e.row, column: e.column, value: e.value, message: e.message, bucket: e.severity })
      // file-level (row 0) errors come with the first row; they block every row only when the
      // validator is blocked, and then each row carries its own error as well
      const blocking = item.errors.length === 0 ? NO_ERRORS : item.errors.filter((e) => e.severity === 'invalid' && e.row === item.row)
      const record = 'record' in item ? item.record : null
      if (blocking.length > 0 || (!('verdict' in item) && !record)) {
        this.counts.errors += blocking.length
        results.push(this.count({ row: item.row, entityKey: null, bucket: 'invalid', outcome: null, changes: null, message: blocking[0]?.message ?? 'the row could not be read' }))
        continue
      }
      const verdict = 'verdict' in item ? item.verdict : record!.kind === 'people' ? assessPerson(record!, found!) : null
      const entityKey = verdict ? verdict.entityKey : keyOf(record!)
      const duplicateKey = verdict ? verdict.duplicateKey : duplicateKeyOf(record!)
      const duplicateOf = this.claim(duplicateKey, record?.kind === 'segment-members', item.row)
      if (duplicateOf !== null) {
        results.push(this.count({ row: item.row, entityKey, bucket: 'duplicate', outcome: null, changes: null, message: `repeats row ${duplicateOf}; the ${this.keep} occurrence is imported` }))
        continue
      }
      const result = verdict ? this.withFileChecks(verdict, item.row) : this.planRecord(record as Exclude<CanonicalRecord, { kind: 'people' }>, found!)
      if (result.bucket === 'invalid') {
        this.counts.errors++
        errors.push({ row: item.row, column: result.column ?? null, value: result.value ?? null, message: result.message ?? 'invalid', bucket: 'invalid' })
      }
      results.push(this.count({ row: item.row, entityKey, bucket: result.bucket, outcome: null, changes: result.changes, message: result.bucket === 'invalid' ? (result.message ?? null) : null }))
      if (duplicateKey !== null) this.seen.set(duplicateKey, item.row * 8 + BUCKET_CODES.indexOf(result.bucket))
    }
    this.sink.write(results, errors)
    this.current = new Map()
  }

  /** (a file plan's rows: never 'delete', which only an undo plan holds) */
  private count(r: RowResult & { bucket: PlanBucket }): RowResult {
    this.counts[r.bucket]++
    // only 'last' looks back at rows of the batch (claim); a million Map entries cost for nothing otherwise
    if (this.keep === 'last') this.current.set(r.row, r)
    return r
  }

  /** The row this one repeats (and is a duplicate of), or null when it counts. */
  private claim(key: string | null, segmentMember: boolean, row: number): number | null {
    if (key === null) return null
    const earlier = this.seen.get(key)
    if (earlier === undefined) return null
    const earlierRow = Math.floor(earlier / 8)
    if (this.keep === 'first') return earlierRow
    // 'last': the earlier occurrence steps back; it was counted in its own bucket until now
    const bucket = BUCKET_CODES[earlier % 8]
    this.counts[bucket]--
    this.counts.duplicate++
    if (bucket === 'create' && segmentMember) this.segmentEntered--
    const message = `repeated by row ${row}; the last occurrence is imported`
    const pending = this.current.get(earlierRow)
    // still in this batch: changed before it is written; otherwise the sink rewrites the stored row
    if (pending) Object.assign(pending, { bucket: 'duplicate', changes: null, message })
    else this.sink.demote(earlierRow, message)
    return null
  }

  /**
   * A people row's verdict after the check that needs the whole file: a new email (one nobody in
   * the mirror holds) given to two people by two rows is refused on the second row (Customer.io
   * would refuse one of the two, or merge them); otherwise it is remembered.
   */
  private withFileChecks(verdict: PersonVerdict, row: number): PlannedRow {
    const email = verdict.claimEmail
    if (email === null) return verdict.plan
    const lower = matchKey('email', email)
    const earlier = this.newEmails.get(lower)
    if (earlier && earlier.key !== verdict.duplicateKey) {
      const who = earlier.key.startsWith('email:') ? 'a person created by email' : earlier.key.replace(':', ' ')
      return { bucket: 'invalid', changes: null, column: 'email', value: email, message: `email ${email} is also given to ${who} on row ${earlier.row} of this file; one email cannot belong to two people` }
    }
    if (!earlier) this.newEmails.set(lower, { key: verdict.duplicateKey, row })
    return verdict.plan
  }

  /** Rows of the other kinds (people rows are judged by `assessPerson`). */
  private planRecord(record: Exclude<CanonicalRecord, { kind: 'people' }>, people: PeopleByType): PlannedRow {
    const personOf = (type: IdentifierType, value: string) => people[type].get(matchKey(type, value)) ?? null
    switch (record.kind) {
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

function keyOf(record: CanonicalRecord): string | null {
  return record.kind === 'collection' ? null : entityKeyOf(record.identifier)
}

function isDevice(d: unknown): d is { id: string; platform: string } {
  return typeof d === 'object' && d !== null && typeof (d as { id?: unknown }).id === 'string'
}
