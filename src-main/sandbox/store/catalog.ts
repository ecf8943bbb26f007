// Campaigns, broadcasts, transactional messages, deliveries (messages) and broadcast triggers.
// These are read-mostly resources of the App API; deliveries are also written by transactional sends
// and broadcast triggers so `GET /v1/messages` reflects what the sandbox was asked to send.

import { Conditions } from './conditions'
import { randomBytes } from 'node:crypto'
import type { DB } from './db'
import { cioIdOf } from './db'
import { nowSeconds } from '../http-kit'

export type CampaignKind = 'campaign' | 'broadcast' | 'newsletter'

export interface CampaignRow {
  id: number
  kind: CampaignKind
  body: string
}

export interface TransactionalRow {
  id: number
  name: string
  type: 'email' | 'push' | 'sms'
  body: string
}

export interface MessageRow {
  seq: number
  id: string
  pk: number | null
  type: string
  campaign_id: number | null
  broadcast_id: number | null
  newsletter_id: number | null
  transactional_id: number | null
  action_id: number | null
  created: number
  body: string
}

export interface NewMessage {
  pk: number | null
  type: string
  campaign_id?: number | null
  broadcast_id?: number | null
  newsletter_id?: number | null
  transactional_id?: number | null
  action_id?: number | null
  recipient: string
  subject: string
  created?: number
  metrics?: Record<string, number>
  failure_message?: string | null
  customer_id?: string | null
  customer_identifiers?: { id: string | null; email: string | null; cio_id: string } | null
}

/** Delivery ids are opaque base64-ish strings in Customer.io (docs/customerio-api.md §4.9). */
export function newDeliveryId(): string {
  return randomBytes(18).toString('base64url')
}

export class CatalogStore {
  constructor(private readonly db: DB) {}

  // ---------- campaigns / broadcasts / newsletters ----------

  addCampaign(kind: CampaignKind, body: Record<string, unknown> & { id: number }): void {
    this.db.prepare('INSERT OR REPLACE INTO campaigns (id, kind, body) VALUES (?, ?, ?)').run(body.id, kind, JSON.stringify(body))
  }

  campaigns(kind: CampaignKind): Record<string, unknown>[] {
    const rows = this.db.prepare('SELECT body FROM campaigns WHERE kind = ? ORDER BY id').all(kind) as { body: string }[]
    return rows.map((r) => JSON.parse(r.body) as Record<string, unknown>)
  }

  campaign(id: number, kind: CampaignKind): Record<string, unknown> | undefined {
    const row = this.db.prepare('SELECT kind, body FROM campaigns WHERE kind = ? AND id = ?').get(kind, id) as CampaignRow | undefined
    return row ? (JSON.parse(row.body) as Record<string, unknown>) : undefined
  }

  // ---------- transactional ----------

  addTransactional(row: Omit<TransactionalRow, 'body'> & { body: Record<string, unknown> }): void {
    this.db.prepare('INSERT OR REPLACE INTO transactional (id, name, type, body) VALUES (?, ?, ?, ?)').run(row.id, row.name, row.type, JSON.stringify(row.body))
  }

  /** `transactional_message_id` is an integer id or a trigger name, matched case-insensitively (§4.1). */
  transactional(idOrName: unknown): TransactionalRow | undefined {
    if (typeof idOrName === 'number' || (typeof idOrName === 'string' && /^\d+$/.test(idOrName))) {
      return this.db.prepare('SELECT * FROM transactional WHERE id = ?').get(Number(idOrName)) as TransactionalRow | undefined
    }
    if (typeof idOrName !== 'string') return undefined
    return this.db.prepare('SELECT * FROM transactional WHERE lower(name) = lower(?)').get(idOrName) as TransactionalRow | undefined
  }

  transactionals(): TransactionalRow[] {
    return this.db.prepare('SELECT * FROM transactional ORDER BY id').all() as TransactionalRow[]
  }

  // ---------- deliveries ----------

  addMessage(m: NewMessage): string {
    const id = newDeliveryId()
    const created = m.created ?? nowSeconds()
    const body = {
      id,
      deduplicate_id: `${id}:${created}`,
      action_id: m.action_id ?? null,
      parent_action_id: null,
      campaign_id: m.campaign_id ?? null,
      broadcast_id: m.broadcast_id ?? null,
      newsletter_id: m.newsletter_id ?? null,
      content_id: null,
      customer_id: m.customer_id ?? null,
      customer_identifiers: m.customer_identifiers ?? null,
      recipient: m.recipient,
      subject: m.subject,
      type: m.type,
      created,
      forgotten: false,
      failure_message: m.failure_message ?? null,
      metrics: m.metrics ?? { created },
      msg_template_id: null,
      trigger_event_id: null,
    }
    this.db
      .prepare('INSERT INTO messages (id, pk, type, campaign_id, broadcast_id, newsletter_id, transactional_id, action_id, created, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .run(id, m.pk, m.type, m.campaign_id ?? null, m.broadcast_id ?? null, m.newsletter_id ?? null, m.transactional_id ?? null, m.action_id ?? null, created, JSON.stringify(body))
    return id
  }

  message(id: string): Record<string, unknown> | undefined {
    const row = this.db.prepare('SELECT body FROM messages WHERE id = ?').get(id) as { body: string } | undefined
    return row ? (JSON.parse(row.body) as Record<string, unknown>) : undefined
  }

  /** Deliveries newest first, keyset on seq. `where` columns are fixed by callers, values are bound. */
  messages(filter: Partial<Record<'pk' | 'type' | 'campaign_id' | 'broadcast_id' | 'newsletter_id' | 'transactional_id' | 'action_id', string | number>>, opts: { before?: number; limit: number; startTs?: number; endTs?: number; metric?: string }): MessageRow[] {
    const c = new Conditions()
    for (const [col, value] of Object.entries(filter)) c.when(value !== undefined, `${col} = ?`, value)
    c.when(opts.before !== undefined, 'seq < ?', opts.before).deliveryWindow('', opts.startTs, opts.endTs, opts.metric)
    return this.db.prepare(`SELECT * FROM messages ${c.sql()} ORDER BY seq DESC LIMIT ?`).all(...c.params, opts.limit) as MessageRow[]
  }

  /** Per-metric counts over a campaign's deliveries in `buckets` buckets ending at `end` (oldest → newest). */
  metricSeries(column: 'campaign_id' | 'broadcast_id' | 'newsletter_id', campaignId: number, buckets: number, bucketSeconds: number, end: number): Record<string, number[]> {
    const names = ['attempted', 'bounced', 'clicked', 'converted', 'created', 'delivered', 'failed', 'opened', 'sent', 'spammed', 'suppressed', 'undeliverable', 'unsubscribed']
    const series: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, new Array<number>(buckets).fill(0)]))
    const start = end - buckets * bucketSeconds
    const rows = this.db.prepare(`SELECT body FROM messages WHERE ${column} = ? AND created >= ?`).all(campaignId, start) as { body: string }[]
    for (const row of rows) {
      const metrics = (JSON.parse(row.body) as { metrics: Record<string, number> }).metrics
      for (const [name, at] of Object.entries(metrics)) {
        const i = Math.floor((at - start) / bucketSeconds)
        if (series[name] && i >= 0 && i < buckets) series[name][i]++
      }
    }
    return series
  }

  // ---------- broadcast triggers ----------

  addTrigger(broadcastId: number, payload: unknown, processAtMs: number): number {
    const info = this.db.prepare('INSERT INTO triggers (broadcast_id, payload, created_at, process_at_ms) VALUES (?, ?, ?, ?)').run(broadcastId, JSON.stringify(payload), nowSeconds(), processAtMs)
    return Number(info.lastInsertRowid)
  }

  queuedTriggers(nowMs: number): number {
    return this.db.prepare('SELECT count(*) FROM triggers WHERE process_at_ms > ?').pluck().get(nowMs) as number
  }

  trigger(broadcastId: number, triggerId: number): { id: number; broadcast_id: number; created_at: number; process_at_ms: number; errors: string } | undefined {
    return this.db.prepare('SELECT * FROM triggers WHERE id = ? AND broadcast_id = ?').get(triggerId, broadcastId) as
      | { id: number; broadcast_id: number; created_at: number; process_at_ms: number; errors: string }
      | undefined
  }

  setTriggerErrors(triggerId: number, errors: unknown[]): void {
    this.db.prepare('UPDATE triggers SET errors = ? WHERE id = ?').run(JSON.stringify(errors), triggerId)
  }

  cioIdOf(pk: number): string {
    return cioIdOf(pk)
  }
}
