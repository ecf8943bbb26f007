// Deliveries for review: the workspace's recent messages and one person's, read from the mirror
// (paged, filterable by type, metric and campaign) so they stay readable offline; a refresh pulls
// the newest page from Customer.io into the same table first. The person's messaging profile
// (devices, segments, subscription) is read live and its devices are kept in the mirror.

import { IdentifierType, type MetricType } from 'customerio-node'
import type { DeliveryInfo } from '../../cio/app-reads'
import type { CioClientSet } from '../../cio/client-set'
import type { DeliveryView, DeviceView } from '../../contract/messaging'
import { AppError } from '../../contract/result'
import { MessagesRepo } from '../../db/messages-repo'
import { identifiersOf, isOffline, type MessagingAccess, type MirrorPerson } from '../access'
import { secondsToMs } from '../../base/unix-time'

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

/** The lookup and the App API's `id_type` for a person (cio_id when known: it never changes). */
export function appIdOf(p: MirrorPerson): { value: string; idType: IdentifierType } {
  const ids = identifiersOf(p)
  if ('cio_id' in ids) return { value: ids.cio_id, idType: IdentifierType.CioId }
  if ('id' in ids) return { value: ids.id, idType: IdentifierType.Id }
  return { value: ids.email, idType: IdentifierType.Email }
}

export class MessagesService {
  private readonly repo: MessagesRepo

  constructor(private readonly access: MessagingAccess) {
    this.repo = new MessagesRepo(access.sqlite)
  }

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
    const filter = {
      ...(person ? { cioId: person.cioId ?? '' } : {}),
      type: q.type,
      metric: q.metric,
      campaignId: q.campaignId,
      broadcastId: q.broadcastId,
      newsletterId: q.newsletterId,
    }
    const { total, rows } = this.repo.page(workspaceId, filter, q.limit, q.offset)
    return { total, offset: q.offset, rows: rows.map((r) => ({ ...r, metrics: r.metrics ? (JSON.parse(r.metrics) as Record<string, number>) : {} })), offline }
  }

  /** Live profile: attributes + devices, segments and messages of one person (three App API reads). */
  async profile(workspaceId: string, pk: number): Promise<{ devices: DeviceView[]; segments: { id: number; name: string | null }[]; messages: number; unsubscribed: boolean | null }> {
    const person = this.access.person(workspaceId, pk)
    const { value, idType } = appIdOf(person)
    const cio = await this.access.clients(workspaceId)
    const attributes = await cio.request('app', () => cio.app.getAttributes(value, idType), { idempotent: true, what: `read the attributes of ${value}` })
    const customer = (attributes.customer ?? {}) as { devices?: unknown[]; unsubscribed?: boolean; attributes?: Record<string, string> }
    this.access.people.setDevices(this.access.people.requireWs(workspaceId), pk, JSON.stringify(customer.devices ?? []))
    const segmentsBody = await cio.request('app', () => cio.app.getCustomerSegments(value, idType), { idempotent: true, what: `read the segments of ${value}` })
    const segments = ((segmentsBody.segments ?? []) as { id: number; name?: string }[]).map((s) => ({ id: s.id, name: s.name ?? null }))
    const messages = await this.refreshPerson(workspaceId, cio, person)
    const unsubscribed = typeof customer.unsubscribed === 'boolean' ? customer.unsubscribed : customer.attributes?.unsubscribed !== undefined ? customer.attributes.unsubscribed === 'true' : null
    return { devices: this.devices(workspaceId, pk), segments, messages, unsubscribed }
  }

  /** The person's devices as the mirror holds them (App API shape: id is the token). */
  devices(workspaceId: string, pk: number): DeviceView[] {
    this.access.person(workspaceId, pk)
    const raw = this.access.sqlite.prepare('SELECT devices FROM people WHERE ws = (SELECT ws FROM workspaces WHERE id = ?) AND pk = ?').pluck().get(workspaceId, pk) as string | null
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
    const valid = items.filter((m) => typeof m.id === 'string')
    const rows = valid.map((m) => ({
      id: m.id,
      campaignId: m.campaign_id ?? null,
      broadcastId: m.broadcast_id ?? null,
      newsletterId: m.newsletter_id ?? null,
      actionId: m.action_id ?? null,
      cioId: m.customer_identifiers?.cio_id ?? cioId,
      recipient: m.recipient ?? null,
      subject: m.subject ?? null,
      type: m.type ?? null,
      created: secondsToMs(m.created),
      metrics: m.metrics ? JSON.stringify(m.metrics) : null,
    }))
    this.repo.save(workspaceId, rows, true)
    return valid.length
  }
}
