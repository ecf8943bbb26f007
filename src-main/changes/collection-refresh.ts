// Before a push replaces a collection's content, it re-reads that content (issue #6; the people are
// re-read by merge/push-refresh.ts) and runs the three-way rule (decide.ts) on it.

import type Database from 'better-sqlite3'
import type { AppReads } from '../cio/app-reads'
import { decide } from '../merge/decide'
import { LocalView } from './local-view'
import type { OutboxRepo, OutboxRow } from './outbox-repo'

/**
 * A collection entry against the content Customer.io holds now. Answers what happened to the
 * entry: still to send, settled (the remote already has it), or held back by a new conflict.
 */
export async function refreshCollection(sqlite: Database.Database, repo: OutboxRepo, workspaceId: string, reads: AppReads, e: OutboxRow, now: number): Promise<'send' | 'settled' | 'conflict'> {
  const id = Number(e.payload.collectionId)
  const remote = await reads.collectionContent(id)
  const base = e.base?.rows ?? []
  const local = e.payload.rows ?? []
  const decision = decide(base, local, remote)
  if (decision === 'push-local' || decision === 'unchanged') return 'send'
  sqlite.transaction(() => {
    if (decision === 'conflict') {
      sqlite
        .prepare(
          `INSERT INTO conflicts (workspace_id, entity_key, field, base, local, remote, outbox_id, state, created_at) VALUES (?, ?, 'collection', ?, ?, ?, ?, 'open', ?)
           ON CONFLICT (workspace_id, entity_key, field) WHERE state = 'open' DO UPDATE SET base = excluded.base, local = excluded.local, remote = excluded.remote, outbox_id = excluded.outbox_id`,
        )
        .run(workspaceId, e.entityKey, JSON.stringify(base), JSON.stringify(local), JSON.stringify(remote), e.id, now)
      repo.setState(e.id, 'conflict', now)
      return
    }
    // same-both, or an edit equal to its base while the remote moved: the remote content stands
    if (Array.isArray(remote)) new LocalView(sqlite).replaceCollectionRows(workspaceId, id, remote as Record<string, unknown>[])
    repo.setState(e.id, 'sent', now)
  })()
  return decision === 'conflict' ? 'conflict' : 'settled'
}
