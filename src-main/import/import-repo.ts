// SQLite access of the import pipeline: the import's own row (import_jobs), the audit log and
// remembered mappings; its per-row results and errors are `rows` (row-results-repo.ts). Raw prepared statements
// on the mirror's connection (docs/TOOLCHAIN.md §5): the plan writes up to millions of rows, and the
// push must put a batch's outcome, its acknowledgement and the checkpoint in ONE transaction.

import type Database from 'better-sqlite3'
import type { ColumnConversion } from './conversion-log'
import type { NewAttribute } from './plan/known-attributes'
import type { ImportKind, ImportOptions, Mapping } from './types'
import { RowResultsRepo, type RowBucket } from './row-results-repo'

// the row results' types live with their repository; importers of the pipeline find them here too
export { toRowResult, type RawRowResult, type RowBucket, type RowResult, type StoredRowError } from './row-results-repo'

export type StoredKind = ImportKind | 'undo'
/** plan-interrupted: its process died while planning (job-owner.ts); plan-cancelled: stopped by the user */
export type ImportState = 'planning' | 'planned' | 'plan-failed' | 'plan-interrupted' | 'plan-cancelled' | 'discarded' | 'pushing' | 'paused' | 'pushed' | 'push-failed'

/** What an import remembers beyond its columns (kept in import_jobs.options as JSON). */
export interface ImportMeta {
  sourcePath: string
  options: ImportOptions
  /** the kind of the rows of an undo plan (the kind of the import it reverts) */
  rowKind: ImportKind
  undoOf: string | null
  warnings: string[]
  mirrorAgeMs: number | null
  segmentsEntered: { id: number; name: string | null; people: number }[]
  /** the import job pushing this plan (a resume must continue the same one) */
  pushJobId: string | null
  pushStatus: string | null
  /** why the plan stopped before its end (interrupted or cancelled), for the summary */
  interrupted?: string
  /** rows fixed in the report, with their edited cells: a recheck before a push judges them from these, not from the file */
  fixedCells?: Record<number, string[]>
  /** who discarded the plan, and when (state 'discarded') */
  discarded?: { at: number; reason: string }
  /** the file's modification time when its plan ended: a push finds an untouched file unchanged without hashing it again (file-snapshot.ts) */
  fileMtimeMs?: number
  /** the encoding the file was read in and why (absent on plans made before it was recorded, and on undo plans) */
  encoding?: ImportEncoding
  /** what the validator converted, per column with an example (conversion-log.ts; absent on older plans and undo plans) */
  conversions?: ColumnConversion[]
  /** attributes the workspace does not have that the plan would give people (plan/known-attributes.ts) */
  newAttributes?: NewAttribute[]
}

export interface ImportEncoding {
  name: 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252'
  chosenBy: 'detected' | 'user'
  reason: string
  /** bytes that are not UTF-8 in a file read as UTF-8; their rows are invalid unless accepted */
  strayBytes: number
}

/**
 * A stored row's bucket: a file plan's buckets, plus 'delete', which only an undo plan holds (a
 * person the import created, deleted if the undo is pushed): its own bucket so that it is counted,
 * shown and confirmed as a deletion, never passed off as an update.
 */

export type ImportCounts = Record<RowBucket | 'rows' | 'errors' | 'sent' | 'accepted' | 'rejected' | 'requests' | 'bytes', number>

export function emptyCounts(): ImportCounts {
  return { rows: 0, create: 0, update: 0, unchanged: 0, invalid: 0, duplicate: 0, delete: 0, errors: 0, sent: 0, accepted: 0, rejected: 0, requests: 0, bytes: 0 }
}

/** Where a push is: the rows it is limited to (a re-push of fixed rows) and the next batch number. */
export interface PushCheckpoint {
  only: number[] | null
  nextSeq: number
}

export interface ImportRecord {
  id: string
  workspaceId: string
  kind: StoredKind
  fileName: string
  fileHash: string
  fileBytes: number
  mapping: Mapping | null
  meta: ImportMeta
  state: ImportState
  checkpoint: PushCheckpoint | null
  counts: ImportCounts
  createdAt: number
  finishedAt: number | null
}

interface ImportRow {
  id: string
  workspace_id: string
  kind: StoredKind
  file_name: string
  file_hash: string
  file_bytes: number
  mapping: string
  options: string
  state: string
  checkpoint: string | null
  counts: string
  created_at: number
  finished_at: number | null
}

export class ImportRepo {
  private readonly getStmt

  /** the import's row results and row errors: the plan's writes and every query on them */
  readonly rows: RowResultsRepo

  constructor(readonly sqlite: Database.Database) {
    this.rows = new RowResultsRepo(sqlite)
    this.getStmt = sqlite.prepare('SELECT * FROM import_jobs WHERE id = ?')
  }

  create(rec: Omit<ImportRecord, 'checkpoint' | 'finishedAt'>): void {
    this.sqlite
      .prepare(
        `INSERT OR IGNORE INTO import_jobs (id, workspace_id, kind, file_name, file_hash, file_bytes, mapping, options, state, checkpoint, counts, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?)`,
      )
      .run(rec.id, rec.workspaceId, rec.kind, rec.fileName, rec.fileHash, rec.fileBytes, JSON.stringify(rec.mapping), JSON.stringify(rec.meta), rec.state, JSON.stringify(rec.counts), rec.createdAt)
  }

  get(id: string): ImportRecord | null {
    const r = this.getStmt.get(id) as ImportRow | undefined
    return r ? toRecord(r) : null
  }

  list(workspaceId: string, limit: number): ImportRecord[] {
    const rows = this.sqlite.prepare('SELECT * FROM import_jobs WHERE workspace_id = ? ORDER BY created_at DESC, rowid DESC LIMIT ?').all(workspaceId, limit) as ImportRow[]
    return rows.map(toRecord)
  }

  update(id: string, patch: Partial<Pick<ImportRecord, 'fileName' | 'fileHash' | 'fileBytes' | 'mapping' | 'meta' | 'state' | 'checkpoint' | 'counts' | 'finishedAt'>>): void {
    const sets: string[] = []
    const values: unknown[] = []
    const put = (column: string, value: unknown) => {
      sets.push(`${column} = ?`)
      values.push(value)
    }
    if (patch.fileName !== undefined) put('file_name', patch.fileName)
    if (patch.fileHash !== undefined) put('file_hash', patch.fileHash)
    if (patch.fileBytes !== undefined) put('file_bytes', patch.fileBytes)
    if (patch.mapping !== undefined) put('mapping', JSON.stringify(patch.mapping))
    if (patch.meta !== undefined) put('options', JSON.stringify(patch.meta))
    if (patch.state !== undefined) put('state', patch.state)
    if (patch.checkpoint !== undefined) put('checkpoint', patch.checkpoint === null ? null : JSON.stringify(patch.checkpoint))
    if (patch.counts !== undefined) put('counts', JSON.stringify(patch.counts))
    if (patch.finishedAt !== undefined) put('finished_at', patch.finishedAt)
    if (sets.length === 0) return
    this.sqlite.prepare(`UPDATE import_jobs SET ${sets.join(', ')} WHERE id = ?`).run(...values, id)
  }

  /** Mapping remembered for a header layout (settings key `mapping:<signature>`). */
  rememberedMapping(signature: string): Mapping | null {
    const raw = this.sqlite.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(`mapping:${signature}`) as string | undefined
    return raw ? (JSON.parse(raw) as Mapping) : null
  }

  rememberMapping(signature: string, mapping: Mapping): void {
    this.sqlite.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(`mapping:${signature}`, JSON.stringify(mapping))
  }

  audit(entry: { workspaceId: string; at: number; actor: string; action: string; jobId: string; fileName: string; fileHash: string; mapping: unknown; counts: Record<string, number>; results: unknown }): void {
    this.sqlite
      .prepare('INSERT INTO audit_log (workspace_id, at, actor, action, job_id, file_name, file_hash, mapping, counts, results) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .run(entry.workspaceId, entry.at, entry.actor, entry.action, entry.jobId, entry.fileName, entry.fileHash, JSON.stringify(entry.mapping), JSON.stringify(entry.counts), JSON.stringify(entry.results))
  }

  /** The latest plan of the same file, kind and workspace made after this one and still standing, if any. */
  newerPlanOf(rec: ImportRecord): { id: string; createdAt: number } | null {
    const newer = this.sqlite
      .prepare(
        `SELECT id, created_at FROM import_jobs WHERE workspace_id = ? AND kind = ? AND file_name = ? AND created_at > ? AND id != ?
       AND state NOT IN ('discarded', 'plan-failed', 'plan-interrupted', 'plan-cancelled') ORDER BY created_at DESC LIMIT 1`,
      )
      .get(rec.workspaceId, rec.kind, rec.fileName, rec.createdAt, rec.id) as { id: string; created_at: number } | undefined
    return newer ? { id: newer.id, createdAt: newer.created_at } : null
  }

  /** Imports of the workspace whose plan has not ended (or whose process died planning). */
  planningIds(workspaceId: string): string[] {
    return this.sqlite.prepare("SELECT id FROM import_jobs WHERE workspace_id = ? AND state = 'planning'").pluck().all(workspaceId) as string[]
  }
}

function toRecord(r: ImportRow): ImportRecord {
  const counts = { ...emptyCounts(), ...(JSON.parse(r.counts) as Partial<ImportCounts>) }
  return {
    id: r.id,
    workspaceId: r.workspace_id,
    kind: r.kind,
    fileName: r.file_name,
    fileHash: r.file_hash,
    fileBytes: r.file_bytes,
    mapping: JSON.parse(r.mapping) as Mapping | null,
    meta: JSON.parse(r.options) as ImportMeta,
    state: r.state as ImportState,
    checkpoint: r.checkpoint === null ? null : (JSON.parse(r.checkpoint) as PushCheckpoint),
    counts,
    createdAt: r.created_at,
    finishedAt: r.finished_at,
  }
}
