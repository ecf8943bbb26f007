// Deliveries for review: the workspace's recent messages and one person's, read from the mirror
// (paged, filterable by type, metric and campaign) so they stay readable offline; a refresh pulls
// the newest page from Customer.io into the same table first. The person's messaging profile
// (devices, segments, subscription) is read live and its devices are kept in the mirror.

import { IdentifierType, type MetricType } from 'customerio-node'
import type { DeliveryInfo } from '../../cio/app-reads'
import type { CioClientSet } from '../../cio/client-set'
import type { DeliveryView, DeviceView } from '../../ipc/contracts/messaging'
import { AppError } from '../../ipc/result'
import { identifiersOf, isOffline, type MessagingAccess, type MirrorPerson } from '../access'

export interface MessagesQuery {
  pk?: number
  type?: string
  metric?: string
  campaignId?: number
  broadcastId?: number
  newsletterId?: number
  offset: number
  limit: number
  refresh: boolean
}

/** Rows fetched by one refresh: the newest page, as the API's maximum page. */
const REFRESH_LIMIT = 1000
const METRIC_NAME = /^[a-z_]{1,40}$/
const secondsToMs = (s: unknown) => (typeof s === 'number' ? s * 1000 : null)

/** The lookup and the App API's `id_type` for a person (cio_id when known: it never changes). */
export function appIdOf(p: MirrorPerson): { value: string; idType: IdentifierType } {
  const ids = identifiersOf(p)
  if ('cio_id' in ids) return { value: ids.cio_id, idType: IdentifierType.CioId }
  if ('id' in ids) return { value: ids.id, idType: IdentifierType.Id }
  return { value: ids.email, idType: IdentifierType.Email }
}

export class MessagesService {
  constructor(private readonly access: MessagingAccess) {}

  async list(workspaceId: string, q: MessagesQuery): Promise<{ total: number; offset: number; rows: DeliveryView[]; offline: boolean }> {
    if (q.metric !== undefined && !METRIC_NAME.test(q.metric)) throw new AppError('VALIDATION', `"${q.metric}" is not a delivery metric (sent, delivered, opened, clicked, converted, bounced, …)`)
    const person = q.pk !== undefined ? this.access.person(workspaceId, q.pk) : null
    let offline = false
    if (q.refresh) {
      try {
        const cio = await this.access.clients(workspaceId)
        if (person) await this.refreshPerson(workspaceId, cio, person)
        else await this.refreshWorkspace(workspaceId, cio, q)
      } catch (err) {
        if (!isOffline(err)) throw err
        offline = true
      }
    }
    const where = ['workspace_id = ?']
    const params: unknown[] = [workspaceId]
    const add = (clause: string, value: unknown) => {
      where.push(clause)
      params.push(value)
    }
    if (person) add('cio_id = ?', person.cioId ?? '')
    if (q.type) add('type = ?', q.type)
    if (q.metric) add('json_extract(metrics, ?) IS NOT NULL', `$.${q.metric}`)
    if (q.campaignId !== undefined) add('campaign_id = ?', q.campaignId)
    if (q.broadcastId !== undefined) add('broadcast_id = ?', q.broadcastId)
    if (q.newsletterId !== undefined) add('newsletter_id = ?', q.newsletterId)
    const clause = where.join(' AND ')
    const total = this.access.sqlite.prepare(`SELECT count(*) FROM messages WHERE ${clause}`).pluck().get(...params) as number
    const rows = this.access.sqlite
      .prepare(
        `SELECT id, type, subject, recipient, campaign_id AS campaignId, broadcast_id AS broadcastId, newsletter_id AS newsletterId, cio_id AS cioId, created, metrics
         FROM messages WHERE ${clause} ORDER BY created DESC, id DESC LIMIT ? OFFSET ?`,
      )
      .all(...params, q.limit, q.offset) as (Omit<DeliveryView, 'metrics'> & { metrics: string | null })[]
    return { total, offset: q.offset, rows: rows.map((r) => ({ ...r, metrics: r.metrics ? (JSON.parse(r.metrics) as Record<string, number>) : {} })), offline }
  }

  /** Live profile: attributes + devices, segments and messages of one person (three App API reads). */
  async profile(workspaceId: string, pk: number): Promise<{ devices: DeviceView[]; segments: { id: number; name: string | null }[]; messages: number; unsubscribed: boolean | null }> {
    const person = this.access.person(workspaceId, pk)
    const { value, idType } = appIdOf(person)
    const cio = await this.access.clients(workspaceId)
    const attributes = await cio.request('app', () => cio.app.getAttributes(value, idType), { idempotent: true, what: `read the attributes of ${value}` })
    const customer = (attributes.customer ?? {}) as { devices?: unknown[]; unsubscribed?: boolean; attributes?: Record<string, string> }
    this.access.sqlite.prepare('UPDATE people SET devices = ? WHERE workspace_id = ? AND pk = ?').run(JSON.stringify(customer.devices ?? []), workspaceId, pk)
    const segmentsBody = await cio.request('app', () => cio.app.getCustomerSegments(value, idType), { idempotent: true, what: `read the segments of ${value}` })
    const segments = ((segmentsBody.segments ?? []) as { id: number; name?: string }[]).map((s) => ({ id: s.id, name: s.name ?? null }))
    const messages = await this.refreshPerson(workspaceId, cio, person)
    const unsubscribed = typeof customer.unsubscribed === 'boolean' ? customer.unsubscribed : customer.attributes?.unsubscribed !== undefined ? customer.attributes.unsubscribed === 'true' : null
    return { devices: this.devices(workspaceId, pk), segments, messages, unsubscribed }
  }

  /** The person's devices as the mirror holds them (App API shape: id is the token). */
  devices(workspaceId: string, pk: number): DeviceView[] {
    this.access.person(workspaceId, pk)
    const raw = this.access.sqlite.prepare('SELECT devices FROM people WHERE workspace_id = ? AND pk = ?').pluck().get(workspaceId, pk) as string | null
    const list = (raw ? JSON.parse(raw) : []) as { id?: string; token?: string; platform?: string; last_used?: number; attributes?: Record<string, unknown> }[]
    return list
      .filter((d) => typeof (d.id ?? d.token) === 'string')
      .map((d) => ({ token: (d.id ?? d.token)!, platform: d.platform ?? 'unknown', lastUsed: secondsToMs(d.last_used), attributes: d.attributes ?? {} }))
  }

  private async refreshWorkspace(workspaceId: string, cio: CioClientSet, q: MessagesQuery): Promise<number> {
    const options = {
      limit: REFRESH_LIMIT,
      ...(q.type ? { type: q.type as MetricType } : {}),
      ...(q.metric ? { metric: q.metric } : {}),
      ...(q.campaignId !== undefined ? { campaign_id: q.campaignId } : {}),
      ...(q.newsletterId !== undefined ? { newsletter_id: q.newsletterId } : {}),
    }
    const body = await cio.request('app', () => cio.app.getMessages(options), { idempotent: true, what: 'list messages' })
    return this.store(workspaceId, (body.messages ?? []) as DeliveryInfo[], null)
  }

  private async refreshPerson(workspaceId: string, cio: CioClientSet, person: MirrorPerson): Promise<number> {
    const { value, idType } = appIdOf(person)
    const body = await cio.request('app', () => cio.app.getCustomerMessages(value, { idType, limit: REFRESH_LIMIT }), { idempotent: true, what: `read the messages of ${value}` })
    return this.store(workspaceId, (body.messages ?? []) as DeliveryInfo[], person.cioId)
  }

  /** Upserts deliveries (the pull's columns); a person's list may omit identifiers, so its cio_id is given. */
  private store(workspaceId: string, items: DeliveryInfo[], cioId: string | null): number {
    const upsert = this.access.sqlite.prepare(
      `INSERT INTO messages (workspace_id, id, campaign_id, broadcast_id, newsletter_id, action_id, cio_id, recipient, subject, type, created, metrics)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (workspace_id, id) DO UPDATE SET metrics = excluded.metrics, recipient = excluded.recipient, subject = excluded.subject, cio_id = coalesce(excluded.cio_id, messages.cio_id)`,
    )
    const valid = items.filter((m) => typeof m.id === 'string')
    this.access.sqlite.transaction(() => {
      for (const m of valid) {
        upsert.run(workspaceId, m.id, m.campaign_id ?? null, m.broadcast_id ?? null, m.newsletter_id ?? null, m.action_id ?? null, m.customer_identifiers?.cio_id ?? cioId,
          m.recipient ?? null, m.subject ?? null, m.type ?? null, secondsToMs(m.created), m.metrics ? JSON.stringify(m.metrics) : null)
      }
    })()
    return valid.length
  }
}
