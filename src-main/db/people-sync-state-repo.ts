// The people_sync_state row of a workspace (schema-mirror.ts): where the activity feed was read up
// to, which path the last people pull took and why, when the last deep pull finished, and every
// attribute name known in the workspace with where it was seen. Raw statements like the rest of
// the pull; one row per workspace, created on first write.

import type Database from 'better-sqlite3'
import type { FeedPosition } from './schema-mirror'
import { requireWorkspaceKey, WS_OF_ID } from './workspace-key'

export type PeoplePullMode = 'incremental' | 'export' | 'search'

/** Where an attribute name was seen (docs/pulls.md "Export"). */
export type AttributeNameSource = 'mirror' | 'feed' | 'segment' | 'sample' | 'settings' | 'export' | 'bulk'

export interface PeopleSyncStateView {
  feedPosition: FeedPosition | null
  lastMode: PeoplePullMode | null
  lastReason: string | null
  lastPulledAt: number | null
  deepFinishedAt: number | null
  attributeNames: Record<string, AttributeNameSource[]>
  extraAttributeNames: string[]
}

interface Row {
  feed_position: string | null
  last_mode: string | null
  last_reason: string | null
  last_pulled_at: number | null
  deep_finished_at: number | null
  attribute_names: string
  extra_attribute_names: string
}

const EMPTY: PeopleSyncStateView = { feedPosition: null, lastMode: null, lastReason: null, lastPulledAt: null, deepFinishedAt: null, attributeNames: {}, extraAttributeNames: [] }

export class PeopleSyncStateRepo {
  constructor(private readonly sqlite: Database.Database) {}

  get(workspaceId: string): PeopleSyncStateView {
    const row = this.sqlite.prepare(`SELECT * FROM people_sync_state WHERE ws = ${WS_OF_ID}`).get(workspaceId) as Row | undefined
    if (!row) return { ...EMPTY, attributeNames: {}, extraAttributeNames: [] }
    return {
      feedPosition: row.feed_position === null ? null : (JSON.parse(row.feed_position) as FeedPosition),
      lastMode: row.last_mode as PeoplePullMode | null,
      lastReason: row.last_reason,
      lastPulledAt: row.last_pulled_at,
      deepFinishedAt: row.deep_finished_at,
      attributeNames: JSON.parse(row.attribute_names) as Record<string, AttributeNameSource[]>,
      extraAttributeNames: JSON.parse(row.extra_attribute_names) as string[],
    }
  }

  /** The row exists from here on; answers the workspace's number (NOT_FOUND for an unknown workspace). */
  private ensure(workspaceId: string): number {
    const ws = requireWorkspaceKey(this.sqlite, workspaceId)
    this.sqlite.prepare('INSERT INTO people_sync_state (ws) VALUES (?) ON CONFLICT (ws) DO NOTHING').run(ws)
    return ws
  }

  /** The outcome of a people pull: its path, why, the feed position it read to (null: unknown), when. */
  recordPull(workspaceId: string, outcome: { mode: PeoplePullMode; reason: string | null; feedPosition: FeedPosition | null; at: number }): void {
    const ws = this.ensure(workspaceId)
    this.sqlite
      .prepare('UPDATE people_sync_state SET last_mode = ?, last_reason = ?, feed_position = ?, last_pulled_at = ? WHERE ws = ?')
      .run(outcome.mode, outcome.reason, outcome.feedPosition === null ? null : JSON.stringify(outcome.feedPosition), outcome.at, ws)
  }

  recordDeepFinished(workspaceId: string, at: number): void {
    const ws = this.ensure(workspaceId)
    this.sqlite.prepare('UPDATE people_sync_state SET deep_finished_at = ? WHERE ws = ?').run(at, ws)
  }

  /** Adds names (and the source they were seen in) to the workspace's known attribute names. */
  addAttributeNames(workspaceId: string, names: Iterable<string>, source: AttributeNameSource): void {
    const known = this.get(workspaceId).attributeNames
    let changed = false
    for (const name of names) {
      if (!name) continue
      const sources = (known[name] ??= [])
      if (!sources.includes(source)) {
        sources.push(source)
        changed = true
      }
    }
    if (!changed) return
    const ws = this.ensure(workspaceId)
    this.sqlite.prepare('UPDATE people_sync_state SET attribute_names = ? WHERE ws = ?').run(JSON.stringify(sortKeys(known)), ws)
  }

  /** The names the user asked for in Settings (trimmed, unique, sorted). */
  setExtraAttributeNames(workspaceId: string, names: string[]): string[] {
    const clean = [...new Set(names.map((n) => n.trim()).filter((n) => n !== ''))].sort()
    const ws = this.ensure(workspaceId)
    this.sqlite.prepare('UPDATE people_sync_state SET extra_attribute_names = ? WHERE ws = ?').run(JSON.stringify(clean), ws)
    return clean
  }
}

function sortKeys<T>(o: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.keys(o).sort().map((k) => [k, o[k]]))
}
