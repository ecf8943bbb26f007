// The CSV import behind the IPC contract (contract/imports.ts): uploads, inspect, plan and
// push as jobs, the report (rows, rejected CSV), repair of single rows, and undo. The work itself
// lives in plan/, push/, report/, undo.ts; this class resolves sources, enforces the rules that
// guard a push (production confirmation, one push at a time per workspace) and shapes answers.

import type { Mirror } from '../db/connection'
import type { ImportSummary, PlanRow } from '../contract/imports'
import { AppError } from '../contract/result'
import { jobFamily } from '../contract/jobs'
import type { JobService } from '../jobs/job-service'
import type { WorkspaceAccess } from '../db/workspace-access'
import { countDataRows } from '../csv/count-rows'
import { repairRow } from './fix-row'
import { ImportRepo, type ImportRecord } from './import-repo'
import { planRunner, pushRunner, type RunnerDeps } from './import-runners'
import { ImportOwners } from './job-owner'
import { headerSignature, suggestMapping } from './mapping'
import { knownAttributeNames } from './plan/known-attributes'
import { OrphanedImports } from './orphans'
import type { PlanJobOptions } from './plan/plan-runner'
import type { GovernorRegistry } from '../cio/rate-governor'
import { duplicatePairs } from './report/duplicate-pairs'
import { rejectedCsv } from './report/rejected-csv'
import { rejectedRowsView } from './report/rejected-rows'
import { queryRows, toPlanRow, type RowsQuery } from './report/rows-query'
import { sniffFile } from '../csv/sniff'
import { discardPlan, staleReason } from './staleness'
import type { ImportKind, ImportOptions, Mapping, RowError, SniffResult } from './types'
import { refuseUnconfirmedDeletions, type UndoJobOptions } from './undo'
import { Uploads } from '../csv/uploads'

export type ImportSource = { uploadId: string } | { path: string }

export interface ImportServiceDeps {
  mirror: Mirror
  workspaces: WorkspaceAccess
  home: string
  /** runs the plans and pushes; this service registers their runners with it */
  jobs: JobService
  now?: () => number
  /** who the audit log names (the app: the OS user) */
  actor: string
  /** the engine's rate budgets (default: the shared registry) */
  governors: GovernorRegistry
}

/** How many of the workspace's attribute names inspect offers the mapping step. */
const MAX_KNOWN_ATTRIBUTES = 2000

/** How many errors a summary carries; the report has them all. */
const SUMMARY_ERRORS = 20

export class ImportService {
  private readonly repo: ImportRepo
  private readonly uploads: Uploads
  private readonly now: () => number
  private readonly actor: string
  /** which process runs each plan and push, and what to do about those whose process is gone */
  private readonly owners: ImportOwners
  private readonly orphans: OrphanedImports

  constructor(private readonly deps: ImportServiceDeps) {
    this.repo = new ImportRepo(deps.mirror.sqlite)
    this.uploads = new Uploads(deps.home)
    this.now = deps.now ?? Date.now
    this.actor = deps.actor
    this.owners = new ImportOwners(deps.mirror.sqlite, this.now)
    this.orphans = new OrphanedImports({ repo: this.repo, owners: this.owners, jobs: deps.jobs, now: this.now })
    const runnerDeps = this.runnerDeps()
    deps.jobs.register('import-plan', planRunner(runnerDeps, 'import-plan'))
    deps.jobs.register('undo-plan', planRunner(runnerDeps, 'undo-plan'))
    deps.jobs.register('import-push', pushRunner(runnerDeps))
  }

  upload(input: { uploadId?: string; fileName: string; chunk: string; final: boolean }): { uploadId: string; bytes: number } {
    return this.uploads.append(input)
  }

  async inspect(source: ImportSource, kind: ImportKind, encoding?: SniffResult['encoding']) {
    const path = this.pathOf(source)
    const sniff = await sniffFile(path, undefined, { encoding })
    const remembered = this.repo.rememberedMapping(headerSignature(sniff.header))
    const usable = remembered?.kind === kind ? remembered : null
    // the active workspace's attribute names: suggested for columns that name one (issue 14)
    const activeId = this.deps.workspaces.active()?.id
    const knownAttributes = activeId ? knownAttributeNames(this.deps.mirror.sqlite, activeId) : []
    const mapping = suggestMapping(kind, sniff.header, sniff.sample, { remembered: usable, knownAttributes })
    return {
      fileName: sniff.fileName, bytes: sniff.bytes, encoding: sniff.encoding, delimiter: sniff.delimiter, header: sniff.header,
      sample: sniff.sample, fileErrors: sniff.fileErrors, mapping, remembered: usable !== null,
      encodingReason: sniff.encodingReason, encodingChosenBy: sniff.encodingChosenBy, strayBytes: sniff.strayBytes?.count ?? 0,
      knownAttributes: knownAttributes.slice(0, MAX_KNOWN_ATTRIBUTES),
    }
  }

  /** The file's data rows, for the file step (count-rows.ts); null when it is not readable as CSV. */
  countRows(source: ImportSource, encoding?: SniffResult['encoding']): Promise<number | null> {
    return countDataRows(this.pathOf(source), encoding)
  }

  plan(workspaceId: string, source: ImportSource, options: ImportOptions, mapping?: Mapping): { importId: string; jobId: string } {
    this.deps.workspaces.row(workspaceId) // NOT_FOUND for a removed workspace
    const path = this.pathOf(source)
    this.orphans.settleWorkspace(workspaceId) // a plan whose process was killed no longer blocks the workspace
    this.refuseWhileRunning('plan', workspaceId, null, 'a plan is still running in this workspace; wait for it to finish or cancel it')
    const opts: PlanJobOptions = { sourcePath: path, fileName: 'uploadId' in source ? basenameOf(path) : basenameOf(source.path), options, mapping }
    const job = this.deps.jobs.start('import-plan', 'user', { ...opts }, workspaceId)
    return { importId: job.id, jobId: job.id }
  }

  summary(importId: string): ImportSummary {
    return this.toSummary(this.orphans.settle(this.mustGet(importId)))
  }

  list(workspaceId: string, limit: number): ImportSummary[] {
    return this.repo.list(workspaceId, limit).map((r) => this.toSummary(this.orphans.settle(r)))
  }

  /** Stops a running plan or push, in this process or another; a plan whose process is gone is marked so (orphans.ts). */
  cancel(importId: string): { state: string; message: string } {
    return this.orphans.cancel(this.mustGet(importId))
  }

  /** A plan the user will not push (a stale one, say): it can no longer be pushed (staleness.ts). */
  discard(importId: string): ImportSummary {
    const rec = this.orphans.settle(this.mustGet(importId))
    discardPlan(this.repo, rec, this.now(), staleReason(this.repo, rec))
    return this.summary(importId)
  }

  rows(input: RowsQuery): { total: number; offset: number; rows: PlanRow[] } {
    const rec = this.mustGet(input.importId)
    return queryRows(this.repo.rows, rec.mapping, { ...input, offset: input.offset ?? 0, limit: input.limit ?? 200 })
  }

  push(importId: string, opts: { confirm?: string; rows?: number[]; deletions?: number }): { jobId: string } {
    const rec = this.orphans.settle(this.mustGet(importId))
    if (rec.state === 'planning') throw new AppError('CONFLICT', `import ${importId} is still being planned; wait for it to finish, or cancel it`)
    if (rec.state === 'plan-failed' || rec.state === 'plan-interrupted' || rec.state === 'plan-cancelled') {
      throw new AppError('CONFLICT', `import ${importId} has no finished plan to push: ${rec.meta.interrupted ?? 'its planning failed. Plan the file again.'}`)
    }
    if (rec.state === 'discarded') throw new AppError('CONFLICT', `import ${importId} was discarded and cannot be pushed; plan the file again`)
    const elsewhere = this.orphans.pushedElsewhere(rec)
    if (elsewhere) throw new AppError('CONFLICT', `import ${importId} is being pushed by another process (${elsewhere}); wait for it, or cancel it`)
    this.deps.workspaces.requireConfirmation(rec.workspaceId, opts.confirm, 'confirm the push')
    refuseUnconfirmedDeletions(this.deps.mirror.sqlite, rec, opts.rows, opts.deletions)
    this.refuseWhileRunning('import-push', rec.workspaceId, rec.meta.pushJobId, 'another import is being pushed (or was interrupted) in this workspace; push that one again to finish it first')
    const sqlite = this.deps.mirror.sqlite
    sqlite.transaction(() => {
      const checkpoint = { only: null as number[] | null, nextSeq: rec.checkpoint?.nextSeq ?? 1 }
      if (opts.rows && opts.rows.length > 0) {
        // A re-push of fixed rows: they become pending again and the push is limited to them.
        const rows = JSON.stringify(opts.rows)
        const wasRejected = this.repo.rows.reopenRows(importId, rows)
        checkpoint.only = opts.rows
        this.repo.update(importId, { counts: { ...rec.counts, rejected: rec.counts.rejected - wasRejected } })
      }
      this.repo.update(importId, { checkpoint })
    })()
    // checked above before the checkpoint is touched; the job service checks it again as the rule's one home
    const job = this.deps.jobs.start('import-push', 'user', { importId }, rec.workspaceId, { confirm: opts.confirm })
    this.repo.update(importId, { meta: { ...this.mustGet(importId).meta, pushJobId: job.id } })
    return { jobId: job.id }
  }

  /** Pause = cancel with the books kept: `push` again continues with the rows not yet sent. */
  pause(importId: string): { jobId: string | null } {
    const rec = this.mustGet(importId)
    const jobId = rec.meta.pushJobId
    const running = jobId ? this.deps.jobs.list(200).find((j) => j.id === jobId && j.state === 'running') : undefined
    if (!running) return { jobId: null }
    this.deps.jobs.cancel(running.id)
    return { jobId: running.id }
  }

  rejectedCsv(importId: string): Promise<{ fileName: string; csv: string; rows: number }> {
    return rejectedCsv(this.deps.mirror.sqlite, this.mustGet(importId))
  }

  /** The grid's rows: the file's cells untouched, so what is shown, fixed and re-pushed is what the file says. */
  rejectedRows(importId: string) {
    return rejectedRowsView(this.deps.mirror.sqlite, this.mustGet(importId))
  }

  /** The first duplicate rows beside the rows they repeat, with the file's cells (report/duplicate-pairs.ts). */
  duplicates(importId: string, limit: number) {
    return duplicatePairs(this.deps.mirror.sqlite, this.mustGet(importId), limit)
  }

  async fix(input: { importId: string; row: number; values: Record<string, string> }): Promise<{ row: PlanRow; errors: { row: number; column: string | null; value: string | null; message: string }[] }> {
    const rec = this.mustGet(input.importId)
    const { result, errors } = await repairRow(this.deps.mirror.sqlite, this.repo, rec, input.row, input.values)
    return { row: toPlanRow(result), errors: errors.map((e: RowError) => ({ row: e.row, column: e.column, value: e.value, message: e.message })) }
  }

  undo(importId: string): { importId: string; jobId: string } {
    const rec = this.mustGet(importId)
    if (rec.state !== 'pushed' && rec.state !== 'paused' && rec.state !== 'push-failed') throw new AppError('CONFLICT', `import ${importId} was not pushed; there is nothing to undo`)
    this.orphans.settleWorkspace(rec.workspaceId)
    this.refuseWhileRunning('plan', rec.workspaceId, null, 'a plan is still running in this workspace; wait for it to finish or cancel it')
    const job = this.deps.jobs.start('undo-plan', 'user', { undoOf: importId } satisfies UndoJobOptions, rec.workspaceId)
    return { importId: job.id, jobId: job.id }
  }

  private runnerDeps(): RunnerDeps {
    const { mirror, workspaces, jobs, governors } = this.deps
    return { sqlite: mirror.sqlite, repo: this.repo, owners: this.owners, orphans: this.orphans, workspaces, jobs, now: this.now, actor: this.actor, governors }
  }

  private mustGet(importId: string): ImportRecord {
    const rec = this.repo.get(importId)
    if (!rec) throw new AppError('NOT_FOUND', `no import ${importId}`)
    return rec
  }

  private pathOf(source: ImportSource): string {
    return 'uploadId' in source ? this.uploads.fileOf(source.uploadId) : source.path
  }

  /**
   * JobService.start returns (or resumes) the running job of a kind family; a different plan or
   * push must not be mistaken for it. 'plan' is the family of import plans and undo plans.
   */
  private refuseWhileRunning(family: 'plan' | 'import-push', workspaceId: string, allowedJobId: string | null, message: string): void {
    const running = this.deps.jobs.list(200).find((j) => jobFamily(j.kind) === family && j.workspaceId === workspaceId && j.state === 'running' && j.id !== allowedJobId)
    if (running) throw new AppError('CONFLICT', message)
  }

  private toSummary(r: ImportRecord): ImportSummary {
    const c = r.counts
    const pushed = r.meta.pushStatus !== null
    return {
      id: r.id, workspaceId: r.workspaceId, kind: r.kind, fileName: r.fileName, fileBytes: r.fileBytes, state: r.state, createdAt: r.createdAt,
      finishedAt: r.finishedAt, mapping: r.mapping, rows: c.rows, create: c.create, update: c.update, unchanged: c.unchanged, invalid: c.invalid,
      duplicates: c.duplicate,
      delete: c.delete,
      errors: this.repo.rows.firstErrors(r.id, SUMMARY_ERRORS).map((e) => ({ row: e.row, column: e.column, value: e.value, message: e.message })),
      errorCount: this.repo.rows.errorCount(r.id),
      rowWarnings: this.repo.rows.firstWarnings(r.id, SUMMARY_ERRORS).map((e) => ({ row: e.row, column: e.column, value: e.value, message: e.message })),
      rowWarningCount: this.repo.rows.warningCount(r.id),
      warnings: r.meta.warnings, mirrorAgeMs: r.meta.mirrorAgeMs, segmentsEntered: r.meta.segmentsEntered,
      push: pushed ? { sent: c.sent, accepted: c.accepted, rejected: c.rejected, requests: c.requests, bytes: c.bytes, status: r.meta.pushStatus! } : null,
      undoOf: r.meta.undoOf,
      interrupted: r.meta.interrupted ?? null,
      stale: staleReason(this.repo, r),
      encoding: r.meta.encoding ?? null,
      conversions: r.meta.conversions ?? [],
      newAttributes: r.meta.newAttributes ?? [],
    }
  }
}

function basenameOf(path: string): string {
  return path.replace(/\\/g, '/').split('/').pop() || path
}

