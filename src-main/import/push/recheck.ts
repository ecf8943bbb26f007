// Before a people plan is pushed, the rows whose people changed since the plan are judged again
// (issue 14): a field planned 'unchanged' (file free, mirror free) stayed unsent after the remote
// became pro, and the push said "nothing to send". First, as the outbox push does
// (merge/push-refresh.ts), the plan's people are re-read from Customer.io into the mirror (at most
// REFRESH_MAX_PEOPLE; a bigger plan relies on the last pull, and says so). Then every pending or
// unchanged row whose person changed in the mirror after the plan began reading it is judged again
// from its file row (the file is the one planned: file-snapshot.ts; a row fixed in the report is
// judged from its edited cells) exactly as the plan judges a row (assessPerson). Its bucket and
// field changes follow, and with them what is sent, what an undo puts back, and the counts.

import type Database from 'better-sqlite3'
import type { AppReads } from '../../cio/app-reads'
import { refreshPeople } from '../../merge/push-refresh'
import { SyncRunsRepo } from '../../db/sync-runs-repo'
import { AppError } from '../../contract/result'
import type { JobContext } from '../../jobs/job-service'
import type { ImportRecord, ImportRepo, RowBucket } from '../import-repo'
import { RowResultsRepo } from '../row-results-repo'
import { assessPerson } from '../plan/assess-person'
import { lookupBatchPeople } from '../plan/batch-people'
import { matchKey, MirrorLookup } from '../plan/mirror-lookup'
import { parseEntityKey } from '../plan/record-changes'
import { readRows } from '../../csv/read-rows'
import { sniffFile } from '../../csv/sniff'
import type { IdentifierType, ValidatedRow } from '../types'
import { createValidator } from '../validate'

/** People re-read through the App API before a push: 100 per request at 10 requests a second. */
export const REFRESH_MAX_PEOPLE = 5_000
const PAGE = 2_000

export interface RecheckEnv {
  sqlite: Database.Database
  repo: ImportRepo
  now: () => number
  signal: AbortSignal
  progress: (done: number, total: number) => void
}

/** What the recheck did, for the plan's warnings; null when there was nothing to look at. */
export interface Recheck {
  refreshed: number | 'skipped'
  rechecked: number
  moved: Record<string, number>
}

interface Candidate {
  row: number
  key: string
}

/** The rows a push may still send or skip: pending creates and updates, and unchanged rows. */
function candidatePages(sqlite: Database.Database, importId: string, only: number[] | null): Iterable<Candidate[]> {
  const rowResults = new RowResultsRepo(sqlite)
  const onlyJson = only ? JSON.stringify(only) : null
  return (function* () {
    for (let after = 0; ; ) {
      const page: Candidate[] = rowResults.recheckCandidates(importId, onlyJson, after, PAGE)
      if (page.length === 0) return
      yield page
      after = page[page.length - 1].row
    }
  })()
}

/** The mirror's people of these rows (tombstones too: a deletion is a change), by the rows' keys. */
function peopleOf(sqlite: Database.Database, workspaceId: string, page: Candidate[]): Map<string, { pk: number; cioId: string | null; updatedAt: number; deleted: boolean }> {
  const byType: Record<IdentifierType, string[]> = { id: [], email: [], cio_id: [] }
  for (const c of page) {
    const id = parseEntityKey(c.key)
    if (id) byType[id.type].push(matchKey(id.type, id.value))
  }
  const found = new Map<string, { pk: number; cioId: string | null; updatedAt: number; deleted: boolean }>()
  const column = { id: 'id', email: 'lower(email)', cio_id: 'cio_id' } as const
  for (const type of ['id', 'email', 'cio_id'] as const) {
    if (byType[type].length === 0) continue
    const rows = sqlite
      .prepare(`SELECT ${column[type]} AS k, pk, cio_id, updated_at, deleted_at FROM people WHERE ws = (SELECT ws FROM workspaces WHERE id = ?) AND ${column[type]} IN (SELECT value FROM json_each(?)) ORDER BY deleted_at IS NOT NULL`)
      .all(workspaceId, JSON.stringify(byType[type])) as { k: string; pk: number; cio_id: string | null; updated_at: number; deleted_at: number | null }[]
    // a live holder of an identifier before a tombstone that once had it
    for (const r of rows) if (!found.has(`${type}:${r.k}`)) found.set(`${type}:${r.k}`, { pk: r.pk, cioId: r.cio_id, updatedAt: r.updated_at, deleted: r.deleted_at !== null })
  }
  return found
}

function personKey(key: string): string {
  const id = parseEntityKey(key)!
  return `${id.type}:${matchKey(id.type, id.value)}`
}

/**
 * When the plan began reading the mirror, moved back to the start of any pull that wrote to it
 * since: a pull stamps what it writes with its own start, which may come before the plan's.
 */
function planSeenAt(sqlite: Database.Database, rec: ImportRecord): number {
  const pull = new SyncRunsRepo(sqlite).earliestPullSince(rec.workspaceId, rec.createdAt)
  return Math.min(rec.createdAt, pull ?? rec.createdAt)
}

export async function recheckPeople(env: RecheckEnv, rec: ImportRecord, reads: AppReads | null, only: number[] | null): Promise<Recheck | null> {
  if (rec.kind === 'undo' || rec.meta.rowKind !== 'people' || !rec.mapping) return null
  const { sqlite } = env
  const since = planSeenAt(sqlite, rec)
  // 1. re-read the people from Customer.io (as the outbox push does), when there are not too many
  let refreshed: Recheck['refreshed'] = 'skipped'
  if (reads) {
    const pks: number[] = []
    for (const page of candidatePages(sqlite, rec.id, only)) {
      for (const p of peopleOf(sqlite, rec.workspaceId, page).values()) if (p.cioId !== null && !p.deleted) pks.push(p.pk)
      if (pks.length > REFRESH_MAX_PEOPLE) break
    }
    if (pks.length <= REFRESH_MAX_PEOPLE) {
      refreshed = (await refreshPeople(sqlite, rec.workspaceId, reads, pks, env.now(), env.progress, env.signal)).people
    }
  }
  // 2. the rows whose person changed in the mirror after the plan saw it (or appeared: a create)
  const stale = new Set<number>()
  for (const page of candidatePages(sqlite, rec.id, only)) {
    const people = peopleOf(sqlite, rec.workspaceId, page)
    for (const c of page) {
      const p = people.get(personKey(c.key))
      if (p && p.updatedAt >= since) stale.add(c.row)
    }
  }
  const result: Recheck = { refreshed, rechecked: stale.size, moved: {} }
  if (stale.size > 0) await rejudge(env, rec, stale, result.moved)
  return result
}

/** Judges the rows again from the file (or their fixed cells) against the mirror as it is now. */
async function rejudge(env: RecheckEnv, rec: ImportRecord, rows: Set<number>, moved: Record<string, number>): Promise<void> {
  const { sqlite, repo } = env
  const sniff = await sniffFile(rec.meta.sourcePath, rec.fileName, { encoding: rec.meta.options.encoding })
  if (sniff.sha256 !== rec.fileHash) throw new AppError('CONFLICT', `${rec.fileName} changed since it was planned; plan it again`)
  const validate = createValidator(rec.mapping!, rec.meta.options, { fileSha256: sniff.sha256, fileName: sniff.fileName })
  const lookup = new MirrorLookup(sqlite, rec.workspaceId)
  const fixed = rec.meta.fixedCells ?? {}
  const write = sqlite.transaction((batch: ValidatedRow[]) => {
    const people = lookupBatchPeople(lookup, batch)
    const counts = repo.get(rec.id)!.counts
    for (const item of batch) {
      const before = repo.rows.row(rec.id, item.row)
      if (!before || before.outcome !== null) continue
      const blocking = item.errors.find((e) => e.severity === 'invalid' && e.row === item.row)
      const plan = item.record?.kind === 'people' && !blocking ? assessPerson(item.record, people).plan : { bucket: 'invalid' as const, changes: null, column: blocking?.column ?? null, value: blocking?.value ?? null, message: blocking?.message ?? 'the row could not be read again' }
      const bucket: RowBucket = plan.bucket
      if (bucket === before.bucket && JSON.stringify(plan.changes) === JSON.stringify(before.changes)) continue
      const message = bucket === 'invalid' ? (plan.message ?? 'invalid') : null
      repo.rows.putRow(rec.id, { ...before, bucket, changes: plan.changes, message })
      if (bucket === 'invalid') repo.rows.putError(rec.id, { row: item.row, column: plan.column ?? null, value: plan.value ?? null, message: message!, bucket: 'invalid' })
      counts[before.bucket]--
      counts[bucket]++
      if (bucket === 'invalid') counts.errors++
      const move = before.bucket === bucket ? `${bucket} (other values)` : `${before.bucket} → ${bucket}`
      moved[move] = (moved[move] ?? 0) + 1
    }
    repo.update(rec.id, { counts })
  })
  let batch: ValidatedRow[] = []
  for await (const raws of readRows(rec.meta.sourcePath, sniff, { signal: env.signal, batchSize: PAGE })) {
    for (const raw of raws) {
      if (!rows.has(raw.row)) continue
      const cells = fixed[raw.row]
      batch.push({ row: raw.row, ...validate(cells ? { row: raw.row, cells } : raw) })
    }
    if (batch.length >= PAGE) {
      write(batch)
      batch = []
    }
  }
  if (batch.length > 0) write(batch)
}

const WARNING_START = 'before the push, '

/** The recheck as the push runs it: its progress phase, and its outcome among the plan's warnings (the last one only). */
export async function recheckBeforePush(env: Omit<RecheckEnv, 'signal' | 'progress'>, rec: ImportRecord, reads: AppReads | null, only: number[] | null, ctx: JobContext): Promise<void> {
  ctx.progress('recheck', 0, null)
  const r = await recheckPeople({ ...env, signal: ctx.signal, progress: (done, total) => ctx.progress('recheck', done, total) }, rec, reads, only)
  if (!r) return
  const warning = recheckWarning(r)
  const latest = env.repo.get(rec.id)!
  const warnings = latest.meta.warnings.filter((w) => !w.startsWith(WARNING_START))
  env.repo.update(rec.id, { meta: { ...latest.meta, warnings: warning ? [...warnings, warning] : warnings } })
}

/** The plan's warning about the recheck, or null when it found nothing to say. */
export function recheckWarning(r: Recheck): string | null {
  const moves = Object.entries(r.moved).map(([m, n]) => `${n} ${m}`)
  const unread = r.refreshed === 'skipped' ? ` (the people were not re-read from Customer.io first: more than ${REFRESH_MAX_PEOPLE.toLocaleString('en-US')}, or no App API key; pull first to see changes made there)` : ''
  if (r.rechecked === 0) return unread ? `${WARNING_START}the plan was checked against the mirror only${unread}` : null
  return `${WARNING_START}${r.rechecked} rows whose people changed since the plan were judged again${moves.length ? `: ${moves.join(', ')}` : ': none differs from the plan'}${unread}`
}
