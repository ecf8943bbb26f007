// People: which path a pull takes (pullPeople: one search page, the activity feed, or an export;
// docs/pulls.md), and the export path itself.
//
// The exports API (docs/customerio-api.md §4.10): create a customers export, poll it
// until done, download the file through its signed link, stream-parse it and upsert in batches.
// Each batch and the checkpoint (export id + rows applied) commit together, so a killed pull
// downloads the same export again, passes over the rows it has and continues with the next one.
// The download and parse run on a worker thread; a first bulk load also builds its search index
// there, aside, and swaps it in at the end (people-fts-scratch.ts, people-fts-adopt.ts), and goes
// without the email index until its last row (db/people-bulk-index.ts).

import { resolve } from 'node:path'
import type { FeedChanges } from './activity-feed'
import { discoverAttributeNames } from './attribute-names'
import { EVERYONE } from './everyone-filter'
import { realClock } from '../../base/clock'
import { AppError } from '../../contract/result'
import { decodePeople } from './people-batch'
import { ExportReader } from './people-export-reader'
import { resumePeopleFtsInserts, suspendPeopleFtsInserts } from './people-fts'
import { adoptScratchIndex, markLiveIndex, type LiveIndexMark } from './people-fts-adopt'
import { removeScratch } from './people-fts-scratch'
import { PeopleWriter, type PeopleBatch } from '../../merge/people-writer'
import { feedHeadOrNull, tryIncrementalPull } from './people-incremental'
import { refreshPeople } from './people-refresh'
import { PeopleSyncStateRepo } from '../../db/people-sync-state-repo'
import { restorePeopleEmailIndex, suspendPeopleEmailIndex } from '../../db/people-bulk-index'
import type { PeopleCheckpoint, PullEnv } from './pull-state'
import { SMALL_PULL_MAX, trySmallPeoplePull } from './small-people-pull'

/** A first pull this big loads without the per-row FTS trigger and rebuilds the index once. */
const BULK_MIN_ROWS = 10_000
/** People an export created or changed that are then read in full (docs/pulls.md); beyond, the deep pull. */
const COMPLETE_AFTER_EXPORT_MAX = 2000

async function startExport(env: PullEnv, repo: PeopleSyncStateRepo, from: { reason: string; partial: FeedChanges | null }): Promise<PeopleCheckpoint> {
  // The head first: whatever changes while the export is built is read again by the next pull.
  const feedPosition = await feedHeadOrNull(env)
  env.progress('people: attributes', 0, null)
  const attributes = await discoverAttributeNames(env, repo, from.partial?.names ?? [])
  const created = await env.reads.createCustomersExport(EVERYONE, attributes)
  const existing = env.sqlite.prepare('SELECT count(*) FROM people WHERE ws = (SELECT ws FROM workspaces WHERE id = ?)').pluck().get(env.workspaceId) as number
  const recheck = from.partial ? [...new Set([...from.partial.changed, ...from.partial.gone])].slice(0, COMPLETE_AFTER_EXPORT_MAX) : []
  return { exportId: created.id, attributes, rowsApplied: 0, total: 0, mode: existing === 0 ? 'fresh' : 'compare', bulk: false, feedPosition, recheck }
}

/** Polls until the export is done, backing off from 0.5 s to 5 s between checks. */
async function waitForExport(env: PullEnv, exportId: number): Promise<number> {
  let delay = 500
  for (;;) {
    const info = await env.reads.getExport(exportId)
    if (info.status === 'done') return info.total
    if (info.status === 'failed' || info.failed) throw new AppError('REMOTE', `Customer.io could not build export ${exportId}; pull again`, true)
    env.progress('people: export', 0, null)
    await realClock.sleep(delay, env.signal)
    delay = Math.min(5000, delay * 1.5)
  }
}

/**
 * People, by the cheapest path that leaves the mirror complete (docs/pulls.md): one search page for
 * a small workspace, the activity feed since the last pull when the mirror is recent enough, and
 * otherwise (first pull, `--full`, a feed too old, too busy or unreadable) an export.
 */
export async function pullPeople(env: PullEnv): Promise<void> {
  const repo = new PeopleSyncStateRepo(env.sqlite)
  // An export of an interrupted run is resumed as it was.
  if (env.state.people) return exportPeople(env, repo, { reason: env.state.counts.peoplePull?.reason ?? 'resumed', partial: null })
  const { feedPosition: position, lastMode } = repo.get(env.workspaceId)
  let reason: string
  let partial: FeedChanges | null = null
  if (env.state.full) reason = 'a full pull was asked for'
  else {
    const mirrorPeople = env.sqlite.prepare('SELECT count(*) FROM people WHERE ws = (SELECT ws FROM workspaces WHERE id = ?) AND deleted_at IS NULL').pluck().get(env.workspaceId) as number
    // One search page reads a small workspace whole, so it stores no feed position: a workspace
    // that outgrows it gets one export, and reads the feed from then on.
    if ((mirrorPeople <= SMALL_PULL_MAX || !position) && (await trySmallPeoplePull(env))) {
      env.state.counts.peoplePull = { mode: 'search', reason: null, feedPages: 0, peopleRead: env.state.counts.people.created + env.state.counts.people.updated + env.state.counts.people.unchanged }
      repo.recordPull(env.workspaceId, { mode: 'search', reason: null, feedPosition: null, at: env.now() })
      env.save()
      return
    }
    if (position) {
      const outcome = await tryIncrementalPull(env, position, repo, mirrorPeople)
      if (outcome.ok) return
      reason = outcome.reason
      partial = outcome.partial
    } else if (lastMode === 'search') reason = 'the workspace has outgrown one search page'
    else reason = mirrorPeople > 0 ? 'no activity feed position yet (the first pull that reads the feed)' : 'the first pull of this workspace'
  }
  const feedPages = env.state.counts.peoplePull?.feedPages ?? 0
  env.state.counts.peoplePull = { mode: 'export', reason, feedPages, peopleRead: 0 }
  await exportPeople(env, repo, { reason, partial })
}

async function exportPeople(env: PullEnv, repo: PeopleSyncStateRepo, from: { reason: string; partial: FeedChanges | null }): Promise<void> {
  // Download, parse and mapping run on the export worker (people-export-worker.ts); this thread
  // only writes. The worker boots (a few hundred ms from source) while the export is built.
  const reader = new ExportReader(env.signal)
  let writer: PeopleWriter
  let checkpoint: PeopleCheckpoint
  try {
    const ready = await readyExport(env, repo, from)
    checkpoint = ready.checkpoint
    writer = await applyExport(env, checkpoint, ready.total, reader)
  } finally {
    await reader.close()
  }
  await completeAfterExport(env, repo, checkpoint, writer)
}

/**
 * An export carries only the columns asked for: the people it created or changed, and those the
 * feed named before it proved incomplete, are read in full so they hold every attribute they have.
 */
async function completeAfterExport(env: PullEnv, repo: PeopleSyncStateRepo, checkpoint: PeopleCheckpoint, writer: PeopleWriter): Promise<void> {
  const ids = checkpoint.mode === 'fresh' ? [...(checkpoint.recheck ?? [])] : [...new Set([...(checkpoint.recheck ?? []), ...writer.changedCioIds])]
  const path = env.state.counts.peoplePull
  let names = new Set<string>()
  if (ids.length > 0 && ids.length <= COMPLETE_AFTER_EXPORT_MAX) {
    const result = await refreshPeople(env, ids, env.state.counts.people, { phase: 'people: complete', afterChunk: () => env.save() })
    names = result.names
    if (path) path.peopleRead = ids.length - result.missing.length
  }
  env.sqlite.transaction(() => {
    repo.addAttributeNames(env.workspaceId, checkpoint.attributes, 'export')
    repo.addAttributeNames(env.workspaceId, names, 'bulk')
    repo.recordPull(env.workspaceId, { mode: 'export', reason: path?.reason ?? null, feedPosition: checkpoint.feedPosition ?? null, at: env.now() })
    env.save()
  })()
}

/** The export of this pull once it is built: the checkpoint's, or a new one. */
async function readyExport(env: PullEnv, repo: PeopleSyncStateRepo, from: { reason: string; partial: FeedChanges | null }): Promise<{ checkpoint: PeopleCheckpoint; total: number }> {
  let cp = env.state.people
  let total: number
  try {
    if (!cp) throw new AppError('NOT_FOUND', 'no export yet')
    total = await waitForExport(env, cp.exportId)
  } catch (err) {
    if (!(err instanceof AppError) || err.code !== 'NOT_FOUND') throw err
    // First run, or the export of an interrupted run is gone: start a new one. Rows already
    // applied from the old export are compared, not inserted blindly.
    const wasResumed = cp !== undefined
    cp = await startExport(env, repo, from)
    if (wasResumed) cp.mode = 'compare'
    env.state.people = cp
    env.save()
    total = await waitForExport(env, cp.exportId)
  }
  cp.total = total
  return { checkpoint: cp, total }
}

async function applyExport(env: PullEnv, checkpoint: PeopleCheckpoint, total: number, reader: ExportReader): Promise<PeopleWriter> {
  const counts = env.state.counts.people
  const writer = new PeopleWriter(env.sqlite, env.workspaceId, checkpoint.mode, env.now())
  const bulkAllowed = checkpoint.mode === 'fresh' && total >= BULK_MIN_ROWS && total >= (env.sqlite.prepare('SELECT count(*) FROM people').pluck().get() as number)
  // The search index is built aside only by a bulk load that starts here, at the first row, into
  // a mirror file; a resumed load, or one that fails or is cancelled, rebuilds it as before.
  const mirrorFile = env.sqlite.memory ? null : resolve(env.sqlite.name)
  const scratchFile = mirrorFile ? `${mirrorFile}-people-fts-${env.runId.replace(/[^\w-]/g, '_')}.scratch` : null
  const aside = bulkAllowed && checkpoint.rowsApplied === 0 && !checkpoint.bulk && scratchFile !== null
  let mark: LiveIndexMark | null = null

  const applyBatch = env.sqlite.transaction((batch: PeopleBatch): Float64Array | undefined => {
    if (bulkAllowed && !checkpoint.bulk) {
      if (aside) mark = markLiveIndex(env.sqlite)
      suspendPeopleFtsInserts(env.sqlite)
      suspendPeopleEmailIndex(env.sqlite)
      checkpoint.bulk = true
    }
    let pks: Float64Array | undefined
    if (checkpoint.mode === 'fresh') pks = writer.applyFreshBatch(batch, counts)
    else writer.apply(decodePeople(batch), counts)
    checkpoint.rowsApplied = batch.firstRow + batch.rowCount
    env.save()
    env.progress('people', checkpoint.rowsApplied, total)
    return pks
  })

  if (scratchFile) removeScratch(scratchFile) // a killed earlier run of this job may have left one
  let adopted = false
  try {
    const url = await env.reads.exportDownloadUrl(checkpoint.exportId)
    env.progress('people', checkpoint.rowsApplied, total)
    reader.begin({ url, skipRows: checkpoint.rowsApplied, batchSize: env.peopleBatchRows, mode: checkpoint.mode, index: aside ? { mirrorFile: mirrorFile!, scratchFile: scratchFile! } : undefined })
    let first = true
    for (;;) {
      const item = await reader.next()
      if (item.type === 'end') break
      if (item.type === 'skipped') writer.markSeen(item.cioIds)
      const pks = item.type === 'batch' ? applyBatch(item.batch) : undefined
      // Acked only once committed: the index built aside never holds a row the mirror lacks.
      const feed = aside && mark !== null && reader.indexing
      reader.ack(item.seq, feed ? pks : undefined, feed && first ? mark!.existingThrough : undefined)
      if (item.type === 'batch') first = false
    }
    env.signal.throwIfAborted()
    if (checkpoint.bulk) {
      // here, while the export worker still finishes the search index on the other core
      env.progress('people: index', 0, 1)
      restorePeopleEmailIndex(env.sqlite)
    }
    if (checkpoint.bulk && mark) {
      if (await reader.finishIndex()) {
        env.signal.throwIfAborted()
        env.progress('people: index swap', 0, 1)
        adopted = swapIn(mirrorFile!, scratchFile!, mark)
        if (adopted) env.progress('people: index swap', 1, 1)
      }
      env.signal.throwIfAborted()
    }
  } finally {
    await reader.close() // before the scratch file goes: the worker may still have it open
    if (scratchFile) removeScratch(scratchFile)
    // Done, cancelled or failed: search must see every row in the mirror either way. (A killed
    // process never gets here; the next pull repairs the index before it starts.)
    if (checkpoint.bulk) {
      if (!adopted) {
        env.progress('people: index', 0, 1)
        resumePeopleFtsInserts(env.sqlite)
      }
      restorePeopleEmailIndex(env.sqlite)
      checkpoint.bulk = false
      env.save()
    }
  }
  env.sqlite.transaction(() => {
    writer.tombstoneUnseen(counts)
    env.save()
  })()
  return writer
}

/** The index built aside, swapped in; false (and the caller rebuilds) when it cannot be. */
function swapIn(mirrorFile: string, scratchFile: string, mark: LiveIndexMark): boolean {
  try {
    return adoptScratchIndex(mirrorFile, scratchFile, mark).adopted
  } catch {
    // e.g. SQLITE_BUSY past the busy timeout: the rebuild after it is what every other path does
    return false
  }
}
