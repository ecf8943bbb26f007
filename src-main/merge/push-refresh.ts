// Before a push overwrites anything, it re-reads what it is about to change (issue #6): the people
// it touches through the App API bulk attributes call (100 per request, by cio_id), and the
// collections through their content (changes/collection-refresh.ts). The people go through the
// pull's own writer in 'compare' mode, so the three-way rule (decide.ts) runs exactly as in a
// pull: an edit the remote already holds is settled without sending and its base moves; a remote
// that moved away from the base to something else becomes a conflict that holds its entry back;
// everything else stays pending.

import type Database from 'better-sqlite3'
import type { AppReads } from '../cio/app-reads'
import { emptyPeopleCounts, PeopleWriter } from './people-writer'
import { personFromRecord, type RemotePerson } from './person-merge'

const ATTRIBUTES_PER_CALL = 100

export interface RefreshResult {
  /** pks of people Customer.io no longer has (deleted or suppressed remotely) */
  gone: Set<number>
  /** people refreshed */
  people: number
}

export async function refreshPeople(
  sqlite: Database.Database,
  workspaceId: string,
  reads: AppReads,
  pks: number[],
  now: number,
  progress: (done: number, total: number) => void,
  signal: AbortSignal,
): Promise<RefreshResult> {
  const rows = sqlite
    .prepare('SELECT pk, cio_id FROM people WHERE ws = (SELECT ws FROM workspaces WHERE id = ?) AND pk IN (SELECT value FROM json_each(?)) AND cio_id IS NOT NULL AND deleted_at IS NULL')
    .all(workspaceId, JSON.stringify(pks)) as { pk: number; cio_id: string }[]
  const pkOf = new Map(rows.map((r) => [r.cio_id, r.pk]))
  const cioIds = rows.map((r) => r.cio_id)
  const remote: RemotePerson[] = []
  for (let i = 0; i < cioIds.length; i += ATTRIBUTES_PER_CALL) {
    signal.throwIfAborted()
    for (const record of await reads.customersAttributesByCioId(cioIds.slice(i, i + ATTRIBUTES_PER_CALL))) remote.push(personFromRecord(record))
    progress(Math.min(i + ATTRIBUTES_PER_CALL, cioIds.length), cioIds.length)
  }
  signal.throwIfAborted()
  const seen = new Set(remote.map((p) => p.cioId))
  const gone = new Set(rows.filter((r) => !seen.has(r.cio_id)).map((r) => pkOf.get(r.cio_id)!))
  sqlite.transaction(() => new PeopleWriter(sqlite, workspaceId, 'compare', now).apply(remote, emptyPeopleCounts()))()
  return { gone, people: remote.length }
}
