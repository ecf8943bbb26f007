// The small, read-only parts of a pull: collections with their content, campaigns / broadcasts /
// newsletters with metric totals, and the most recent deliveries. Each item is written in its own
// transaction; these parts are cheap to redo, so a resumed pull simply runs an unfinished part again.

import type { CampaignKind, DeliveryInfo } from '../../cio/app-reads'
import { CampaignsRepo } from '../../db/campaigns-repo'
import { CollectionsRepo } from '../../db/collections-repo'
import { MessagesRepo, type DeliveryRow } from '../../db/messages-repo'
import { campaignRow } from '../../db/campaign-details'
import type { PullEnv } from './pull-state'
import { secondsToMs } from '../../base/unix-time'


export async function pullCollections(env: PullEnv): Promise<void> {
  const counts = env.state.counts.collections
  // A part cut off half-way runs again from its start: count from zero again too.
  counts.rows = 0
  counts.removed = 0
  const list = await env.reads.listCollections()
  const ws = env.workspaceId
  const repo = new CollectionsRepo(env.sqlite)
  for (const [i, c] of list.entries()) {
    env.progress('collections', i, list.length)
    const content = await env.reads.collectionContent(c.id)
    // In practice the array that was uploaded; anything else is kept as a single row.
    const rows = Array.isArray(content) ? content : [content]
    const info = { id: c.id, name: c.name, schema: c.schema === undefined ? null : JSON.stringify(c.schema), bytes: c.bytes ?? null, rows: rows.length, createdAt: secondsToMs(c.created_at), updatedAt: secondsToMs(c.updated_at) }
    repo.savePulled(ws, info, rows, env.now())
    counts.rows += rows.length
  }
  const keep = new Set(list.map((c) => c.id))
  for (const id of repo.ids(ws).filter((id) => !keep.has(id))) {
    repo.remove(ws, id)
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
  const repo = new CampaignsRepo(env.sqlite)
  for (const { kind, key } of KINDS) {
    const list = await env.reads.listCampaigns(kind)
    for (const [i, c] of list.entries()) {
      env.progress(key, i, list.length)
      const series = await env.reads.campaignMetrics(kind, c.id, METRIC_DAYS)
      repo.savePulled(ws, kind, campaignRow(kind, c), JSON.stringify(totals(series)), env.now())
    }
    const keep = new Set(list.map((c) => c.id))
    for (const id of repo.ids(ws, kind).filter((id) => !keep.has(id))) {
      repo.remove(ws, kind, id)
      counts.removed++
    }
    counts[key] = list.length
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
  const repo = new MessagesRepo(env.sqlite)
  const write = (items: DeliveryInfo[]) => repo.save(env.workspaceId, items.map(deliveryRow), false)
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


function deliveryRow(m: DeliveryInfo): DeliveryRow {
  return {
    id: m.id,
    campaignId: m.campaign_id ?? null,
    broadcastId: m.broadcast_id ?? null,
    newsletterId: m.newsletter_id ?? null,
    actionId: m.action_id ?? null,
    cioId: m.customer_identifiers?.cio_id ?? null,
    recipient: m.recipient ?? null,
    subject: m.subject ?? null,
    type: m.type ?? null,
    created: secondsToMs(m.created),
    metrics: m.metrics ? JSON.stringify(m.metrics) : null,
  }
}
