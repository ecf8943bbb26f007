import type Database from 'better-sqlite3'
import type { PeoplePage, PersonDetail, PersonLookup, PersonRow, SavedView } from '../contract/people'
import { AttributeColumns, type AttributeColumn } from './attribute-columns'
import { PageAnchors } from './page-anchors'
import { PERSON_COLUMNS, buildPeopleSql, countSql, pageSql, type PeopleSearchInput, type PeopleSql, type PersonSqlRow } from './people-query'
import { PendingFields } from './pending-fields'
import { PersonDetailReader } from './person-detail'
import { SavedViews, type SaveViewInput } from './saved-views'
import { DataSignature, SignatureCache, StatementCache, parseJson } from '../db/sql-cache'
import type { Fragment } from '../db/sql-fragment'

// The People screen's reads: search and paging for the virtualized table, one person's panel,
// the column chooser, saved views. Synchronous SQL on the engine worker, so every call is kept
// to one or two indexed statements; the costly parts (exact totals over 1M people, attribute
// names) are cached until the data changes.

/**
 * How long a count may be reused for later pages (offset > 0) of the same query while the data
 * keeps changing (a pull writing on the same worker). The first page of a query always has an
 * exact total; scrolling during a pull must not recount 1M rows per page.
 */
const STALE_COUNT_MS = 2000
/**
 * Above this many people outside the result set (other workspaces, tombstones), a text-only count
 * joins people instead of subtracting the outsiders from the FTS index's own count.
 */
const MAX_SUBTRACTED_OUTSIDERS = 50_000

export class PeopleReadService {
  private readonly statements: StatementCache
  private readonly signature: DataSignature
  private readonly counts: SignatureCache<number>
  private readonly outsiders: SignatureCache<number[] | null>
  private readonly anchors = new PageAnchors()
  private readonly pending: PendingFields
  private readonly detail: PersonDetailReader
  private readonly attributeColumns: AttributeColumns
  private readonly savedViews: SavedViews

  constructor(sqlite: Database.Database) {
    this.statements = new StatementCache(sqlite)
    this.signature = new DataSignature(sqlite)
    this.counts = new SignatureCache(this.signature, 64)
    this.outsiders = new SignatureCache(this.signature, 8)
    this.pending = new PendingFields(this.statements)
    this.detail = new PersonDetailReader(this.statements, this.pending)
    this.attributeColumns = new AttributeColumns(this.statements, new SignatureCache(this.signature, 8))
    this.savedViews = new SavedViews(this.statements)
  }

  search(workspaceId: string, q: PeopleSearchInput): PeoplePage {
    const started = performance.now()
    const s = buildPeopleSql(workspaceId, q)
    const total = this.counts.getEntry(s.countKey, () => this.count(workspaceId, q.includeDeleted, s), q.offset > 0 ? { staleMs: STALE_COUNT_MS } : {})
    const rows = this.page(s, q.offset, q.limit, total.exact ? total.value : null)
    return {
      total: total.value,
      offset: q.offset,
      rows: this.withPending(workspaceId, rows),
      tookMs: Math.round((performance.now() - started) * 10) / 10,
    }
  }

  get(workspaceId: string, input: PersonLookup): PersonDetail {
    return this.detail.get(workspaceId, input)
  }

  /**
   * Attribute names with how many people have them: exact for up to 20,000 live people, from an
   * evenly spread sample above that, cached per workspace until the data changes.
   */
  columns(workspaceId: string): { columns: AttributeColumn[] } {
    return { columns: this.attributeColumns.list(workspaceId) }
  }

  views(workspaceId: string): SavedView[] {
    return this.savedViews.list(workspaceId)
  }

  saveView(workspaceId: string, input: SaveViewInput): SavedView {
    return this.savedViews.save(workspaceId, input)
  }

  removeView(workspaceId: string, id: string): { id: string } {
    return this.savedViews.remove(workspaceId, id)
  }

  private all(f: Fragment): unknown[] {
    return this.statements.get(f.sql).all(...f.params)
  }

  private scalar(f: Fragment): number {
    return this.statements.get(f.sql).pluck().get(...f.params) as number
  }

  private count(workspaceId: string, includeDeleted: boolean, s: PeopleSql): number {
    if (s.ftsOnly && s.fts !== null) {
      const outsiders = this.outsiderPks(workspaceId, includeDeleted)
      if (outsiders !== null) {
        // the FTS index counts its own hits in a few ms; joining each hit to people to check
        // workspace and tombstone costs ~120 ms for a 2-letter prefix on 1M people
        const hits = this.scalar({ sql: 'SELECT count(*) FROM people_fts WHERE people_fts MATCH ?', params: [s.fts] })
        if (outsiders.length === 0) return hits
        const outside = this.scalar({
          sql: 'SELECT count(*) FROM people_fts WHERE people_fts MATCH ? AND +rowid IN (SELECT value FROM json_each(?))',
          params: [s.fts, JSON.stringify(outsiders)],
        })
        return hits - outside
      }
    }
    return this.scalar(countSql(s))
  }

  /** pks of people a text-only search of this workspace must not count, or null when too many. */
  private outsiderPks(workspaceId: string, includeDeleted: boolean): number[] | null {
    return this.outsiders.get(`${workspaceId}:${includeDeleted}`, () => {
      const where = includeDeleted ? '+ws <> (SELECT ws FROM workspaces WHERE id = ?)' : '(+ws <> (SELECT ws FROM workspaces WHERE id = ?) OR deleted_at IS NOT NULL)'
      const pks = this.statements.get(`SELECT pk FROM people WHERE ${where} LIMIT ${MAX_SUBTRACTED_OUTSIDERS + 1}`).pluck().all(workspaceId) as number[]
      return pks.length > MAX_SUBTRACTED_OUTSIDERS ? null : pks
    })
  }

  /**
   * One page. In key order (the default), start from the nearest page anchor, or read backwards
   * from the end when that is closer (dragging the scrollbar to the bottom); otherwise OFFSET.
   * `exactTotal` is null when the count is a tolerated stale one: then no reading from the end.
   */
  private page(s: PeopleSql, offset: number, limit: number, exactTotal: number | null): PersonSqlRow[] {
    if (!s.keyOrder) {
      // sort only pks, then fetch the page's rows: a sorter carrying whole rows (attributes JSON)
      // over 1M people took 2–5 s for updated_at, against ~1 s for pks alone
      const query = pageSql(s, { dir: s.order.dir, skip: offset, limit }, 'pks')
      return this.rowsByPk(this.statements.get(query.sql).pluck().all(...query.params) as number[])
    }
    const dir = s.order.dir
    const anchorKey = `${s.countKey}:${dir}`
    const signature = this.signature.current()
    const start = this.anchors.start(anchorKey, signature, offset)
    let rows: PersonSqlRow[]
    const fromEnd = exactTotal === null ? Infinity : exactTotal - offset - limit
    if (exactTotal !== null && offset >= exactTotal) {
      rows = []
    } else if (fromEnd < start.skip) {
      const reverse = dir === 'asc' ? 'desc' : 'asc'
      const take = Math.min(limit, (exactTotal as number) - offset)
      rows = (this.all(pageSql(s, { dir: reverse, skip: Math.max(0, fromEnd), limit: take })) as PersonSqlRow[]).reverse()
    } else {
      rows = this.all(pageSql(s, { dir, after: start.after, skip: start.skip, limit })) as PersonSqlRow[]
    }
    this.anchors.record(anchorKey, signature, dir, offset, rows.map((r) => r.pk))
    return rows
  }

  /** Rows for these pks, in the given order. */
  private rowsByPk(pks: number[]): PersonSqlRow[] {
    if (pks.length === 0) return []
    const rows = this.statements.get(`SELECT ${PERSON_COLUMNS} FROM people p WHERE p.pk IN (SELECT value FROM json_each(?))`).all(JSON.stringify(pks)) as PersonSqlRow[]
    const byPk = new Map(rows.map((r) => [r.pk, r]))
    return pks.flatMap((pk) => byPk.get(pk) ?? [])
  }

  private withPending(workspaceId: string, rows: PersonSqlRow[]): PersonRow[] {
    const pending = this.pending.forPeople(workspaceId, rows.map((r) => r.pk))
    return rows.map((r) => ({
      pk: r.pk,
      cioId: r.cioId,
      id: r.id,
      email: r.email,
      attributes: parseJson<Record<string, unknown>>(r.attributes, {}),
      updatedAt: r.updatedAt,
      remoteUpdatedAt: r.remoteUpdatedAt,
      pulledAt: r.pulledAt,
      deletedAt: r.deletedAt,
      pending: pending.get(r.pk) ?? [],
    }))
  }
}
