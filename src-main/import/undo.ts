// Undo of a people import, as a new plan to review like any other (kind 'undo', undoOf set):
// every attribute the import changed goes back to its previous value (an attribute it set where
// there was none is cleared), and every person it created is listed as a separate row offering
// their deletion. Those rows are bucket 'delete', counted apart: a deletion is not an update, it is
// shown in red, and the push refuses to send it unless the user confirmed that number of
// deletions (refuseUnconfirmedDeletions; the UI's dialog, the CLI's --yes or prompt).
// Only rows Customer.io accepted are reverted: a rejected or unsent row changed nothing.

import type Database from 'better-sqlite3'
import type { FieldChanges } from '../db/json-types'
import { AppError } from '../contract/result'
import type { JobContext } from '../jobs/job-service'
import { emptyCounts, toRowResult, type ImportMeta, type ImportRecord, type ImportRepo, type RowResult } from './import-repo'
import { DELETE_PERSON_FIELD } from './push/ops'
import { RowResultsRepo } from './row-results-repo'

export interface UndoJobOptions {
  undoOf: string
}

/** Creates the undo plan's import row synchronously (see registerPlan). */
export function registerUndo(repo: ImportRepo, ctx: JobContext, opts: UndoJobOptions, now: number): void {
  const original = repo.get(opts.undoOf)
  if (!original) throw new AppError('NOT_FOUND', `no import ${opts.undoOf}`)
  const meta: ImportMeta = {
    sourcePath: original.meta.sourcePath, options: original.meta.options, rowKind: original.meta.rowKind, undoOf: original.id, warnings: [],
    mirrorAgeMs: null, segmentsEntered: [], pushJobId: null, pushStatus: null,
  }
  repo.create({
    id: ctx.jobId, workspaceId: original.workspaceId, kind: 'undo', fileName: `undo of ${original.fileName}`, fileHash: original.fileHash,
    fileBytes: original.fileBytes, mapping: original.mapping, meta, state: 'planning', counts: emptyCounts(), createdAt: now,
  })
}

/** Reverses one accepted row's changes: previous values back, values that were new cleared. */
export function reverseChanges(changes: FieldChanges): FieldChanges {
  const out: FieldChanges = {}
  for (const [field, c] of Object.entries(changes)) {
    const entry: { from?: unknown; to?: unknown } = {}
    if (c.to !== undefined) entry.from = c.to
    if (c.from !== undefined) entry.to = c.from
    out[field] = entry
  }
  return out
}

export function runUndoPlan(sqlite: Database.Database, repo: ImportRepo, ctx: JobContext, opts: UndoJobOptions, now: () => number): string {
  const original = repo.get(opts.undoOf)!
  if (original.meta.rowKind !== 'people' || original.kind === 'undo') {
    throw new AppError('VALIDATION', `only a people import can be undone (this one is ${original.kind}): events, devices and memberships sent cannot be recalled`)
  }
  const importId = ctx.jobId
  repo.rows.clearRows(importId)
  const accepted = repo.rows.acceptedChanges(original.id)
  const counts = emptyCounts()
  const deletions: RowResult[] = []
  let row = 0
  const write = sqlite.transaction((results: RowResult[]) => {
    for (const r of results) repo.rows.putRow(importId, r)
  })
  let batch: RowResult[] = []
  for (const raw of accepted) {
    const r = toRowResult(raw)
    if (r.bucket === 'create') {
      // created people: deleting them is offered after the attribute rows, one row each
      deletions.push({ row: 0, entityKey: r.entityKey, bucket: 'delete', outcome: null, changes: { [DELETE_PERSON_FIELD]: { from: r.entityKey } }, message: `created by row ${r.row} of the import; pushing this row deletes the person` })
      continue
    }
    batch.push({ row: ++row, entityKey: r.entityKey, bucket: 'update', outcome: null, changes: reverseChanges(r.changes!), message: `reverts row ${r.row} of the import` })
    if (batch.length >= 5_000) {
      write(batch)
      batch = []
      ctx.progress('plan', row, null)
    }
  }
  for (const d of deletions) batch.push({ ...d, row: ++row })
  write(batch)
  counts.rows = row
  counts.update = row - deletions.length
  counts.delete = deletions.length
  repo.update(importId, { counts, state: 'planned', finishedAt: now() })
  ctx.progress('plan', row, row)
  return `undo plan: ${row - deletions.length} people get their previous values back, ${deletions.length} created people offered for deletion`
}

/**
 * A push that would delete people needs their number confirmed: `confirmed` must equal the plan's
 * deletions (the count the review and the CLI show). Only deletions this push would send count: a
 * resume after they were all accepted, or a re-push of other rows, needs no confirmation.
 */
export function refuseUnconfirmedDeletions(sqlite: Database.Database, rec: ImportRecord, rows: number[] | undefined, confirmed: number | undefined): void {
  if (rec.counts.delete === 0) return
  const only = rows && rows.length > 0 ? JSON.stringify(rows) : null
  const pending = new RowResultsRepo(sqlite).deletionsToSend(rec.id, only)
  if (pending === 0 || confirmed === rec.counts.delete) return
  const n = rec.counts.delete
  throw new AppError('FORBIDDEN', `this plan deletes ${n} ${n === 1 ? 'person' : 'people'} from Customer.io (created by the import it undoes); confirm the deletion of ${n} to push it`)
}
