// Devices, events (with dedupe by event `id`, docs/customerio-api.md §2.6) and the per-person view of the activity log.
// Device changes and events are written through ActivityLog, like the people changes in people.ts.

import { Conditions } from './conditions'
import type { DB } from './db'
import { nowSeconds } from '../http-kit'
import { toAttrString } from './people'
import type { ActivityLog, ActivityRow } from './activity-log'

export type { ActivityRow } from './activity-log'

export interface DeviceInput {
  token: string
  platform: string
  last_used?: number
  attributes?: Record<string, unknown>
}

export interface EventInput {
  name: string
  type: 'event' | 'page' | 'screen'
  data: Record<string, unknown>
  timestamp?: number
  id?: string
}

export class ActivityStore {
  private readonly upsertDevice
  private readonly ownersOf
  private readonly eventExists

  constructor(
    private readonly db: DB,
    private readonly log: ActivityLog,
  ) {
    this.upsertDevice = db.prepare(
      'INSERT INTO devices (pk, token, platform, last_used, attrs) VALUES (?, ?, ?, ?, ?) ON CONFLICT(pk, token) DO UPDATE SET platform = excluded.platform, last_used = excluded.last_used, attrs = excluded.attrs',
    )
    this.ownersOf = db.prepare('SELECT pk, platform FROM devices WHERE token = ?')
    this.eventExists = db.prepare('SELECT 1 FROM activities WHERE event_id = ?').pluck()
  }

  /**
   * A device token belongs to one person: adding it to someone moves it (as push tokens do). The old
   * owner gets a device_change `delete`, the new one `add` (or `update` when it was already theirs).
   */
  addDevice(pk: number, device: DeviceInput): void {
    const attrs: Record<string, string> = {}
    for (const [k, v] of Object.entries(device.attributes ?? {})) {
      const s = toAttrString(v)
      if (s !== null) attrs[k] = s
    }
    const now = nowSeconds()
    const owners = this.ownersOf.all(device.token) as { pk: number; platform: string }[]
    for (const other of owners) if (other.pk !== pk) this.logDevice(other.pk, device.token, other.platform, 'delete')
    this.db.prepare('DELETE FROM devices WHERE token = ? AND pk != ?').run(device.token, pk)
    this.upsertDevice.run(pk, device.token, device.platform, device.last_used ?? now, JSON.stringify(attrs))
    this.logDevice(pk, device.token, device.platform, owners.some((o) => o.pk === pk) ? 'update' : 'add')
  }

  /** Deleting a token the person does not have changes nothing and logs nothing. */
  deleteDevice(pk: number, token: string): void {
    const platform = this.db.prepare('SELECT platform FROM devices WHERE pk = ? AND token = ?').pluck().get(pk, token) as string | undefined
    if (platform === undefined) return
    this.db.prepare('DELETE FROM devices WHERE pk = ? AND token = ?').run(pk, token)
    this.logDevice(pk, token, platform, 'delete')
  }

  private logDevice(pk: number, token: string, platform: string, action: 'add' | 'update' | 'delete'): void {
    this.log.write({ pk, type: 'device_change', data: { token, platform, action } })
  }

  devicesOf(pk: number): { id: string; platform: string; last_used: number; attributes: Record<string, string> }[] {
    const rows = this.db.prepare('SELECT token, platform, last_used, attrs FROM devices WHERE pk = ? ORDER BY token').all(pk) as { token: string; platform: string; last_used: number; attrs: string }[]
    return rows.map((r) => ({ id: r.token, platform: r.platform, last_used: r.last_used, attributes: JSON.parse(r.attrs) as Record<string, string> }))
  }

  /** Stores an event unless its `id` was seen before. Returns false for a duplicate. */
  recordEvent(pk: number | null, anonymousId: string | null, event: EventInput): boolean {
    if (event.id && this.eventExists.get(event.id) !== undefined) return false
    this.log.write({ pk, anonymousId, eventId: event.id ?? null, type: event.type, name: event.name, data: event.data, timestamp: event.timestamp ?? nowSeconds() })
    return true
  }

  /** Anonymous events with this anonymous_id now belong to the person (Pipelines alias, §5). */
  claimAnonymous(pk: number, anonymousId: string): void {
    this.log.claimAnonymous(pk, anonymousId)
  }

  /** For the admin inspection endpoint and tests (every stored event, whatever the window). */
  events(filter: { pk?: number; anonymousId?: string; name?: string }): ActivityRow[] {
    const c = new Conditions()
      .add("type IN ('event', 'page', 'screen')")
      .when(filter.pk !== undefined, 'pk = ? AND gone = 0', filter.pk)
      .when(filter.anonymousId !== undefined, 'anonymous_id = ?', filter.anonymousId)
      .when(filter.name !== undefined, 'name = ?', filter.name)
    return this.db.prepare(`SELECT * FROM activities ${c.sql()} ORDER BY seq`).all(...c.params) as ActivityRow[]
  }
}
