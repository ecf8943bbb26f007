// An import's row results (import_row_results) and row errors (import_errors): every statement on
// the two tables, the plan's writes (up to millions of rows) and the queries of the review, the
// push, the re-check before it and the undo, so what a plan stores per row can change here alone.
// Statements are prepared once per repository and reused; the push runs some once per row.

import type Database from 'better-sqlite3'
import { StatementCache } from '../db/sql-cache'
import type { FieldChanges } from '../db/json-types'
import type { PlanBucket } from './types'

/** A row result as SQLite gives it (toRowResult below reads it). */
export interface RawRowResult {
  row: number
  entity_key: string | null
  bucket: string
  outcome: string | null
  changes: string | null
  message: string | null
}

export type RowBucket = PlanBucket | 'delete'

export interface RowResult {
  row: number
  entityKey: string | null
  bucket: RowBucket
  outcome: 'accepted' | 'rejected' | 'skipped' | null
  changes: FieldChanges | null
  message: string | null
}

export interface StoredRowError {
  row: number
  column: string | null
  value: string | null
  message: string
  bucket: 'invalid' | 'warning' | 'rejected'
}

export function toRowResult(r: RawRowResult): RowResult {
  return {
    row: r.row,
    entityKey: r.entity_key,
    bucket: r.bucket as RowBucket,
    outcome: r.outcome as RowResult['outcome'],
    changes: r.changes === null ? null : (JSON.parse(r.changes) as FieldChanges),
    message: r.message,
  }
}

/** `job = <the import's number>`: every statement below reads one import's rows. */
const OF_IMPORT = 'job = (SELECT num FROM import_jobs WHERE id = ?)'
const ONLY_ROWS = 'row IN (SELECT value FROM json_each(?))'
/**
 * The bucket index holds every row but unchanged ones (migration 0013): a query on other buckets
 * says so, or SQLite cannot use the index and reads all of the import's rows.
 */
export const NOT_UNCHANGED = "bucket != 'unchanged'"
const COLUMNS = 'row, entity_key, bucket, outcome, changes, message'

/** Rows a push may still send; `only` (a JSON array of row numbers) limits it to a re-push of fixed rows. */
const pending = (only: string | null) => `${OF_IMPORT} AND bucket IN ('create', 'update', 'delete') AND ${NOT_UNCHANGED} AND outcome IS NULL${only ? ` AND ${ONLY_ROWS}` : ''}`
const pendingArgs = (importId: string, only: string | null) => (only ? [importId, only] : [importId])

// the statements run once per row, built once
const INSERT_OR_REPLACE = 'INSERT OR REPLACE INTO import_row_results (job, row, entity_key, bucket, outcome, changes, message) VALUES ((SELECT num FROM import_jobs WHERE id = ?), ?, ?, ?, ?, ?, ?)'
const INSERT_ERROR = 'INSERT INTO import_errors (job_id, row, "column", value, message, bucket) VALUES (?, ?, ?, ?, ?, ?)'
const SET_OUTCOME = `UPDATE import_row_results SET outcome = ?, message = ? WHERE ${OF_IMPORT} AND row = ?`
const DEMOTE = `UPDATE import_row_results SET bucket = 'duplicate', changes = NULL, message = ? WHERE ${OF_IMPORT} AND row = ?`

export interface RowFilter {
  /** a plan bucket, or 'rejected' (an outcome of the push) */
  bucket?: string
  /** the file's column and the field it maps to: a row matches when it changes that field or has an error in that column */
  column?: { column: string; target: string }
}

export class RowResultsRepo {
  private readonly statements: StatementCache
  /** multi-row INSERTs of fresh plan rows, by shape and row count (prepared on first use) */
  private readonly freshStatements = new Map<string, Database.Statement>()

  constructor(private readonly sqlite: Database.Database) {
    this.statements = new StatementCache(sqlite)
  }

  /** Call inside a transaction: one statement per row, prepared once. */
  putRow(importId: string, r: RowResult): void {
    this.statements.get(INSERT_OR_REPLACE).run(importId, r.row, r.entityKey, r.bucket, r.outcome, r.changes === null ? null : JSON.stringify(r.changes), r.message)
  }

  /**
   * Call inside a transaction, for rows the plan has not written yet (a plan deletes its rows
   * before it starts): plain multi-row INSERTs, FRESH_ROWS_PER_STATEMENT rows per statement,
   * which SQLite takes several times faster than one INSERT OR REPLACE per row. Bare unchanged
   * rows (most of an update file's) bind three values, not seven: 30 % less time in SQLite for
   * them (bench/import/RESULTS.md, Session 10).
   */
  putFreshRows(importId: string, rows: readonly RowResult[]): void {
    const job = this.jobNumber(importId)
    const bare: RowResult[] = []
    const full: RowResult[] = []
    for (const r of rows) (isBareUnchanged(r) ? bare : full).push(r)
    this.insertFresh(full, (values, r) => values.push(job, r.row, r.entityKey, r.bucket, r.outcome, r.changes === null ? null : JSON.stringify(r.changes), r.message), FRESH_FULL)
    this.insertFresh(bare, (values, r) => values.push(job, r.row, r.entityKey), FRESH_BARE_UNCHANGED)
  }

  private insertFresh(rows: readonly RowResult[], bind: (values: unknown[], r: RowResult) => void, shape: FreshRowShape): void {
    const values: unknown[] = []
    for (let i = 0; i < rows.length; i += FRESH_ROWS_PER_STATEMENT) {
      const end = Math.min(rows.length, i + FRESH_ROWS_PER_STATEMENT)
      values.length = 0
      for (let j = i; j < end; j++) bind(values, rows[j])
      this.freshStatement(shape, end - i).run(values)
    }
  }

  /** The import's compact number (import_jobs.num), the key of its row results. */
  jobNumber(importId: string): number {
    const num = this.statements.get('SELECT num FROM import_jobs WHERE id = ?').pluck().get(importId) as number | null | undefined
    if (num === undefined || num === null) throw new Error(`import ${importId} has no number`)
    return num
  }

  private freshStatement(shape: FreshRowShape, count: number): Database.Statement {
    const key = `${shape.columns}/${count}`
    let stmt = this.freshStatements.get(key)
    if (!stmt) {
      stmt = this.sqlite.prepare(`INSERT INTO import_row_results (${shape.columns}) VALUES ${Array(count).fill(shape.values).join(', ')}`)
      this.freshStatements.set(key, stmt)
    }
    return stmt
  }

  putError(importId: string, e: StoredRowError): void {
    this.statements.get(INSERT_ERROR).run(importId, e.row, e.column, e.value, e.message, e.bucket)
  }

  row(importId: string, row: number): RowResult | null {
    const r = this.statements.get(`SELECT ${COLUMNS} FROM import_row_results WHERE ${OF_IMPORT} AND row = ?`).get(importId, row) as RawRowResult | undefined
    return r ? toRowResult(r) : null
  }

  errorsOf(importId: string, row: number): StoredRowError[] {
    return this.statements.get('SELECT row, "column", value, message, bucket FROM import_errors WHERE job_id = ? AND row = ? ORDER BY id').all(importId, row) as StoredRowError[]
  }

  firstErrors(importId: string, limit: number): StoredRowError[] {
    return this.statements.get('SELECT row, "column", value, message, bucket FROM import_errors WHERE job_id = ? AND bucket != \'warning\' ORDER BY row, id LIMIT ?').all(importId, limit) as StoredRowError[]
  }

  /**
   * The first warnings (a cell converted or flagged: control characters, �, formula-like, NULs
   * removed; row 0 for the file): the review and the CLI list them before a push, as the rules
   * require of any conversion of a cell. They never block a row.
   */
  firstWarnings(importId: string, limit: number): StoredRowError[] {
    return this.statements.get('SELECT row, "column", value, message, bucket FROM import_errors WHERE job_id = ? AND bucket = \'warning\' ORDER BY row, id LIMIT ?').all(importId, limit) as StoredRowError[]
  }

  warningCount(importId: string): number {
    return this.statements.get("SELECT count(*) FROM import_errors WHERE job_id = ? AND bucket = 'warning'").pluck().get(importId) as number
  }

  errorCount(importId: string): number {
    return this.statements.get("SELECT count(*) FROM import_errors WHERE job_id = ? AND bucket != 'warning'").pluck().get(importId) as number
  }

  deleteErrors(importId: string, row: number, buckets: StoredRowError['bucket'][]): void {
    this.statements.get(`DELETE FROM import_errors WHERE job_id = ? AND row = ? AND bucket IN (${buckets.map(() => '?').join(', ')})`).run(importId, row, ...buckets)
  }

  /** A plan starting (again): its rows and their errors go. */
  clearPlan(importId: string): void {
    this.clearRows(importId)
    this.statements.get('DELETE FROM import_errors WHERE job_id = ?').run(importId)
  }

  clearRows(importId: string): void {
    this.statements.get(`DELETE FROM import_row_results WHERE ${OF_IMPORT}`).run(importId)
  }

  /** An earlier row became a duplicate because a later occurrence wins (`duplicates: 'last'`). */
  demoteToDuplicate(importId: string, row: number, message: string): void {
    this.statements.get(DEMOTE).run(message, importId, row)
  }

  /** The review's and the report's page of rows, in file order, with the number of rows that match. */
  page(importId: string, filter: RowFilter, offset: number, limit: number): { total: number; rows: RawRowResult[] } {
    const where: string[] = [`r.${OF_IMPORT}`]
    const args: unknown[] = [importId]
    if (filter.bucket === 'rejected') where.push("r.outcome = 'rejected'")
    else if (filter.bucket) {
      where.push('r.bucket = ?')
      if (filter.bucket !== 'unchanged') where.push(`r.${NOT_UNCHANGED}`)
      args.push(filter.bucket)
    }
    if (filter.column) {
      const { column, target } = filter.column
      where.push(
        `(EXISTS (SELECT 1 FROM json_each(r.changes) j WHERE j.key IN (?, ?, 'data.' || ?, 'attributes.' || ?))
        OR EXISTS (SELECT 1 FROM import_errors e WHERE e.job_id = ? AND e.row = r.row AND e."column" IN (?, ?)))`,
      )
      args.push(column, target, target, target, importId, column, target)
    }
    const clause = where.join(' AND ')
    const total = this.statements.get(`SELECT count(*) FROM import_row_results r WHERE ${clause}`).pluck().get(...args) as number
    const rows = this.statements.get(`SELECT r.row, r.entity_key, r.bucket, r.outcome, r.changes, r.message FROM import_row_results r WHERE ${clause} ORDER BY r.row LIMIT ? OFFSET ?`).all(...args, limit, offset) as RawRowResult[]
    return { total, rows }
  }

  /** Rows that did not go through (invalid, or refused by Customer.io) with every message of each: plan errors first, then the refusal. */
  failedRows(importId: string): { row: number; reason: 'invalid' | 'rejected'; message: string | null }[] {
    return this.statements.get(
      `SELECT r.row AS row, CASE WHEN r.outcome = 'rejected' THEN 'rejected' ELSE 'invalid' END AS reason,
         coalesce((SELECT group_concat(coalesce(e."column" || ': ', '') || e.message, '; ') FROM import_errors e WHERE e.job_id = j.id AND e.row = r.row AND e.bucket IN ('invalid', 'rejected')), r.message) AS message
       FROM import_row_results r JOIN import_jobs j ON j.num = r.job WHERE j.id = ? AND (r.bucket = 'invalid' OR r.outcome = 'rejected') ORDER BY r.row`,
    ).all(importId) as { row: number; reason: 'invalid' | 'rejected'; message: string | null }[]
  }

  duplicateCount(importId: string): number {
    return this.statements.get(`SELECT count(*) FROM import_row_results WHERE ${OF_IMPORT} AND bucket = 'duplicate' AND ${NOT_UNCHANGED}`).pluck().get(importId) as number
  }

  /** The first duplicate rows, whose messages name the row each repeats. */
  firstDuplicates(importId: string, limit: number): { row: number; message: string | null }[] {
    return this.statements.get(`SELECT row, message FROM import_row_results WHERE ${OF_IMPORT} AND bucket = 'duplicate' AND ${NOT_UNCHANGED} ORDER BY row LIMIT ?`).all(importId, limit) as { row: number; message: string | null }[]
  }

  /**
   * People a plan gives the attribute `name` (one of `namesJson`, the new ones): how many, how many
   * of them exist already, and how many of those change nothing but new attributes.
   */
  newAttributeSetters(importId: string, namesJson: string, name: string): { people: number; existingPeople: number; onlyChange: number } {
    return this.statements.get(
      `SELECT count(*) AS people, coalesce(sum(bucket = 'update'), 0) AS existingPeople, coalesce(sum(bucket = 'update' AND NOT EXISTS (SELECT 1 FROM json_each(r.changes) k WHERE k.key NOT IN (SELECT value FROM json_each(?)))), 0) AS onlyChange
       FROM import_row_results r WHERE r.${OF_IMPORT} AND r.bucket IN ('create', 'update') AND r.${NOT_UNCHANGED} AND instr(r.changes, ?) > 0
         AND EXISTS (SELECT 1 FROM json_each(r.changes) j WHERE j.key = ?)`,
    ).get(namesJson, importId, JSON.stringify(name), name) as { people: number; existingPeople: number; onlyChange: number }
  }

  /** The re-check's page: rows a push may still send or skip (pending creates and updates, unchanged rows) after `after`. */
  recheckCandidates(importId: string, only: string | null, after: number, limit: number): { row: number; key: string }[] {
    const sql = `SELECT row, entity_key AS key FROM import_row_results WHERE ${OF_IMPORT} AND bucket IN ('create', 'update', 'unchanged') AND outcome IS NULL AND entity_key IS NOT NULL
     ${only ? `AND ${ONLY_ROWS}` : ''} AND row > ? ORDER BY row LIMIT ${limit}`
    return this.statements.get(sql).all(...pendingArgs(importId, only), after) as { row: number; key: string }[]
  }

  pendingCount(importId: string, only: string | null): number {
    return this.statements.get(`SELECT count(*) FROM import_row_results WHERE ${pending(only)}`).pluck().get(...pendingArgs(importId, only)) as number
  }

  pendingPage(importId: string, only: string | null, after: number, limit: number): RawRowResult[] {
    return this.statements.get(`SELECT ${COLUMNS} FROM import_row_results WHERE ${pending(only)} AND row > ? ORDER BY row LIMIT ${limit}`).all(...pendingArgs(importId, only), after) as RawRowResult[]
  }

  /** Called once per row a push sends. */
  setOutcome(importId: string, row: number, outcome: string, message: string | null): void {
    this.statements.get(SET_OUTCOME).run(outcome, message, importId, row)
  }

  /** Pending rows of a sent request whose answer was lost and that is not sent again. */
  skipPendingBetween(importId: string, only: string | null, firstRow: number, lastRow: number, message: string): void {
    this.statements.get(`UPDATE import_row_results SET outcome = 'skipped', message = ? WHERE ${pending(only)} AND row BETWEEN ? AND ?`).run(message, ...pendingArgs(importId, only), firstRow, lastRow)
  }

  outcomeCounts(importId: string): { outcome: string | null; n: number }[] {
    return this.statements.get(`SELECT outcome, count(*) AS n FROM import_row_results WHERE ${OF_IMPORT} GROUP BY outcome`).all(importId) as { outcome: string | null; n: number }[]
  }

  firstRejected(importId: string, limit: number): { row: number; message: string | null }[] {
    return this.statements.get(`SELECT row, message FROM import_row_results WHERE ${OF_IMPORT} AND outcome = 'rejected' ORDER BY row LIMIT ?`).all(importId, limit) as { row: number; message: string | null }[]
  }

  /**
   * Fixed rows pushed again become pending: their outcome and refusal go. Answers how many of
   * them had been refused (the import's rejected count goes down by as many). Call in a transaction.
   */
  reopenRows(importId: string, rowsJson: string): number {
    const wasRejected = this.statements.get(`SELECT count(*) FROM import_row_results WHERE ${OF_IMPORT} AND outcome = 'rejected' AND ${ONLY_ROWS}`).pluck().get(importId, rowsJson) as number
    this.statements.get(`UPDATE import_row_results SET outcome = NULL, message = NULL WHERE ${OF_IMPORT} AND bucket IN ('create', 'update', 'delete') AND ${NOT_UNCHANGED} AND outcome IS NOT NULL AND ${ONLY_ROWS}`).run(importId, rowsJson)
    this.statements.get(`DELETE FROM import_errors WHERE job_id = ? AND bucket = 'rejected' AND ${ONLY_ROWS}`).run(importId, rowsJson)
    return wasRejected
  }

  /** The rows Customer.io accepted with changes, in file order: what an undo reverts. */
  acceptedChanges(importId: string): Iterable<RawRowResult> {
    return this.statements.get(`SELECT ${COLUMNS} FROM import_row_results WHERE ${OF_IMPORT} AND outcome = 'accepted' AND changes IS NOT NULL ORDER BY row`).iterate(importId) as Iterable<RawRowResult>
  }

  /** Deletions a push would send: all not sent yet, or those among `only`'s rows. */
  deletionsToSend(importId: string, only: string | null): number {
    return this.statements.get(`SELECT count(*) FROM import_row_results WHERE ${OF_IMPORT} AND bucket = 'delete' AND ${NOT_UNCHANGED} AND ${only ? ONLY_ROWS : 'outcome IS NULL'}`).pluck().get(...pendingArgs(importId, only)) as number
  }
}

const FRESH_ROWS_PER_STATEMENT = 100

/** The columns a fresh row's INSERT names, and one row's VALUES. */
interface FreshRowShape {
  columns: string
  values: string
}

const FRESH_FULL: FreshRowShape = { columns: 'job, row, entity_key, bucket, outcome, changes, message', values: '(?, ?, ?, ?, ?, ?, ?)' }
/** the other columns are NULL, as in a full row that has none of them */
const FRESH_BARE_UNCHANGED: FreshRowShape = { columns: 'job, row, entity_key, bucket', values: "(?, ?, ?, 'unchanged')" }

function isBareUnchanged(r: RowResult): boolean {
  return r.bucket === 'unchanged' && r.outcome === null && r.changes === null && r.message === null
}
