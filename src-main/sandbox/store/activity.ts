// Devices, events (with dedupe by event `id`, §2.6) and the activity log read by the App API.

import { Conditions } from './conditions'
import type { DB } from './db'
import { nowSeconds } from '../http-kit'
import { toAttrString } from './people'

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

export interface ActivityRow {
  seq: number
  pk: number | null
  anonymous_id: string | null
  event_id: string | null
  type: string
  name: string | null
  data: string
  timestamp: number
}

export class ActivityStore {
  private readonly upsertDevice
  private readonly insertEvent
  private readonly eventExists

  constructor(private readonly db: DB) {
    this.upsertDevice = db.prepare(
      'INSERT INTO devices (pk, token, platform, last_used, attrs) VALUES (?, ?, ?, ?, ?) ON CONFLICT(pk, token) DO UPDATE SET platform = excluded.platform, last_used = excluded.last_used, attrs = excluded.attrs',
    )
    this.insertEvent = db.prepare('INSERT INTO activities (pk, anonymous_id, event_id, type, name, data, timestamp) VALUES (?, ?, ?, ?, ?, ?, ?)')
    this.eventExists = db.prepare('SELECT 1 FROM activities WHERE event_id = ?').pluck()
  }

  /** A device token belongs to one person: adding it to someone moves it (as push tokens do). */
  addDevice(pk: number, device: DeviceInput): void {
    const attrs: Record<string, string> = {}
    for (const [k, v] of Object.entries(device.attributes ?? {})) {
      const s = toAttrString(v)
      if (s !== null) attrs[k] = s
    }
    this.db.prepare('DELETE FROM devices WHERE token = ? AND pk != ?').run(device.token, pk)
    this.upsertDevice.run(pk, device.token, device.platform, device.last_used ?? nowSeconds(), JSON.stringify(attrs))
  }

  deleteDevice(pk: number, token: string): void {
    this.db.prepare('DELETE FROM devices WHERE pk = ? AND token = ?').run(pk, token)
  }

  devicesOf(pk: number): { id: string; platform: string; last_used: number; attributes: Record<string, string> }[] {
    const rows = this.db.prepare('SELECT token, platform, last_used, attrs FROM devices WHERE pk = ? ORDER BY token').all(pk) as { token: string; platform: string; last_used: number; attrs: string }[]
    return rows.map((r) => ({ id: r.token, platform: r.platform, last_used: r.last_used, attributes: JSON.parse(r.attrs) as Record<string, string> }))
  }

  /** Stores an event unless its `id` was seen before. Returns false for a duplicate. */
  recordEvent(pk: number | null, anonymousId: string | null, event: EventInput): boolean {
    if (event.id && this.eventExists.get(event.id) !== undefined) return false
    this.insertEvent.run(pk, anonymousId, event.id ?? null, event.type, event.name, JSON.stringify(event.data), event.timestamp ?? nowSeconds())
    return true
  }

  /** A page of a person's activities, newest first, keyset on seq. */
  activitiesOf(pk: number, opts: { before?: number; limit: number; type?: string; name?: string }): ActivityRow[] {
    const c = new Conditions()
      .add('pk = ?', pk)
      .when(opts.before !== undefined, 'seq < ?', opts.before)
      .when(!!opts.type, 'type = ?', opts.type)
      .when(!!opts.name, 'name = ?', opts.name)
    return this.db.prepare(`SELECT * FROM activities ${c.sql()} ORDER BY seq DESC LIMIT ?`).all(...c.params, opts.limit) as ActivityRow[]
  }

  /** For the admin inspection endpoint and tests. */
  events(filter: { pk?: number; anonymousId?: string; name?: string }): ActivityRow[] {
    const c = new Conditions()
      .add("type IN ('event', 'page', 'screen')")
      .when(filter.pk !== undefined, 'pk = ?', filter.pk)
      .when(filter.anonymousId !== undefined, 'anonymous_id = ?', filter.anonymousId)
      .when(filter.name !== undefined, 'name = ?', filter.name)
    return this.db.prepare(`SELECT * FROM activities ${c.sql()} ORDER BY seq`).all(...c.params) as ActivityRow[]
  }
}
