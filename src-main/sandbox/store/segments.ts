// Segments and their membership. Manual segments are changed by Track add/remove_customers; data-driven
// segments carry a filter and their membership is re-evaluated whenever a person changes, so App reads
// (membership, customer_count, filter {segment}) always agree with the people table.

import type { DB } from './db'
import { evaluateFilter, parseFilter, type EvaluablePerson, type Filter } from '../filters'
import { nowSeconds } from '../http-kit'

export interface SegmentRow {
  id: number
  name: string
  description: string
  type: 'manual' | 'dynamic'
  filter: string | null
  tags: string | null
  created_at: number
  updated_at: number
}

export interface DynamicSegment {
  id: number
  filter: Filter
}

export class SegmentStore {
  private dynamicCache: DynamicSegment[] | null = null
  private readonly isMember
  private readonly addMember
  private readonly removeMember

  constructor(private readonly db: DB) {
    this.isMember = db.prepare('SELECT 1 FROM segment_members WHERE segment_id = ? AND pk = ?').pluck()
    this.addMember = db.prepare('INSERT OR IGNORE INTO segment_members (segment_id, pk) VALUES (?, ?)')
    this.removeMember = db.prepare('DELETE FROM segment_members WHERE segment_id = ? AND pk = ?')
  }

  /** The API object of docs/customerio-api.md §4.7. */
  toJson(row: SegmentRow): Record<string, unknown> {
    return {
      id: row.id,
      deduplicate_id: `${row.id}:${row.created_at}`,
      name: row.name,
      description: row.description,
      state: 'finished',
      progress: null,
      type: row.type,
      tags: row.tags ? (JSON.parse(row.tags) as string[]) : null,
      created_at: row.created_at,
      updated_at: row.updated_at,
    }
  }

  list(): SegmentRow[] {
    return this.db.prepare('SELECT * FROM segments ORDER BY id').all() as SegmentRow[]
  }

  get(id: number): SegmentRow | undefined {
    if (!Number.isInteger(id)) return undefined
    return this.db.prepare('SELECT * FROM segments WHERE id = ?').get(id) as SegmentRow | undefined
  }

  create(input: { name: string; description?: string; type: 'manual' | 'dynamic'; filter?: Filter; tags?: string[]; id?: number }): SegmentRow {
    const now = nowSeconds()
    const info = this.db
      .prepare('INSERT INTO segments (id, name, description, type, filter, tags, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(input.id ?? null, input.name, input.description ?? '', input.type, input.filter ? JSON.stringify(input.filter) : null, input.tags ? JSON.stringify(input.tags) : null, now, now)
    this.dynamicCache = null
    return this.get(Number(info.lastInsertRowid))!
  }

  delete(id: number): void {
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM segment_members WHERE segment_id = ?').run(id)
      this.db.prepare('DELETE FROM segments WHERE id = ?').run(id)
    })()
    this.dynamicCache = null
  }

  dynamicSegments(): DynamicSegment[] {
    if (!this.dynamicCache) {
      const rows = this.db.prepare("SELECT id, filter FROM segments WHERE type = 'dynamic' AND filter IS NOT NULL ORDER BY id").all() as { id: number; filter: string }[]
      this.dynamicCache = rows.map((r) => ({ id: r.id, filter: parseFilter(JSON.parse(r.filter)) }))
    }
    return this.dynamicCache
  }

  isMemberOf(segmentId: number, pk: number): boolean {
    return this.isMember.get(segmentId, pk) !== undefined
  }

  addMembers(segmentId: number, pks: number[]): void {
    for (const pk of pks) this.addMember.run(segmentId, pk)
  }

  removeMembers(segmentId: number, pks: number[]): void {
    for (const pk of pks) this.removeMember.run(segmentId, pk)
  }

  /** Re-evaluates every data-driven segment for one person (segments are evaluated in id order). */
  refreshPerson(person: EvaluablePerson): void {
    for (const seg of this.dynamicSegments()) {
      const inside = evaluateFilter(seg.filter, person, (id) => this.isMemberOf(id, person.pk))
      if (inside) this.addMember.run(seg.id, person.pk)
      else this.removeMember.run(seg.id, person.pk)
    }
  }

  /** Recomputes a whole data-driven segment with SQL (used after creating one over existing people). */
  rebuild(segmentId: number, sqlWhere: string, params: unknown[]): void {
    this.db.prepare('DELETE FROM segment_members WHERE segment_id = ?').run(segmentId)
    this.db.prepare(`INSERT INTO segment_members (segment_id, pk) SELECT ?, p.pk FROM people p WHERE ${sqlWhere}`).run(segmentId, ...params)
  }

  /** A person leaves every segment (delete, suppress, merge). Per-segment PK lookups: no extra index needed. */
  forgetPerson(pk: number): void {
    for (const row of this.db.prepare('SELECT id FROM segments').all() as { id: number }[]) this.removeMember.run(row.id, pk)
  }

  segmentsOf(pk: number): SegmentRow[] {
    return this.list().filter((s) => this.isMemberOf(s.id, pk))
  }

  count(segmentId: number): number {
    return this.db.prepare('SELECT count(*) FROM segment_members WHERE segment_id = ?').pluck().get(segmentId) as number
  }
}
