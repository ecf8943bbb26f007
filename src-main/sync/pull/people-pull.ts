// People through the exports API (customerio-api.md §4.10): create a customers export, poll it
// until done, download the file through its signed link, stream-parse it and upsert in batches.
// Each batch and the checkpoint (export id + rows applied) commit together, so a killed pull
// downloads the same export again, passes over the rows it has and continues with the next one.

import { EVERYONE } from './everyone-filter'
import { streamCsvFromUrl } from '../../cio/export-stream'
import { realClock } from '../../cio/rate-governor'
import { AppError } from '../../ipc/result'
import { resumePeopleFtsInserts, suspendPeopleFtsInserts } from './people-fts'
import { PeopleWriter } from './people-writer'
import { columnsFromHeader, IDENTIFIER_COLUMNS, personFromRow, type ExportColumns, type RemotePerson } from './person-merge'
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
  const counts = env.state.counts.people
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
  const checkpoint = cp
  checkpoint.total = total
  const writer = new PeopleWriter(env.sqlite, env.workspaceId, checkpoint.mode, env.now())
  const bulkAllowed = checkpoint.mode === 'fresh' && total >= BULK_MIN_ROWS && total >= (env.sqlite.prepare('SELECT count(*) FROM people').pluck().get() as number)
  let columns: ExportColumns | null = null
  const toPeople = (rows: string[][]): RemotePerson[] => {
    const out: RemotePerson[] = []
    for (const row of rows) {
      const person = personFromRow(row, columns!)
      if (person) out.push(person)
    }
    return out
  }
  const applyBatch = env.sqlite.transaction((people: RemotePerson[], appliedThrough: number) => {
    if (bulkAllowed && !checkpoint.bulk) {
      suspendPeopleFtsInserts(env.sqlite)
      checkpoint.bulk = true
    }
    writer.apply(people, counts)
    checkpoint.rowsApplied = appliedThrough
    env.save()
    env.progress('people', appliedThrough, total)
  })

  const url = await env.reads.exportDownloadUrl(checkpoint.exportId)
  env.progress('people', checkpoint.rowsApplied, total)
  try {
    await streamCsvFromUrl(url, {
      signal: env.signal,
      batchSize: env.peopleBatchRows,
      skipRows: checkpoint.rowsApplied,
      onHeader: (header) => (columns = columnsFromHeader(header)),
      onSkipped: (rows) => writer.markSeen(toPeople(rows).map((p) => p.cioId)),
      onBatch: (rows, firstRow) => applyBatch(toPeople(rows), firstRow + rows.length),
    })
    env.signal.throwIfAborted()
  } finally {
    // Done, cancelled or failed: search must see every row in the mirror either way. (A killed
    // process never gets here; the next pull repairs the index before it starts.)
    if (checkpoint.bulk) {
      env.progress('people: index', 0, 1)
      resumePeopleFtsInserts(env.sqlite)
      checkpoint.bulk = false
      env.save()
    }
  }
  env.sqlite.transaction(() => {
    writer.tombstoneUnseen(counts)
    env.save()
  })()
}
