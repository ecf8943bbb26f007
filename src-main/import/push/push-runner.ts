// The `import` job: sends an import's pending rows (create/update, not yet sent) and keeps the
// books so that a crash, a SIGKILL or a pause at ANY point resumes without losing or duplicating:
//   1. a unit is written 'recorded' (rows, bytes, ops) with the checkpoint, before any byte leaves;
//   2. it is marked 'sent' just before the request;
//   3. after the answer, ONE transaction sets the row outcomes, the errors of refused rows, the
//      mirror values of accepted people (and memberships), the batch's 'acknowledged' and the counts/checkpoint.
// On resume: a 'recorded' unit never left and is dropped (its rows are still pending and get
// packed again); a 'sent' one may have been applied: it is marked may_have_applied, and its rows
// are sent again when the unit is idempotent (all Track operations here are, see ops.ts — events
// because of their deterministic ids) or reported "may have been applied" when not (collection
// create). Rows are "pending" while their outcome is NULL, so the rows themselves are the cursor.

import type Database from 'better-sqlite3'
import { AppReads } from '../../cio/app-reads'
import { CioClientSet } from '../../cio/client-set'
import { MayHaveAppliedError } from '../../cio/errors'
import type { GovernorRegistry } from '../../cio/rate-governor'
import { AppError } from '../../contract/result'
import { CollectionsRepo } from '../../db/collections-repo'
import type { JobContext } from '../../jobs/job-service'
import type { WorkspaceAccess } from '../../db/workspace-access'
import { refuseChangedSincePlan } from '../../csv/file-snapshot'
import { toRowResult, type ImportRecord, type ImportRepo, type PushCheckpoint, type RowResult } from '../import-repo'
import { parseEntityKey } from '../plan/record-changes'
import { MirrorPeopleApplier, MirrorSegmentApplier } from './mirror-apply'
import { PushBatchesRepo } from './push-batches-repo'
import { recheckBeforePush } from './recheck'
import { unitBuilder } from './units'
import type { SendUnit, Unsendable } from './send-unit'
import { secondsToMs } from '../../base/unix-time'

export interface PushEnv {
  sqlite: Database.Database
  repo: ImportRepo
  workspaces: WorkspaceAccess
  now: () => number
  actor: string
  governors: GovernorRegistry
}

/** Pending rows read per query; units are packed across pages. */
const PAGE_ROWS = 2_000

export async function runPush(env: PushEnv, ctx: JobContext): Promise<string> {
  const { repo, sqlite } = env
  const importId = String(ctx.options.importId ?? '')
  const rec = repo.get(importId)
  if (!rec) throw new AppError('NOT_FOUND', `no import ${importId}`)
  const kind = rec.meta.rowKind
  const checkpoint: PushCheckpoint = rec.checkpoint ?? { only: null, nextSeq: 1 }
  // an undo's rows come from the import it reverts, not from its file
  if (rec.kind !== 'undo') await refuseChangedSincePlan(rec.meta.sourcePath, rec.fileName, { bytes: rec.fileBytes, sha256: rec.fileHash, mtimeMs: rec.meta.fileMtimeMs })
  const connection = await env.workspaces.connection(env.workspaces.row(rec.workspaceId))
  const cio = new CioClientSet(connection, { workspaceId: rec.workspaceId, governors: env.governors })
  // the people of the plan are re-read, and those that changed since the plan are judged again (recheck.ts)
  await recheckBeforePush(env, rec, connection.keys.appApiKey ? new AppReads(cio, ctx.signal) : null, checkpoint.only, ctx)
  const latest = repo.get(importId)!
  repo.update(importId, { state: 'pushing', meta: { ...latest.meta, pushJobId: ctx.jobId, pushStatus: 'pushing' }, finishedAt: null })

  const books = new Books(env, latest, checkpoint)
  books.recoverUnacknowledged()
  const total = books.pendingCount()
  let done = 0
  ctx.progress('push', 0, total)
  try {
    const builder = unitBuilder(kind, rec.meta.options, { existingId: () => collectionIdOf(sqlite, rec), created: (c) => recordCollection(sqlite, rec, c, env.now()) }, rec.id)
    const send = async (unit: SendUnit) => {
      await books.send(unit, cio, ctx)
      done += unit.rows.length
      ctx.progress('push', done, total)
    }
    let after = 0
    for (;;) {
      ctx.signal.throwIfAborted()
      const page = books.pendingPage(after)
      if (page.length === 0) break
      after = page[page.length - 1].row
      const { units, unsendable } = builder.add(page)
      books.rejectUnsendable(unsendable)
      done += unsendable.length
      for (const unit of units) await send(unit)
    }
    for (const unit of builder.flush()) await send(unit)
  } catch (err) {
    const latest = repo.get(importId)!
    // An engine shutdown leaves the import 'pushing' so the next start resumes it; a user's pause
    // or cancel leaves it 'paused' (push again resumes); anything else failed.
    if (ctx.stopReason() === 'shutdown') throw err
    const paused = ctx.signal.aborted
    const message = err instanceof Error ? err.message : String(err)
    repo.update(importId, { state: paused ? 'paused' : 'push-failed', meta: { ...latest.meta, pushStatus: paused ? 'paused' : `failed: ${message}` } })
    throw err
  }
  return books.finish()
}

function collectionIdOf(sqlite: Database.Database, rec: ImportRecord): number | null {
  const name = rec.meta.options.collectionName
  if (!name) return null
  return new CollectionsRepo(sqlite).idByName(rec.workspaceId, name)
}

/** A collection the push created, into the mirror as a pull would write it (its rows come with the next pull). */
function recordCollection(sqlite: Database.Database, rec: ImportRecord, c: Record<string, unknown>, now: number): void {
  if (typeof c.id !== 'number') return
  const name = typeof c.name === 'string' ? c.name : (rec.meta.options.collectionName ?? '')
  const num = (v: unknown) => (typeof v === 'number' ? v : null)
  new CollectionsRepo(sqlite).saveCreated(rec.workspaceId, {
    id: c.id,
    name,
    schema: c.schema === undefined ? null : JSON.stringify(c.schema),
    bytes: num(c.bytes),
    rows: num(c.rows),
    createdAt: secondsToMs(c.created_at) ?? now,
    updatedAt: secondsToMs(c.updated_at) ?? now,
  })
}

/** The bookkeeping of one push run: every write to SQLite the push makes goes through here. */
class Books {
  private readonly sqlite: Database.Database
  private readonly repo: ImportRepo
  private readonly applier: MirrorPeopleApplier
  private readonly segmentApplier: MirrorSegmentApplier | null
  private readonly inFlight = new Map<number, RowResult>()
  private readonly onlyJson: string | null
  private readonly batches: PushBatchesRepo

  constructor(private readonly env: PushEnv, private readonly rec: ImportRecord, private readonly checkpoint: PushCheckpoint) {
    this.sqlite = env.sqlite
    this.repo = env.repo
    this.applier = new MirrorPeopleApplier(env.sqlite, rec.workspaceId)
    const segmentId = rec.meta.options.segmentId
    this.segmentApplier = rec.meta.rowKind === 'segment-members' && segmentId !== undefined ? new MirrorSegmentApplier(env.sqlite, rec.workspaceId, segmentId) : null
    this.onlyJson = checkpoint.only ? JSON.stringify(checkpoint.only) : null
    this.batches = new PushBatchesRepo(env.sqlite)
  }

  private get id(): string {
    return this.rec.id
  }

  pendingCount(): number {
    return this.repo.rows.pendingCount(this.id, this.onlyJson)
  }

  pendingPage(after: number): RowResult[] {
    const results = this.repo.rows.pendingPage(this.id, this.onlyJson, after, PAGE_ROWS).map(toRowResult)
    for (const r of results) this.inFlight.set(r.row, r)
    return results
  }

  /** After a crash: see the file comment for what happens to each unacknowledged unit. */
  recoverUnacknowledged(): void {
    const open = this.batches.open(this.id)
    const now = this.env.now()
    this.sqlite.transaction(() => {
      for (const b of open) {
        if (b.state === 'recorded') {
          this.batches.forget(this.id, b.seq)
          continue
        }
        const idempotent = (JSON.parse(b.response ?? '{}') as { idempotent?: boolean }).idempotent !== false
        this.batches.markMayHaveApplied(this.id, b.seq, { idempotent, resolution: idempotent ? 'rows sent again: repeating them converges' : 'not sent again: it may have been applied' }, now)
        if (!idempotent) {
          const message = 'the request was sent but its answer was lost; it may have been applied. Check the workspace before pushing it again.'
          this.repo.rows.skipPendingBetween(this.id, this.onlyJson, b.first_row, b.last_row, message)
        }
      }
    })()
  }

  rejectUnsendable(rows: Unsendable[]): void {
    if (rows.length === 0) return
    this.sqlite.transaction(() => {
      const counts = this.repo.get(this.id)!.counts
      for (const u of rows) {
        this.repo.rows.setOutcome(this.id, u.row, 'rejected', u.message)
        this.repo.rows.putError(this.id, { row: u.row, column: null, value: null, message: u.message, bucket: 'rejected' })
        this.inFlight.delete(u.row)
        counts.rejected++
      }
      this.repo.update(this.id, { counts })
    })()
  }

  async send(unit: SendUnit, cio: CioClientSet, ctx: JobContext): Promise<void> {
    const seq = this.checkpoint.nextSeq++
    const now = this.env.now()
    const first = unit.rows.reduce((a, b) => Math.min(a, b))
    const last = unit.rows.reduce((a, b) => Math.max(a, b))
    this.sqlite.transaction(() => {
      this.batches.record(this.id, { seq, firstRow: first, lastRow: last, bytes: unit.bytes, ops: unit.ops, idempotent: unit.idempotent }, now)
      this.repo.update(this.id, { checkpoint: this.checkpoint })
    })()
    this.batches.markSent(this.id, seq, this.env.now())
    const requestsBefore = cio.stats.requests
    let failures: Map<number, string>
    try {
      failures = await unit.send(cio, ctx.signal)
    } catch (err) {
      if (err instanceof MayHaveAppliedError) return this.mayHaveApplied(seq, unit, err.message, cio.stats.requests - requestsBefore)
      // A refusal of the whole request (4xx): its rows are rejected with the reason, the push goes on.
      if (err instanceof AppError && !err.retryable && (err.code === 'REMOTE' || err.code === 'NOT_FOUND' || err.code === 'VALIDATION')) {
        failures = new Map(unit.rows.map((_, i) => [i, err.message]))
      } else throw err
    }
    this.acknowledge(seq, unit, failures, cio.stats.requests - requestsBefore)
  }

  private acknowledge(seq: number, unit: SendUnit, failures: Map<number, string>, requests: number): void {
    const now = this.env.now()
    this.sqlite.transaction(() => {
      const counts = this.repo.get(this.id)!.counts
      unit.rows.forEach((row, index) => {
        const message = failures.get(index)
        const r = this.inFlight.get(row)
        this.inFlight.delete(row)
        if (message !== undefined) {
          this.repo.rows.setOutcome(this.id, row, 'rejected', message)
          this.repo.rows.putError(this.id, { row, column: null, value: null, message, bucket: 'rejected' })
          counts.rejected++
          return
        }
        this.repo.rows.setOutcome(this.id, row, 'accepted', null)
        counts.accepted++
        const identifier = parseEntityKey(r?.entityKey ?? null)
        if (this.rec.meta.rowKind === 'people' && identifier && r?.changes) this.applier.apply(identifier, r.changes, now)
        if (this.segmentApplier && identifier && r?.changes) this.segmentApplier.apply(identifier, r.changes.segment?.to !== undefined ? 'add' : 'remove', now)
      })
      counts.sent += unit.rows.length
      counts.requests += requests
      counts.bytes += unit.bytes
      const response = { idempotent: unit.idempotent, refused: [...failures].slice(0, 100).map(([index, message]) => ({ batch_index: index, row: unit.rows[index], message })) }
      this.batches.acknowledge(this.id, seq, response, now)
      this.repo.update(this.id, { counts, checkpoint: this.checkpoint })
    })()
  }

  private mayHaveApplied(seq: number, unit: SendUnit, message: string, requests: number): void {
    const now = this.env.now()
    this.sqlite.transaction(() => {
      const counts = this.repo.get(this.id)!.counts
      for (const row of unit.rows) {
        this.repo.rows.setOutcome(this.id, row, 'skipped', message)
        this.inFlight.delete(row)
      }
      counts.sent += unit.rows.length
      counts.requests += requests
      counts.bytes += unit.bytes
      this.batches.markMayHaveApplied(this.id, seq, { idempotent: false, error: message }, now)
      this.repo.update(this.id, { counts, checkpoint: this.checkpoint })
    })()
  }

  /** Final state, the audit entry, and the job's closing message. */
  finish(): string {
    const rec = this.repo.get(this.id)!
    const c = rec.counts
    // (a people plan of unchanged rows is pushed so its changed people are judged again: it may send nothing)
    const status = c.rejected > 0 ? 'done with rejected rows' : c.sent === 0 ? 'nothing to send' : 'done'
    const outcomes = this.repo.rows.outcomeCounts(this.id)
    const rejected = this.repo.rows.firstRejected(this.id, 1000)
    this.sqlite.transaction(() => {
      this.repo.update(this.id, { state: 'pushed', finishedAt: this.env.now(), checkpoint: { only: null, nextSeq: this.checkpoint.nextSeq }, meta: { ...rec.meta, pushStatus: status } })
      this.repo.audit({
        workspaceId: rec.workspaceId, at: this.env.now(), actor: this.env.actor, action: rec.kind === 'undo' ? 'import-undo' : 'import', jobId: rec.id,
        fileName: rec.fileName, fileHash: rec.fileHash, mapping: rec.mapping, counts: c,
        results: { outcomes: Object.fromEntries(outcomes.map((o) => [o.outcome ?? 'not sent', o.n])), rejected, only: this.checkpoint.only },
      })
    })()
    return `${c.sent} ${c.sent === 1 ? 'row' : 'rows'} sent in ${c.requests} request${c.requests === 1 ? '' : 's'}: ${c.accepted} accepted, ${c.rejected} rejected`
  }
}
