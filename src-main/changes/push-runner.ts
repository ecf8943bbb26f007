// The `push` job: outbox → Customer.io. It refreshes what it is about to change
// (merge/push-refresh.ts, collection-refresh.ts), sends what is still safe to send in size-packed
// requests (push-units.ts), and keeps the books so that a kill at any point loses and duplicates
// nothing:
//   1. before a request, ONE transaction marks its entries 'sending' with the batch id
//      `<jobId>:<seq>` and saves the checkpoint;
//   2. after the answer, ONE transaction marks each entry 'sent' (moving its value into the
//      mirror's base) or 'failed' with Customer.io's message (a 207 maps back by batch_index).
// An entry found 'sending' when a push starts was on the wire when the last one died: every
// request here converges when repeated, so it goes back to 'pending' and is refreshed and sent
// again; if the lost request did apply, the refresh finds the value already there and settles
// the entry without sending (same-both), so nothing is sent twice in effect.

import type Database from 'better-sqlite3'
import { AppReads } from '../cio/app-reads'
import { CioClientSet } from '../cio/client-set'
import type { ConnectivityTracker } from '../cio/connectivity'
import { MayHaveAppliedError } from '../cio/errors'
import type { GovernorRegistry } from '../cio/rate-governor'
import { AppError } from '../contract/result'
import type { JobContext, JobResult } from '../jobs/job-service'
import type { SyncRunsRepo } from '../db/sync-runs-repo'
import type { WorkspaceAccess } from '../db/workspace-access'
import { LocalView } from './local-view'
import { type OutboxRepo, type OutboxRow } from './outbox-repo'
import { personPkOf } from '../base/entity-key'
import { refreshPeople } from '../merge/push-refresh'
import { refreshCollection } from './collection-refresh'
import { buildUnits, type Addressee, type PushUnit } from './push-units'

export interface PushEnv {
  sqlite: Database.Database
  repo: OutboxRepo
  runs: SyncRunsRepo
  workspaces: WorkspaceAccess
  now: () => number
  actor: string
  governors: GovernorRegistry
  connectivity?: ConnectivityTracker
  /** after every change of the outbox's counts */
  changed: (workspaceId: string) => void
}

export interface PushCounts {
  selected: number
  sent: number
  failed: number
  conflicts: number
  settled: number
  requests: number
  bytes: number
  [key: string]: number
}

interface PushCheckpoint {
  nextSeq: number
  counts: PushCounts
}

export async function runOutboxPush(env: PushEnv, ctx: JobContext): Promise<JobResult> {
  const workspaceId = ctx.workspaceId
  if (!workspaceId) throw new AppError('NOT_FOUND', 'no active workspace; add or select one under Workspaces')
  const { sqlite, repo } = env
  const cio = new CioClientSet(await env.workspaces.connection(env.workspaces.row(workspaceId)), { workspaceId, governors: env.governors, connectivity: env.connectivity , priority: ctx.trigger === 'schedule' ? 'background' : 'foreground' })
  const reads = new AppReads(cio, ctx.signal)
  const resumed = ctx.resumeFrom as PushCheckpoint | null
  const cp: PushCheckpoint = resumed ?? { nextSeq: 1, counts: { selected: 0, sent: 0, failed: 0, conflicts: 0, settled: 0, requests: 0, bytes: 0 } }
  const counts = cp.counts
  const startedAt = env.now()
  env.runs.begin({ id: ctx.jobId, workspaceId, kind: 'push', trigger: ctx.trigger, startedAt })
  const requestsBefore = counts.requests
  const save = () => {
    counts.requests = requestsBefore + cio.stats.requests
    ctx.checkpoint(cp)
    env.runs.record(ctx.jobId, counts, cio.stats.retries)
  }

  // entries cut off on the wire by a kill go back to pending: see the file comment
  sqlite.prepare("UPDATE outbox SET state = 'pending', batch_id = NULL, updated_at = ? WHERE workspace_id = ? AND state = 'sending'").run(env.now(), workspaceId)
  const ids = Array.isArray(ctx.options.ids) ? (ctx.options.ids as number[]) : null
  const selection = repo.sendable(workspaceId, ids)
  if (!resumed) counts.selected = selection.length
  const total = selection.length
  ctx.progress('refresh', 0, total)
  try {
    const pks = [...new Set(selection.map((e) => personPkOf(e.entityKey)).filter((pk): pk is number => pk !== null))]
    const { gone } = await refreshPeople(sqlite, workspaceId, reads, pks, env.now(), (d, t) => ctx.progress('refresh', d, t), ctx.signal)
    for (const e of selection.filter((x) => x.op === 'collection')) await refreshCollection(sqlite, repo, workspaceId, reads, e, env.now())
    // what the refresh left to send; the rest was settled or is held by a conflict
    const selectedIds = selection.map((e) => e.id)
    const toSend = repo.sendable(workspaceId, selectedIds)
    const stillSendable = new Set(toSend.map((e) => e.id))
    for (const e of selection) {
      if (stillSendable.has(e.id)) continue
      const state = repo.get(workspaceId, e.id)?.state
      if (state === 'conflict') counts.conflicts++
      else counts.settled++
    }
    let done = total - toSend.length
    env.changed(workspaceId)
    const people = addressees(sqlite, workspaceId, toSend)
    const sendable = settleGone(env, workspaceId, toSend, gone, counts)
    const { units, unsendable } = buildUnits(sendable, people)
    sqlite.transaction(() => {
      for (const u of unsendable) for (const id of u.entries) repo.setState(id, 'failed', env.now(), u.message)
    })()
    counts.failed += unsendable.reduce((n, u) => n + u.entries.length, 0)
    done += toSend.length - sendable.length + unsendable.reduce((n, u) => n + u.entries.length, 0)
    ctx.progress('push', done, total)
    const view = new LocalView(sqlite)
    for (const unit of units) {
      ctx.signal.throwIfAborted()
      done += await sendUnit(env, ctx, cio, view, workspaceId, unit, cp, save)
      ctx.progress('push', done, total)
    }
  } catch (err) {
    // An engine shutdown leaves entries 'sending' for the next start to resend; a cancel or a
    // failure puts them back to pending (repeating any of these requests converges).
    if (ctx.stopReason() !== 'shutdown') {
      sqlite.prepare("UPDATE outbox SET state = 'pending', batch_id = NULL, updated_at = ? WHERE workspace_id = ? AND state = 'sending'").run(env.now(), workspaceId)
      save()
      env.runs.finish(ctx.jobId, ctx.signal.aborted ? 'cancelled' : 'failed', env.now(), counts, cio.stats.retries, err instanceof Error ? err.message : String(err))
      env.changed(workspaceId)
    }
    throw err
  }
  save()
  audit(env, workspaceId, ctx.jobId, counts)
  env.runs.finish(ctx.jobId, 'succeeded', env.now(), counts, cio.stats.retries, null)
  env.changed(workspaceId)
  ctx.countChanges(counts.sent + counts.failed + counts.conflicts)
  return { message: pushMessage(counts), conflicts: counts.conflicts, failed: counts.failed }
}

/** "1 change sent in 1 request: 0 failed, 1 conflict, 0 already in Customer.io" */
function pushMessage(counts: PushCheckpoint['counts']): string {
  const n = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`
  return `${n(counts.sent, 'change', 'changes')} sent in ${n(counts.requests, 'request', 'requests')}: ${counts.failed} failed, ${n(counts.conflicts, 'conflict', 'conflicts')}, ${counts.settled} already in Customer.io`
}

async function sendUnit(env: PushEnv, ctx: JobContext, cio: CioClientSet, view: LocalView, workspaceId: string, unit: PushUnit, cp: PushCheckpoint, save: () => void): Promise<number> {
  const { sqlite } = env
  const entryIds = unit.items.flatMap((i) => i.entries)
  const batchId = `${ctx.jobId}:${cp.nextSeq++}`
  sqlite.transaction(() => {
    sqlite
      .prepare("UPDATE outbox SET state = 'sending', batch_id = ?, attempts = attempts + 1, updated_at = ? WHERE id IN (SELECT value FROM json_each(?))")
      .run(batchId, env.now(), JSON.stringify(entryIds))
    save()
  })()
  let failures: Map<number, string>
  try {
    failures = await unit.send(cio, ctx.signal)
  } catch (err) {
    // A refusal of the whole request (4xx) fails its entries with the reason; the push goes on.
    const refused = err instanceof MayHaveAppliedError || (err instanceof AppError && !err.retryable && ['REMOTE', 'NOT_FOUND', 'VALIDATION'].includes(err.code))
    if (!refused) throw err
    failures = new Map(unit.items.map((_, i) => [i, (err as Error).message]))
  }
  const now = env.now()
  sqlite.transaction(() => {
    unit.items.forEach((item, index) => {
      const message = failures.get(index)
      for (const id of item.entries) {
        const e = env.repo.get(workspaceId, id)
        if (message !== undefined) {
          env.repo.setState(id, 'failed', now, message)
          cp.counts.failed++
          continue
        }
        env.repo.setState(id, 'sent', now)
        cp.counts.sent++
        if (e) applySent(view, workspaceId, e, now)
      }
    })
    cp.counts.bytes += unit.bytes
    save()
  })()
  env.changed(workspaceId)
  return entryIds.length
}

/** After Customer.io accepted an entry, the mirror's base holds what was sent. */
function applySent(view: LocalView, workspaceId: string, e: OutboxRow, now: number): void {
  const pk = personPkOf(e.entityKey)
  const p = pk === null ? null : view.personOrNull(workspaceId, pk)
  if (!p) return
  if (e.op === 'identify') {
    const values = { ...((e.payload.attributes ?? {}) as Record<string, unknown>) }
    delete values.id
    delete values.email // the identifier columns already hold the new value
    if (Object.keys(values).length > 0) view.setSynced(p, values, now)
  } else if (e.op === 'delete' || e.op === 'suppress') view.tombstone(p, now)
  else if (e.op === 'segment_add' || e.op === 'segment_remove') view.setMember(workspaceId, Number(e.payload.segmentId), p.cioId, e.op === 'segment_add', now)
}

/** People Customer.io no longer has: a delete of them is done; other changes of them fail. */
function settleGone(env: PushEnv, workspaceId: string, entries: OutboxRow[], gone: Set<number>, counts: PushCounts): OutboxRow[] {
  const now = env.now()
  const keep: OutboxRow[] = []
  env.sqlite.transaction(() => {
    for (const e of entries) {
      const pk = personPkOf(e.entityKey)
      if (pk === null || !gone.has(pk) || e.op === 'unsuppress') {
        keep.push(e)
        continue
      }
      if (e.op === 'delete' || e.op === 'suppress') {
        env.repo.setState(e.id, 'sent', now)
        counts.settled++
      } else {
        env.repo.setState(e.id, 'failed', now, 'this person no longer exists in Customer.io (deleted or suppressed there); pull to update the mirror, then discard the change')
        counts.failed++
      }
    }
  })()
  return keep
}

function addressees(sqlite: Database.Database, workspaceId: string, entries: OutboxRow[]): Map<number, Addressee> {
  const pks = [...new Set(entries.map((e) => personPkOf(e.entityKey)).filter((pk): pk is number => pk !== null))]
  const rows = sqlite
    .prepare('SELECT pk, cio_id AS cioId, id, email FROM people WHERE ws = (SELECT ws FROM workspaces WHERE id = ?) AND pk IN (SELECT value FROM json_each(?))')
    .all(workspaceId, JSON.stringify(pks)) as (Addressee & { pk: number })[]
  return new Map(rows.map((r) => [r.pk, r]))
}

function audit(env: PushEnv, workspaceId: string, jobId: string, counts: PushCounts): void {
  const results = env.sqlite
    .prepare("SELECT id, op, entity_key AS entityKey, state, last_error AS lastError FROM outbox WHERE workspace_id = ? AND batch_id LIKE ? || ':%' ORDER BY id LIMIT 1000")
    .all(workspaceId, jobId)
  env.sqlite
    .prepare('INSERT INTO audit_log (workspace_id, at, actor, action, job_id, file_name, file_hash, mapping, counts, results) VALUES (?, ?, ?, ?, ?, NULL, NULL, NULL, ?, ?)')
    .run(workspaceId, env.now(), env.actor, 'push', jobId, JSON.stringify(counts), JSON.stringify({ entries: results }))
}
