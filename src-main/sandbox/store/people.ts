// People: identifier resolution, identify (upsert) semantics, deletes, suppression and merges.
// Semantics follow docs/customerio-api.md §3.1–§3.9; problems Customer.io only reports asynchronously
// (identifier conflicts) are written to the activity log as `failed_attribute_change`, never as HTTP errors.
// Every change is recorded here, not in the routes, so Track v1/v2, Pipelines and the App API all log
// the same profile_create / attribute_change / profile_delete / profile_merge activities.

import type { DB } from './db'
import { cioIdOf, nextPk, pkOfCioId, rememberRetiredPk } from './db'
import type { SegmentStore } from './segments'
import type { ActivityLog } from './activity-log'
import { nowSeconds } from '../http-kit'

export type IdType = 'id' | 'email' | 'cio_id'
export interface PersonRef {
  type: IdType
  value: string
}

export interface PersonRow {
  pk: number
  id: string | null
  email: string | null
  email_lc: string | null
  anonymous_id: string | null
  attrs: string
  ts: string
  unsubscribed: number
  created_at: number
  updated_at: number
}

/** Keys of an identify body that are not stored as plain custom attributes. */
const RESERVED = new Set(['id', 'email', 'cio_id', '_update', '_timestamp', 'cio_relationships', 'anonymous_id'])

/** App reads return every attribute value as a string (§2.3, §8.4); objects/arrays are stored as JSON. */
export function toAttrString(value: unknown): string | null {
  if (value === null || value === undefined || value === '') return null
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  return JSON.stringify(value)
}

/** Track v1 path identifiers: `cio_` prefix → cio_id, contains `@` → email, otherwise id (§8.3). */
export function refFromPath(raw: string): PersonRef {
  if (raw.startsWith('cio_')) return { type: 'cio_id', value: raw.slice(4) }
  if (raw.includes('@')) return { type: 'email', value: raw }
  return { type: 'id', value: raw }
}

export class PeopleStore {
  private readonly byId
  private readonly byEmail
  private readonly byPk
  private readonly insertPerson
  private readonly updatePerson
  private readonly isSuppressed

  constructor(
    private readonly db: DB,
    private readonly segments: SegmentStore,
    private readonly activity: ActivityLog,
  ) {
    this.byId = db.prepare('SELECT * FROM people WHERE id = ?')
    this.byEmail = db.prepare('SELECT * FROM people WHERE email_lc = ?')
    this.byPk = db.prepare('SELECT * FROM people WHERE pk = ?')
    this.insertPerson = db.prepare(
      'INSERT INTO people (pk, id, email, email_lc, anonymous_id, attrs, ts, unsubscribed, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    )
    this.updatePerson = db.prepare(
      'UPDATE people SET id = ?, email = ?, email_lc = ?, anonymous_id = ?, attrs = ?, ts = ?, unsubscribed = ?, updated_at = ? WHERE pk = ?',
    )
    this.isSuppressed = db.prepare('SELECT 1 FROM suppressions WHERE identifier = ?').pluck()
  }

  find(ref: PersonRef): PersonRow | undefined {
    if (ref.type === 'id') return this.byId.get(ref.value) as PersonRow | undefined
    if (ref.type === 'email') return this.byEmail.get(ref.value.toLowerCase()) as PersonRow | undefined
    const pk = pkOfCioId(ref.value)
    return pk === null ? undefined : (this.byPk.get(pk) as PersonRow | undefined)
  }

  /** Path lookup: an `@` value that is nobody's email may still be someone's id. */
  findByPath(raw: string): PersonRow | undefined {
    const ref = refFromPath(raw)
    return this.find(ref) ?? (ref.type === 'email' ? this.find({ type: 'id', value: raw }) : undefined)
  }

  getByPk(pk: number): PersonRow | undefined {
    return this.byPk.get(pk) as PersonRow | undefined
  }

  suppressed(ref: { id?: string | null; email?: string | null }): boolean {
    return (!!ref.id && this.isSuppressed.get('id:' + ref.id) !== undefined) || (!!ref.email && this.isSuppressed.get('email:' + ref.email.toLowerCase()) !== undefined)
  }

  /**
   * Identify: create or update. `attributes` is the identify body (id/email inside it change identifiers).
   * Returns the person's pk, or null when nothing was stored (`_update` on an unknown person, suppressed).
   */
  identify(ref: PersonRef, attributes: Record<string, unknown>, opts: { updateOnly?: boolean; at?: number } = {}): number | null {
    const now = opts.at ?? nowSeconds()
    const bodyId = typeof attributes.id === 'string' && attributes.id !== '' ? attributes.id : undefined
    const bodyEmail = typeof attributes.email === 'string' && attributes.email !== '' ? attributes.email : undefined
    let row = this.find(ref)
    let adoptPathIdentifier = false
    if (!row && ref.type === 'id' && bodyEmail) adoptPathIdentifier = !!(row = this.find({ type: 'email', value: bodyEmail }))
    if (!row && ref.type === 'email' && bodyId) adoptPathIdentifier = !!(row = this.find({ type: 'id', value: bodyId }))
    if (!row) {
      if (opts.updateOnly || ref.type === 'cio_id') return null // unknown cio_id is silently dropped (§3.1)
      const id = ref.type === 'id' ? ref.value : (bodyId ?? null)
      const email = ref.type === 'email' ? ref.value : (bodyEmail ?? null)
      if (this.suppressed({ id, email })) return null
      if (id && this.find({ type: 'id', value: id })) return this.conflict(null, 'id', id)
      if (email && this.find({ type: 'email', value: email })) return this.conflict(null, 'email', email)
      const info = this.insertPerson.run(nextPk(this.db), id, email, email?.toLowerCase() ?? null, null, '{}', '{}', 0, now, now)
      row = this.getByPk(Number(info.lastInsertRowid))!
      // The creation identifiers are part of profile_create; the attribute_change below lists the rest.
      this.activity.write({ pk: row.pk, type: 'profile_create', data: {} })
    }
    const next = { id: row.id, email: row.email, anonymous_id: row.anonymous_id, unsubscribed: row.unsubscribed }
    if (adoptPathIdentifier) {
      if (ref.type === 'id') next.id = ref.value
      else next.email = ref.value
    }
    // Changing id needs addressing by email or cio_id; changing email needs id or cio_id (§2.4).
    if (bodyId && bodyId !== next.id) {
      const owner = this.find({ type: 'id', value: bodyId })
      if (owner && owner.pk !== row.pk) this.conflict(row.pk, 'id', bodyId)
      else if (next.id === null || ref.type !== 'id') next.id = bodyId
    }
    if (bodyEmail && bodyEmail.toLowerCase() !== next.email?.toLowerCase()) {
      const owner = this.find({ type: 'email', value: bodyEmail })
      if (owner && owner.pk !== row.pk) this.conflict(row.pk, 'email', bodyEmail)
      else if (ref.type !== 'email' || next.email === null) next.email = bodyEmail
    }
    const attrs = JSON.parse(row.attrs) as Record<string, string>
    const ts = JSON.parse(row.ts) as Record<string, number>
    // attribute_change data: { name: { from, to } } with "" for "absent"; identifier changes included.
    const changed: Record<string, { from: string; to: string }> = {}
    if (next.id !== row.id) changed.id = { from: row.id ?? '', to: next.id ?? '' }
    if (next.email !== row.email) changed.email = { from: row.email ?? '', to: next.email ?? '' }
    for (const [key, raw] of Object.entries(attributes)) {
      if (RESERVED.has(key)) continue
      const value = toAttrString(raw)
      if (value === null) {
        if (key in attrs) {
          changed[key] = { from: attrs[key], to: '' }
          delete attrs[key]
          delete ts[key]
        }
        continue
      }
      if (attrs[key] !== value) {
        changed[key] = { from: attrs[key] ?? '', to: value }
        attrs[key] = value
        ts[key] = now
      }
      if (key === 'unsubscribed') next.unsubscribed = /^(true|1)$/i.test(value) ? 1 : 0
    }
    const anonymousId = typeof attributes.anonymous_id === 'string' && attributes.anonymous_id !== '' ? attributes.anonymous_id : null
    if (anonymousId) next.anonymous_id = anonymousId
    if (next.id !== row.id) ts.id = now
    if (next.email !== row.email) ts.email = now
    this.updatePerson.run(next.id, next.email, next.email?.toLowerCase() ?? null, next.anonymous_id, JSON.stringify(attrs), JSON.stringify(ts), next.unsubscribed, now, row.pk)
    // Anonymous events with this anonymous_id now belong to the person (§3.4); after the update, so they
    // are stamped with the person's new identifiers.
    if (anonymousId) this.activity.claimAnonymous(row.pk, anonymousId)
    if (Object.keys(changed).length > 0) this.activity.write({ pk: row.pk, type: 'attribute_change', data: changed })
    this.segments.refreshPerson({ pk: row.pk, id: next.id, email: next.email, attrs })
    return row.pk
  }

  /** Identifier owned by someone else: Customer.io answers 200 and logs an attribute update failure. */
  private conflict(pk: number | null, field: string, value: string): null {
    this.activity.write({ pk, type: 'failed_attribute_change', name: field, data: { reason: `${field} "${value}" already belongs to another person` } })
    return null
  }

  /** Finds or creates a person by an `identifiers`-style reference (events, devices, sends). */
  ensure(ref: PersonRef): number | null {
    const row = ref.type === 'email' ? this.find(ref) ?? this.find({ type: 'id', value: ref.value }) : this.find(ref)
    return row ? row.pk : this.identify(ref, {})
  }

  /** Deletes the person (Track/Pipelines delete, suppress): logs profile_delete, then retires their activities. */
  delete(pk: number): void {
    const row = this.getByPk(pk)
    if (!row) return
    this.activity.write({ pk, type: 'profile_delete', data: {} })
    this.activity.retire(pk, row)
    this.remove(pk)
  }

  /** Removes the person's rows without logging (a merged-away secondary is not a deletion). */
  private remove(pk: number): void {
    rememberRetiredPk(this.db, pk)
    this.db.prepare('DELETE FROM people WHERE pk = ?').run(pk)
    this.db.prepare('DELETE FROM devices WHERE pk = ?').run(pk)
    this.db.prepare('DELETE FROM relationships WHERE pk = ?').run(pk)
    this.segments.forgetPerson(pk)
  }

  /** Suppress deletes the profile and blocks both its identifiers (§3.8). */
  suppress(ref: PersonRef): void {
    const row = this.find(ref)
    const ids = row ? [row.id && 'id:' + row.id, row.email_lc && 'email:' + row.email_lc] : [ref.type === 'email' ? 'email:' + ref.value.toLowerCase() : ref.type === 'id' ? 'id:' + ref.value : null]
    for (const identifier of ids) if (identifier) this.db.prepare('INSERT OR IGNORE INTO suppressions (identifier) VALUES (?)').run(identifier)
    if (row) this.delete(row.pk)
  }

  /** Unsuppress only frees the identifiers; the deleted profile does not come back. */
  unsuppress(ref: PersonRef): void {
    const key = ref.type === 'email' ? 'email:' + ref.value.toLowerCase() : ref.type === 'id' ? 'id:' + ref.value : null
    if (key) this.db.prepare('DELETE FROM suppressions WHERE identifier = ?').run(key)
  }

  /** Merge secondary into primary: primary keeps its values, gains missing ones, devices and activity (§3.9). */
  merge(primary: PersonRef, secondary: PersonRef): void {
    const a = this.find(primary)
    const b = this.find(secondary)
    if (!a || !b || a.pk === b.pk) return
    const attrs = { ...(JSON.parse(b.attrs) as Record<string, string>), ...(JSON.parse(a.attrs) as Record<string, string>) }
    const now = nowSeconds()
    const mergedAway = this.identifiersOf(b)
    this.activity.reassign(b.pk, a.pk)
    this.db.prepare('UPDATE OR IGNORE devices SET pk = ? WHERE pk = ?').run(a.pk, b.pk)
    for (const seg of this.segments.segmentsOf(b.pk)) if (seg.type === 'manual') this.segments.addMembers(seg.id, [a.pk])
    this.remove(b.pk)
    this.db.prepare('UPDATE people SET attrs = ?, email = coalesce(email, ?), email_lc = coalesce(email_lc, ?), id = coalesce(id, ?), updated_at = ? WHERE pk = ?').run(JSON.stringify(attrs), b.email, b.email_lc, b.id, now, a.pk)
    const merged = this.getByPk(a.pk)!
    this.segments.refreshPerson({ pk: merged.pk, id: merged.id, email: merged.email, attrs })
    this.activity.write({ pk: a.pk, type: 'profile_merge', data: { secondary: mergedAway } })
  }

  log(pk: number | null, anonymousId: string | null, type: string, name: string | null, data: unknown, timestamp: number, eventId: string | null = null): void {
    this.activity.write({ pk, anonymousId, eventId, type, name, data, timestamp })
  }

  identifiersOf(row: PersonRow): { id: string | null; email: string | null; cio_id: string } {
    return { id: row.id, email: row.email, cio_id: cioIdOf(row.pk) }
  }

  count(): number {
    return this.db.prepare('SELECT count(*) FROM people').pluck().get() as number
  }
}
