// Immediate, single-person messaging actions from the person panel, each one SDK call, audit-logged:
//   devices      TrackClient.addDevice / deleteDevice   PUT / DELETE /api/v1/customers/:id/devices[/:token]
//   event        TrackClient.track / trackAnonymous     POST /api/v1/customers/:id/events, POST /api/v1/events
//   subscription TrackClient.identify                   PUT /api/v1/customers/:id {unsubscribed}
//   delivery     TrackClient.entity                     POST /api/v2/entity {type: delivery, action: event}
//   erase        TrackClient.destroy                    DELETE /api/v1/customers/:id
//   segment      APIClient.createSegment                POST /v1/segments
// These are not offline edits (those wait in the outbox, src-main/changes): they are for the moment
// a person calls support — add the phone they just installed the app on, stop all emails now, start
// the "signup" journey again, erase them. Devices, subscription and erase converge when repeated, so
// they are retried like reads; an event and a new segment are not, and a 5xx is reported, not replayed.

import { MayHaveAppliedError } from '../../cio/errors'
import type { DeviceView } from '../../contract/messaging'
import { AppError } from '../../contract/result'
import { SegmentsRepo } from '../../db/segments-repo'
import { pathIdentifierOf, type MessagingAccess } from '../access'
import type { MessagesService } from '../messages/messages-service'

type StoredDevice = { id: string; platform: string; last_used?: number; attributes?: Record<string, unknown> }

export class PersonActions {
  private readonly segments: SegmentsRepo

  constructor(
    private readonly access: MessagingAccess,
    private readonly messages: MessagesService,
  ) {
    this.segments = new SegmentsRepo(access.sqlite)
  }

  async addDevice(workspaceId: string, input: { pk: number; token: string; platform: 'ios' | 'android'; lastUsed?: number; attributes: Record<string, string> }): Promise<{ devices: DeviceView[]; auditId: number }> {
    const person = this.live(workspaceId, input.pk)
    const path = pathIdentifierOf(person)
    const cio = await this.access.clients(workspaceId)
    const lastUsed = input.lastUsed ?? Math.floor(this.access.now() / 1000)
    const extra = { last_used: lastUsed, ...(Object.keys(input.attributes).length ? { attributes: input.attributes } : {}) }
    await cio.request('track', () => cio.track.addDevice(path, input.token, input.platform, extra), { idempotent: true, what: `add device to ${path}` })
    this.editDevices(workspaceId, input.pk, (list) => [...list.filter((d) => d.id !== input.token), { id: input.token, platform: input.platform, last_used: lastUsed, attributes: input.attributes }])
    const auditId = this.access.audit(workspaceId, 'device.add', { devices: 1 }, { person: path, platform: input.platform, token: mask(input.token) })
    return { devices: this.messages.devices(workspaceId, input.pk), auditId }
  }

  async removeDevice(workspaceId: string, input: { pk: number; token: string }): Promise<{ devices: DeviceView[]; auditId: number }> {
    const person = this.live(workspaceId, input.pk)
    const path = pathIdentifierOf(person)
    const cio = await this.access.clients(workspaceId)
    await cio.request('track', () => cio.track.deleteDevice(path, input.token), { idempotent: true, what: `remove a device of ${path}` })
    this.editDevices(workspaceId, input.pk, (list) => list.filter((d) => d.id !== input.token))
    const auditId = this.access.audit(workspaceId, 'device.remove', { devices: 1 }, { person: path, token: mask(input.token) })
    return { devices: this.messages.devices(workspaceId, input.pk), auditId }
  }

  async event(workspaceId: string, input: { pk?: number; anonymousId?: string; name: string; data: Record<string, unknown>; timestamp?: number }): Promise<{ status: 'accepted' | 'unknown'; message: string | null; auditId: number }> {
    const cio = await this.access.clients(workspaceId)
    const body = { name: input.name, data: input.data, ...(input.timestamp !== undefined ? { timestamp: input.timestamp } : {}) }
    const who = input.pk !== undefined ? pathIdentifierOf(this.live(workspaceId, input.pk)) : null
    const call = who !== null ? () => cio.track.track(who, body) : () => cio.track.trackAnonymous(input.anonymousId!, body)
    const audit = { person: who, anonymousId: input.anonymousId ?? null, name: input.name, dataKeys: Object.keys(input.data) }
    try {
      await cio.request('track', call, { idempotent: false, what: `track event ${input.name}` })
    } catch (err) {
      if (!(err instanceof MayHaveAppliedError)) throw err
      const message = err.message.replace('The request may have been applied', 'The event may have been recorded')
      return { status: 'unknown', message, auditId: this.access.audit(workspaceId, 'event', { unknown: 1 }, { ...audit, error: message }) }
    }
    return { status: 'accepted', message: null, auditId: this.access.audit(workspaceId, 'event', { events: 1 }, audit) }
  }

  async subscription(workspaceId: string, input: { pk: number; unsubscribed: boolean }): Promise<{ ok: true; auditId: number }> {
    const path = pathIdentifierOf(this.live(workspaceId, input.pk))
    const cio = await this.access.clients(workspaceId)
    // identify is an upsert of one attribute: repeating it converges, so it may be retried.
    await cio.request('track', () => cio.track.identify(path, { unsubscribed: input.unsubscribed }), { idempotent: true, what: `${input.unsubscribed ? 'unsubscribe' : 'resubscribe'} ${path}` })
    return { ok: true, auditId: this.access.audit(workspaceId, input.unsubscribed ? 'unsubscribe' : 'resubscribe', { people: 1 }, { person: path }) }
  }

  async reportDelivery(workspaceId: string, input: { deliveryId: string; metric: 'opened' | 'converted' | 'delivered'; deviceToken: string }): Promise<{ ok: true; auditId: number }> {
    const cio = await this.access.clients(workspaceId)
    const op = { type: 'delivery', action: 'event', identifiers: { id: input.deliveryId }, name: input.metric, attributes: { device_token: input.deviceToken } }
    // A metric is recorded once per delivery (a repeat sets the same metric), so it may be retried.
    await cio.request('track', () => cio.track.entity(op as never), { idempotent: true, what: `report ${input.metric} for delivery ${input.deliveryId}` })
    return { ok: true, auditId: this.access.audit(workspaceId, 'delivery.report', { deliveries: 1 }, { deliveryId: input.deliveryId, metric: input.metric }) }
  }

  async erase(workspaceId: string, input: { pk: number; confirm?: string }): Promise<{ ok: true; auditId: number }> {
    this.access.confirmProduction(workspaceId, input.confirm, 'delete a person')
    const path = pathIdentifierOf(this.live(workspaceId, input.pk))
    const cio = await this.access.clients(workspaceId)
    // Deleting a deleted person succeeds (docs/customerio-api.md §3.2): converges, so it may be retried.
    await cio.request('track', () => cio.track.destroy(path), { idempotent: true, what: `delete ${path}` })
    this.access.people.tombstone(input.pk, this.access.now())
    return { ok: true, auditId: this.access.audit(workspaceId, 'person.erase', { people: 1 }, { person: path }) }
  }

  async createSegment(workspaceId: string, input: { name: string; description?: string }): Promise<{ segment: { id: number; name: string }; auditId: number }> {
    const cio = await this.access.clients(workspaceId)
    const body = await cio.request('app', () => cio.app.createSegment({ name: input.name, ...(input.description ? { description: input.description } : {}) }), { idempotent: false, what: `create segment ${input.name}` })
    const segment = body.segment as { id?: number; name?: string } | undefined
    if (typeof segment?.id !== 'number') throw new AppError('REMOTE', 'Customer.io created the segment but answered without its id')
    this.segments.addCreated(workspaceId, { id: segment.id, name: segment.name ?? input.name, description: input.description ?? null }, this.access.now())
    const auditId = this.access.audit(workspaceId, 'segment.create', { segments: 1 }, { segmentId: segment.id, name: input.name })
    return { segment: { id: segment.id, name: segment.name ?? input.name }, auditId }
  }

  private live(workspaceId: string, pk: number) {
    const person = this.access.person(workspaceId, pk)
    if (person.deletedAt !== null) throw new AppError('VALIDATION', `person ${pk} was deleted in Customer.io`)
    return person
  }

  private editDevices(workspaceId: string, pk: number, edit: (list: StoredDevice[]) => StoredDevice[]): void {
    const ws = this.access.people.requireWs(workspaceId)
    const raw = this.access.sqlite.prepare('SELECT devices FROM people WHERE ws = ? AND pk = ?').pluck().get(ws, pk) as string | null
    const list = (raw ? JSON.parse(raw) : []) as StoredDevice[]
    this.access.people.setDevices(ws, pk, JSON.stringify(edit(list)))
  }
}

/** Push tokens identify a phone: the audit log keeps only enough to tell two apart. */
function mask(token: string): string {
  return token.length <= 8 ? '…' : `…${token.slice(-6)}`
}
