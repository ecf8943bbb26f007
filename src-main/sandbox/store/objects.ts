// Objects (v2 `type: "object"`) and person↔object relationships (docs/customerio-api.md §3.11).
// Object identifiers are `{object_type_id, object_id}` (create or update) or `{cio_object_id}` (update only).

import { createHash } from 'node:crypto'
import type { DB } from './db'
import { toAttrString } from './people'

export interface ObjectRef {
  object_type_id?: string
  object_id?: string
  cio_object_id?: string
}

interface ObjectRow {
  type_id: string
  object_id: string
  cio_object_id: string
  attrs: string
}

/** Stable `ob…` id for an object, like Customer.io's `obb7fd050101`. */
function cioObjectIdOf(typeId: string, objectId: string): string {
  return 'ob' + createHash('sha1').update(`${typeId}\u0000${objectId}`).digest('hex').slice(0, 10)
}

export class ObjectStore {
  constructor(private readonly db: DB) {}

  find(ref: ObjectRef): ObjectRow | undefined {
    if (ref.cio_object_id) return this.db.prepare('SELECT * FROM objects WHERE cio_object_id = ?').get(ref.cio_object_id) as ObjectRow | undefined
    return this.db.prepare('SELECT * FROM objects WHERE type_id = ? AND object_id = ?').get(ref.object_type_id, ref.object_id) as ObjectRow | undefined
  }

  /** Creates (type+id only) or updates an object; null/"" removes an attribute. Returns null if unknown cio_object_id. */
  identify(ref: ObjectRef, attributes: Record<string, unknown>): ObjectRow | null {
    let row = this.find(ref)
    if (!row) {
      if (!ref.object_type_id || !ref.object_id) return null
      row = { type_id: ref.object_type_id, object_id: ref.object_id, cio_object_id: cioObjectIdOf(ref.object_type_id, ref.object_id), attrs: '{}' }
      this.db.prepare('INSERT INTO objects (type_id, object_id, cio_object_id, attrs) VALUES (?, ?, ?, ?)').run(row.type_id, row.object_id, row.cio_object_id, '{}')
    }
    const attrs = JSON.parse(row.attrs) as Record<string, string>
    for (const [k, v] of Object.entries(attributes)) {
      const s = toAttrString(v)
      if (s === null) delete attrs[k]
      else attrs[k] = s
    }
    this.db.prepare('UPDATE objects SET attrs = ? WHERE type_id = ? AND object_id = ?').run(JSON.stringify(attrs), row.type_id, row.object_id)
    return { ...row, attrs: JSON.stringify(attrs) }
  }

  delete(ref: ObjectRef): void {
    const row = this.find(ref)
    if (!row) return
    this.db.prepare('DELETE FROM relationships WHERE type_id = ? AND object_id = ?').run(row.type_id, row.object_id)
    this.db.prepare('DELETE FROM objects WHERE type_id = ? AND object_id = ?').run(row.type_id, row.object_id)
  }

  relate(pk: number, ref: ObjectRef, attributes: Record<string, unknown> | undefined): void {
    const row = this.identify(ref, {})
    if (!row) return
    const attrs: Record<string, string> = {}
    for (const [k, v] of Object.entries(attributes ?? {})) {
      const s = toAttrString(v)
      if (s !== null) attrs[k] = s
    }
    this.db
      .prepare('INSERT INTO relationships (pk, type_id, object_id, attrs) VALUES (?, ?, ?, ?) ON CONFLICT(pk, type_id, object_id) DO UPDATE SET attrs = excluded.attrs')
      .run(pk, row.type_id, row.object_id, JSON.stringify(attrs))
  }

  unrelate(pk: number, ref: ObjectRef): void {
    const row = this.find(ref)
    if (row) this.db.prepare('DELETE FROM relationships WHERE pk = ? AND type_id = ? AND object_id = ?').run(pk, row.type_id, row.object_id)
  }

  relationshipsOf(pk: number): { identifiers: { object_type_id: string; object_id: string; cio_object_id: string }; relationship_attributes: Record<string, string> }[] {
    const rows = this.db.prepare('SELECT r.type_id, r.object_id, r.attrs, o.cio_object_id FROM relationships r JOIN objects o USING (type_id, object_id) WHERE r.pk = ? ORDER BY r.type_id, r.object_id').all(pk) as { type_id: string; object_id: string; attrs: string; cio_object_id: string }[]
    return rows.map((r) => ({ identifiers: { object_type_id: r.type_id, object_id: r.object_id, cio_object_id: r.cio_object_id }, relationship_attributes: JSON.parse(r.attrs) as Record<string, string> }))
  }

  count(): number {
    return this.db.prepare('SELECT count(*) FROM objects').pluck().get() as number
  }
}
