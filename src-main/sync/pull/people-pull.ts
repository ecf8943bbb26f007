// People through the exports API (customerio-api.md §4.10): create a customers export, poll it
// until done, download the file through its signed link, stream-parse it and upsert in batches.
// Each batch and the checkpoint (export id + rows applied) commit together, so a killed pull
// downloads the same export again, passes over the rows it has and continues with the next one.
// The download and parse run on a worker thread; a first bulk load also builds its search index
// there, aside, and swaps it in at the end (people-fts-scratch.ts, people-fts-adopt.ts).

import { resolve } from 'node:path'
import { EVERYONE } from './everyone-filter'
import { realClock } from '../../cio/rate-governor'
import { AppError } from '../../ipc/result'
import { decodePeople, type PeopleBatch } from './people-batch'
import { ExportReader } from './people-export-reader'
import { resumePeopleFtsInserts, suspendPeopleFtsInserts } from './people-fts'
import { adoptScratchIndex, markLiveIndex, type LiveIndexMark } from './people-fts-adopt'
import { removeScratch } from './people-fts-scratch'
import { PeopleWriter } from './people-writer'
import { IDENTIFIER_COLUMNS } from './person-merge'
import type { PeopleCheckpoint, PullEnv } from './pull-state'
import { trySmallPeoplePull } from './small-people-pull'

/** A first pull this big loads without the per-row FTS trigger and rebuilds the index once. */
const BULK_MIN_ROWS = 10_000
const SAMPLE_PEOPLE = 100

/**
 * Which attribute columns to ask the export for. An export holds only the identifier columns plus
 * the attributes requested, and Customer.io has no "list every attribute name" call, so:
 *   1. sample: one page of people (search) and the attributes of up to 100 of them, spread over
 *      the page (bulk attributes, by id);
 *   2. union with every attribute name the mirror already holds for this workspace, so an
 *      attribute that was removed remotely shows up as an empty column and is removed here too.
 * An attribute that only unsampled people have, and that the mirror never saw, is missed by one
 * pull; it is picked up once a sampled person (or an import or edit here) carries it.
 */
export async function discoverAttributeNames(env: PullEnv): Promise<string[]> {
  const names = new Set<string>()
  const page = await env.reads.searchCustomers(EVERYONE, { limit: 1000 })
  const ids = page.items.map((p) => p.id).filter((id): id is string => !!id)
  const step = Math.max(1, ids.length / SAMPLE_PEOPLE)
  const sample = [...new Set(Array.from({ length: Math.min(SAMPLE_PEOPLE, ids.length) }, (_, i) => ids[Math.floor(i * step)]))]
  if (sample.length) for (const c of await env.reads.customersAttributes(sample)) for (const k of Object.keys(c.attributes ?? {})) names.add(k)
  const known = env.sqlite
    .prepare('SELECT DISTINCT j.key FROM people p, json_each(p.attributes) j WHERE p.workspace_id = ? AND p.deleted_at IS NULL')
    .pluck()
    .all(env.workspaceId) as string[]
  for (const k of known) names.add(k)
  for (const id of IDENTIFIER_COLUMNS) names.delete(id)
  return [...names].sort()
}

async function startExport(env: PullEnv): Promise<PeopleCheckpoint> {
  env.progress('people: attributes', 0, null)
  const attributes = await discoverAttributeNames(env)
  const created = await env.reads.createCustomersExport(EVERYONE, attributes)
  const existing = env.sqlite.prepare('SELECT count(*) FROM people WHERE workspace_id = ?').pluck().get(env.workspaceId) as number
  return { exportId: created.id, attributes, rowsApplied: 0, total: 0, mode: existing === 0 ? 'fresh' : 'compare', bulk: false }
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

export async function pullPeople(env: PullEnv): Promise<void> {
  // A small workspace is read through search + bulk attributes unless a full export is asked for
  // or an export of an interrupted run is being resumed.
  if (!env.state.people && !env.state.full && (await trySmallPeoplePull(env))) return
  // Download, parse and mapping run on the export worker (people-export-worker.ts); this thread
  // only writes. The worker boots (a few hundred ms from source) while the export is built.
  const reader = new ExportReader(env.signal)
  try {
    const { checkpoint, total } = await readyExport(env)
    await applyExport(env, checkpoint, total, reader)
  } finally {
    await reader.close()
  }
}

/** The export of this pull once it is built: the checkpoint's, or a new one. */
async function readyExport(env: PullEnv): Promise<{ checkpoint: PeopleCheckpoint; total: number }> {
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
    cp = await startExport(env)
    if (wasResumed) cp.mode = 'compare'
    env.state.people = cp
    env.save()
    total = await waitForExport(env, cp.exportId)
  }
  cp.total = total
  return { checkpoint: cp, total }
}

async function applyExport(env: PullEnv, checkpoint: PeopleCheckpoint, total: number, reader: ExportReader): Promise<void> {
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
    if (checkpoint.bulk && mark) {
      env.progress('people: index', 0, 1)
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
      checkpoint.bulk = false
      env.save()
    }
  }
  env.sqlite.transaction(() => {
    writer.tombstoneUnseen(counts)
    env.save()
  })()
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
