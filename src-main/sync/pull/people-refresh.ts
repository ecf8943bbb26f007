// Reads named people in full through bulk attributes (100 per request, by cio_id: every attribute
// and every device, whatever their names) and merges them into the mirror with the pull's rule
// (PeopleWriter in compare mode: pending offline edits are never overwritten). Used by the
// incremental pull, by the export pull to complete the people it created or changed, and by the
// deep pull.

import type { AppReads } from '../../cio/app-reads'
import type Database from 'better-sqlite3'
import { PeopleWriter, type PeopleCounts } from '../../merge/people-writer'
import { personFromRecord, type RemotePerson } from '../../merge/person-merge'

export const ATTRIBUTES_PER_CALL = 100

export interface RefreshEnv {
  sqlite: Database.Database
  workspaceId: string
  reads: AppReads
  signal: AbortSignal
  now(): number
  progress(phase: string, done: number, total?: number | null): void
}

export interface RefreshResult {
  /** cio_ids asked for that Customer.io no longer has */
  missing: string[]
  /** attribute names the people read carry */
  names: Set<string>
  requests: number
}

/**
 * Reads `cioIds` and writes them. Each request's people commit in their own transaction (with
 * `afterChunk`, e.g. a checkpoint), so a cancel or a kill loses at most one request's work.
 */
export async function refreshPeople(env: RefreshEnv, cioIds: readonly string[], counts: PeopleCounts, opts: { phase: string; afterChunk?: () => void }): Promise<RefreshResult> {
  const writer = new PeopleWriter(env.sqlite, env.workspaceId, 'compare', env.now())
  const result: RefreshResult = { missing: [], names: new Set(), requests: 0 }
  const write = env.sqlite.transaction((people: RemotePerson[], gone: string[]) => {
    writer.apply(people, counts)
    writer.tombstone(gone, counts)
    opts.afterChunk?.()
  })
  env.progress(opts.phase, 0, cioIds.length)
  for (let i = 0; i < cioIds.length; i += ATTRIBUTES_PER_CALL) {
    env.signal.throwIfAborted()
    const chunk = cioIds.slice(i, i + ATTRIBUTES_PER_CALL)
    const records = await env.reads.customersAttributesByCioId(chunk)
    result.requests++
    const people = records.map((r) => personFromRecord(r))
    for (const p of people) for (const name of Object.keys(p.attributes)) result.names.add(name)
    // Unknown cio_ids are left out of the answer: those people are gone.
    const found = new Set(people.map((p) => p.cioId))
    const gone = chunk.filter((id) => !found.has(id))
    result.missing.push(...gone)
    env.signal.throwIfAborted()
    write(people, gone)
    env.progress(opts.phase, Math.min(i + ATTRIBUTES_PER_CALL, cioIds.length), cioIds.length)
  }
  return result
}
