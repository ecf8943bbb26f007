// The `plan` job: sniff the file, settle the mapping (given, remembered for this header layout, or
// suggested), then stream rows → validator → planner → SQLite in batches, one transaction per
// batch. Memory stays flat whatever the file size: the reader streams, the mirror is queried per
// batch, and only the duplicate keys of the file are held (see Planner).

import type Database from 'better-sqlite3'
import type { JobContext } from '../../jobs/job-service'
import { SyncRunsRepo } from '../../db/sync-runs-repo'
import { AppError } from '../../contract/result'
import { ImportRepo, emptyCounts, type ImportEncoding, type ImportMeta } from '../import-repo'
import { headerSignature, suggestMapping } from '../mapping'
import { sizeChange } from '../../csv/file-snapshot'
import { sniffFile } from '../../csv/sniff'
import type { ImportOptions, Mapping, SniffResult } from '../types'
import { MirrorLookup } from './mirror-lookup'
import { Planner, type PlanSink } from './planner'
import { planBatches, type PlanBatch, type PlanReaderFindings } from './plan-reader'
import { mirrorAgeWarnings, segmentProblem, segmentsEntered } from './plan-context'
import { findNewAttributes, knownAttributeNames } from './known-attributes'

/** What `ImportService.plan` starts a plan job with. */
export interface PlanJobOptions {
  sourcePath: string
  fileName: string
  options: ImportOptions
  mapping?: Mapping
}

/**
 * Rows per batch (one transaction, one trip from the reader thread). Small batches keep each
 * batch's objects in V8's young generation, where they die cheaply: on the 1M-row bench 2,000
 * rows planned in 12–14 s at 382–389 MB peak, 5,000 in 18–20 s at 410–430 MB, 10,000 in 18.5 s
 * at 554 MB. Since this thread also judges the batches the reader hands over (hand-over.ts),
 * 1,000: at 2,000 its heap grew by 50–60 MB (peak 385–407 MB against 334–345 MB), for no gain
 * in time (bench/import/RESULTS.md, Session 9).
 */
export const PLAN_BATCH_ROWS = 1_000

export interface PlanEnv {
  sqlite: Database.Database
  repo: ImportRepo
  now: () => number
  /** whether this process still holds the import (import/job-owner.ts); a plan another process stopped is not marked planned */
  holds?: () => boolean
}

/** Creates the import's row synchronously, before the job's first await, so `summary` finds it at once. */
export function registerPlan(env: PlanEnv, ctx: JobContext, opts: PlanJobOptions): void {
  const meta: ImportMeta = {
    sourcePath: opts.sourcePath, options: opts.options, rowKind: opts.options.kind, undoOf: null, warnings: [], mirrorAgeMs: null,
    segmentsEntered: [], pushJobId: null, pushStatus: null,
  }
  env.repo.create({
    id: ctx.jobId, workspaceId: ctx.workspaceId!, kind: opts.options.kind, fileName: opts.fileName, fileHash: '', fileBytes: 0,
    mapping: opts.mapping ?? null, meta, state: 'planning', counts: emptyCounts(), createdAt: env.now(),
  })
}

export async function runFilePlan(env: PlanEnv, ctx: JobContext, opts: PlanJobOptions): Promise<string> {
  const { repo, sqlite } = env
  const importId = ctx.jobId
  const workspaceId = ctx.workspaceId!
  // A plan cut off by a crash starts over: it only reads the mirror, so redoing it is safe.
  repo.rows.clearPlan(importId)

  ctx.progress('read', 0, null)
  const sniff = await sniffFile(opts.sourcePath, opts.fileName, { encoding: opts.options.encoding })
  repo.update(importId, { fileName: sniff.fileName, fileHash: sniff.sha256, fileBytes: sniff.bytes, meta: { ...repo.get(importId)!.meta, encoding: encodingOf(sniff) } })
  if (sniff.fileErrors.length > 0) throw new AppError('VALIDATION', `${sniff.fileName} cannot be imported: ${sniff.fileErrors.join('; ')}`)

  const signature = headerSignature(sniff.header)
  const remembered = repo.rememberedMapping(signature)
  const options = opts.options
  const mapping =
    opts.mapping ??
    suggestMapping(options.kind, sniff.header, sniff.sample, { remembered: remembered?.kind === options.kind ? remembered : null, identifierType: options.identifierType, blank: options.blank, map: options.map, knownAttributes: knownAttributeNames(sqlite, workspaceId) })
  repo.rememberMapping(signature, mapping)
  repo.update(importId, { mapping })

  const segment = segmentProblem(sqlite, workspaceId, options)
  const problems = segment ? [{ row: 0, column: null, value: null, message: `${sniff.fileName}: ${segment}`, severity: 'invalid' as const }] : []
  const planner = new Planner(options, new MirrorLookup(sqlite, workspaceId), sqlSink(repo, importId))
  const writeBatch = sqlite.transaction((batch: PlanBatch) => planner.addBatch(batch.items, batch.people))
  const input = { path: opts.sourcePath, sniff, mapping, options, problems, batchSize: PLAN_BATCH_ROWS }
  const findings: PlanReaderFindings = { conversions: [] }
  for await (const batch of planBatches(input, sqlite.memory ? null : { file: sqlite.name, workspaceId }, ctx.signal, findings)) {
    ctx.signal.throwIfAborted()
    writeBatch(batch)
    ctx.progress('plan', planner.counts.rows, null)
  }
  // The rows read are exactly the bytes that were hashed (read-rows.ts checks them); a file that
  // went on growing meanwhile is being written still: refused, never planned up to a cut-off row.
  const after = await sizeChange(opts.sourcePath, sniff.bytes)
  if (after.change) throw new AppError('CONFLICT', `${sniff.fileName} changed while it was being planned: ${after.change.what}. Plan it again once it is complete and nothing writes to it.`)

  const age = mirrorAgeWarnings(new SyncRunsRepo(sqlite).lastSucceededPullAt(workspaceId), env.now())
  const record = repo.get(importId)!
  const meta: ImportMeta = {
    ...record.meta,
    fileMtimeMs: after.mtimeMs,
    warnings: age.warnings,
    mirrorAgeMs: age.mirrorAgeMs,
    conversions: findings.conversions,
    // attributes the workspace does not have yet, with the people who would get them (a mapping typo?)
    newAttributes: findNewAttributes(sqlite, workspaceId, importId, mapping, age.mirrorAgeMs !== null),
    segmentsEntered: options.kind === 'segment-members' && options.segmentId !== undefined ? [segmentsEntered(sqlite, workspaceId, options.segmentId, planner.segmentEntered)] : [],
  }
  if (env.holds && !env.holds()) throw new AppError('CONFLICT', `${sniff.fileName}: this plan was stopped from another process before its end; plan the file again`)
  repo.update(importId, { meta, counts: { ...emptyCounts(), ...planner.counts }, state: 'planned', finishedAt: env.now() })
  ctx.progress('plan', planner.counts.rows, planner.counts.rows)
  const c = planner.counts
  return `${c.rows} ${c.rows === 1 ? 'row' : 'rows'}: ${c.create} create, ${c.update} update, ${c.unchanged} unchanged, ${c.invalid} invalid, ${c.duplicate} ${c.duplicate === 1 ? 'duplicate' : 'duplicates'}`
}

/** The encoding the plan read the file in, and why: the review and the plan's JSON show it. */
export function encodingOf(sniff: SniffResult): ImportEncoding {
  return { name: sniff.encoding, chosenBy: sniff.encodingChosenBy ?? 'detected', reason: sniff.encodingReason ?? '', strayBytes: sniff.strayBytes?.count ?? 0 }
}

/** The planner's results into SQLite; the caller's transaction wraps each batch. */
export function sqlSink(repo: ImportRepo, importId: string): PlanSink {
  return {
    write(results, errors) {
      // the plan deleted its rows before it started: every row is new, so no OR REPLACE check
      repo.rows.putFreshRows(importId, results)
      for (const e of errors) repo.rows.putError(importId, e)
    },
    demote(row, message) {
      repo.rows.demoteToDuplicate(importId, row, message)
    },
  }
}
