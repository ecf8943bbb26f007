// The small, read-only parts of a pull: collections with their content, campaigns / broadcasts /
// newsletters with metric totals, and the most recent deliveries. Each item is written in its own
// transaction; these parts are cheap to redo, so a resumed pull simply runs an unfinished part again.

import type { CampaignInfo, CampaignKind, DeliveryInfo } from '../../cio/app-reads'
import type { CampaignDetails } from '../../db/schema-mirror'
import type { PullEnv } from './pull-state'

const secondsToMs = (s: unknown) => (typeof s === 'number' ? s * 1000 : null)

export async function pullCollections(env: PullEnv): Promise<void> {
  const counts = env.state.counts.collections
  // A part cut off half-way runs again from its start: count from zero again too.
  counts.rows = 0
  counts.removed = 0
  const list = await env.reads.listCollections()
  const ws = env.workspaceId
  const upsert = env.sqlite.prepare(
    `INSERT INTO collections (workspace_id, id, name, schema, bytes, rows, created_at, updated_at, pulled_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (workspace_id, id) DO UPDATE SET name = excluded.name, schema = excluded.schema, bytes = excluded.bytes, rows = excluded.rows,
       created_at = excluded.created_at, updated_at = excluded.updated_at, pulled_at = excluded.pulled_at`,
  )
  const clearRows = env.sqlite.prepare('DELETE FROM collection_rows WHERE workspace_id = ? AND collection_id = ?')
  const insertRow = env.sqlite.prepare('INSERT INTO collection_rows (workspace_id, collection_id, idx, data) VALUES (?, ?, ?, ?)')
  for (const [i, c] of list.entries()) {
    env.progress('collections', i, list.length)
    const content = await env.reads.collectionContent(c.id)
    // In practice the array that was uploaded; anything else is kept as a single row.
    const rows = Array.isArray(content) ? content : [content]
    env.sqlite.transaction(() => {
      upsert.run(ws, c.id, c.name, c.schema === undefined ? null : JSON.stringify(c.schema), c.bytes ?? null, rows.length, secondsToMs(c.created_at), secondsToMs(c.updated_at), env.now())
      clearRows.run(ws, c.id)
      rows.forEach((row, idx) => insertRow.run(ws, c.id, idx, JSON.stringify(row ?? {})))
    })()
    counts.rows += rows.length
  }
  const keep = new Set(list.map((c) => c.id))
  const stored = env.sqlite.prepare('SELECT id FROM collections WHERE workspace_id = ?').pluck().all(ws) as number[]
  for (const id of stored.filter((id) => !keep.has(id))) {
    env.sqlite.prepare('DELETE FROM collections WHERE workspace_id = ? AND id = ?').run(ws, id)
    counts.removed++
  }
  counts.collections = list.length
  env.progress('collections', list.length, list.length)
}

/** Metric totals over this many days (the v1 metrics maximum for days). */
const METRIC_DAYS = 45
const KINDS: { kind: CampaignKind; key: 'campaigns' | 'broadcasts' | 'newsletters' }[] = [
  { kind: 'campaign', key: 'campaigns' },
  { kind: 'broadcast', key: 'broadcasts' },
  { kind: 'newsletter', key: 'newsletters' },
]

export async function pullCampaigns(env: PullEnv): Promise<void> {
  const counts = env.state.counts.campaigns
  const ws = env.workspaceId
  const upsert = env.sqlite.prepare(
    `INSERT INTO campaigns (workspace_id, type, id, name, state, metrics, created_at, updated_at, pulled_at, details) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (workspace_id, type, id) DO UPDATE SET name = excluded.name, state = excluded.state, metrics = excluded.metrics,
       created_at = excluded.created_at, updated_at = excluded.updated_at, pulled_at = excluded.pulled_at, details = excluded.details`,
  )
  for (const { kind, key } of KINDS) {
    const list = await env.reads.listCampaigns(kind)
    for (const [i, c] of list.entries()) {
      env.progress(key, i, list.length)
      const series = await env.reads.campaignMetrics(kind, c.id, METRIC_DAYS)
      upsert.run(ws, kind, c.id, c.name ?? `${kind} ${c.id}`, c.state ?? null, JSON.stringify(totals(series)), secondsToMs(c.created ?? c.created_at), secondsToMs(c.updated ?? c.updated_at), env.now(), JSON.stringify(campaignDetails(c)))
    }
    const keep = new Set(list.map((c) => c.id))
    const stored = env.sqlite.prepare('SELECT id FROM campaigns WHERE workspace_id = ? AND type = ?').pluck().all(ws, kind) as number[]
    for (const id of stored.filter((id) => !keep.has(id))) {
      env.sqlite.prepare('DELETE FROM campaigns WHERE workspace_id = ? AND type = ? AND id = ?').run(ws, kind, id)
      counts.removed++
    }
    counts[key] = list.length
  }
}

/** The list item's trigger and filter segments and trigger kind, as the Campaigns screen shows them. */
export function campaignDetails(c: CampaignInfo): CampaignDetails {
  const ids = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is number => typeof x === 'number') : [])
  return {
    // an API-triggered broadcast's default audience is its segment (`segment_id`), when Customer.io names one
    triggerSegmentIds: [...new Set([...ids(c.trigger_segment_ids), ...(typeof c.segment_id === 'number' ? [c.segment_id] : [])])],
    filterSegmentIds: ids(c.filter_segment_ids),
    trigger: typeof c.type === 'string' ? c.type : null,
    eventName: typeof c.event_name === 'string' && c.event_name !== '' ? c.event_name : null,
    active: typeof c.active === 'boolean' ? c.active : null,
  }
}

/** Sums each metric's series (oldest → newest buckets) into one total per metric. */
export function totals(series: Record<string, number[]>): Record<string, number> {
  const out: Record<string, number> = {}
  for (const [metric, values] of Object.entries(series)) {
    if (Array.isArray(values)) out[metric] = values.reduce((sum, v) => sum + (typeof v === 'number' ? v : 0), 0)
  }
  return out
}

/** Recent deliveries across the workspace, newest first, a bounded number of pages. */
const MESSAGE_PAGES = 5
const MESSAGE_PAGE_SIZE = 1000

export async function pullMessages(env: PullEnv): Promise<void> {
  const counts = env.state.counts.messages
  const upsert = env.sqlite.prepare(
    `INSERT INTO messages (workspace_id, id, campaign_id, broadcast_id, newsletter_id, action_id, cio_id, recipient, subject, type, created, metrics)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (workspace_id, id) DO UPDATE SET metrics = excluded.metrics, recipient = excluded.recipient, subject = excluded.subject, cio_id = excluded.cio_id`,
  )
  const write = env.sqlite.transaction((items: DeliveryInfo[]) => {
    for (const m of items) {
      upsert.run(env.workspaceId, m.id, m.campaign_id ?? null, m.broadcast_id ?? null, m.newsletter_id ?? null, m.action_id ?? null, m.customer_identifiers?.cio_id ?? null,
        m.recipient ?? null, m.subject ?? null, m.type ?? null, secondsToMs(m.created), m.metrics ? JSON.stringify(m.metrics) : null)
    }
  })
  let cursor: string | undefined
  counts.messages = 0
  for (let page = 0; page < MESSAGE_PAGES; page++) {
    env.progress('messages', page, MESSAGE_PAGES)
    const result = await env.reads.messages({ start: cursor, limit: MESSAGE_PAGE_SIZE })
    write(result.items.filter((m) => typeof m.id === 'string'))
    counts.messages += result.items.length
    counts.pages = page + 1
    if (!result.next || result.items.length === 0) break
    cursor = result.next
  }
}
