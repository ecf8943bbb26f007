import type { z } from 'zod'
import { toFtsPrefixQuery } from '../db/people-search'
import type { peopleQuery } from '../contract/people'
import { filterPredicate, sortExpression } from './attribute-sql'
import { joinFragments, raw, sql, type Fragment } from '../db/sql-fragment'

// Turns a parsed People query into SQL parts. The plan is chosen by hand, because the mirror has
// no ANALYZE statistics and SQLite's guess is badly wrong on 1M people (measured: filtering
// `ws = ?` through people_ws_email_ci to count is 2.5 s, a plain scan 0.13 s):
// - text: FTS5 drives (people_fts CROSS JOIN people), in rowid order so LIMIT stops early;
//   never ORDER BY rank, which must score every hit of a broad prefix first;
// - a segment without text: its members drive, each joined to its person by (workspace, cio_id);
// - otherwise: a scan of people in pk order (`+ws` keeps the planner off the index),
//   or the id / email / cio_id index when the table is sorted by one of those.

export type PeopleSearchInput = z.output<typeof peopleQuery>

export interface PeopleSql {
  from: Fragment
  /** conditions shared by the page and the count */
  where: Fragment
  /** the workspace condition for a page (may use an index for the order) and for a count (never) */
  pageWorkspace: Fragment
  countWorkspace: Fragment
  order: { expr: Fragment; dir: 'asc' | 'desc' }
  /** the order is the row key itself (pk / FTS rowid): pages can be found by key, not OFFSET */
  keyOrder: Fragment | null
  /** the FTS5 query when the text had something to search */
  fts: string | null
  /** text only (no filters, no segment): the count can come from the FTS index alone */
  ftsOnly: boolean
  /** identifies the result set (not its order): the key of the cached count */
  countKey: string
}

export function buildPeopleSql(workspaceId: string, q: PeopleSearchInput): PeopleSql {
  const fts = toFtsPrefixQuery(q.text)
  const conditions: Fragment[] = []
  let from: Fragment
  let workspace: Fragment
  let rowKey: Fragment

  if (fts !== null) {
    from = raw('people_fts f CROSS JOIN people p ON p.pk = f.rowid')
    conditions.push(sql`people_fts MATCH ${fts}`)
    workspace = sql`+p.ws = ${wsOf(workspaceId)}`
    rowKey = raw('f.rowid')
    if (q.segmentId !== undefined) conditions.push(currentMember(workspaceId, q.segmentId))
  } else if (q.segmentId !== undefined) {
    from = sql`segment_members m CROSS JOIN people p ON p.ws = ${wsOf(workspaceId)} AND p.cio_id = m.cio_id`
    conditions.push(sql`m.ws = (SELECT ws FROM workspaces WHERE id = ${workspaceId}) AND m.segment_id = ${q.segmentId} AND m.left_at IS NULL`)
    workspace = raw('1')
    rowKey = raw('p.pk')
  } else {
    from = raw('people p')
    workspace = sql`+p.ws = ${wsOf(workspaceId)}`
    rowKey = raw('p.pk')
  }
  if (!q.includeDeleted) conditions.push(raw('p.deleted_at IS NULL'))
  for (const f of q.filters) conditions.push(filterPredicate(f))

  const column = q.sort?.column ?? 'pk'
  const dir = q.sort?.dir ?? 'asc'
  const sort = sortExpression(column)
  const isKeyOrder = column === 'pk'
  // only a scan of people can walk the id / email / cio_id index in order
  const pageWorkspace = sort.indexed && !isKeyOrder && fts === null && q.segmentId === undefined ? sql`p.ws = ${wsOf(workspaceId)}` : workspace

  return {
    from,
    where: conditions.length > 0 ? joinFragments(conditions, ' AND ') : raw('1'),
    pageWorkspace,
    countWorkspace: workspace,
    order: { expr: isKeyOrder ? rowKey : sort.expr, dir },
    keyOrder: isKeyOrder ? rowKey : null,
    fts,
    ftsOnly: fts !== null && q.segmentId === undefined && q.filters.length === 0,
    countKey: JSON.stringify([workspaceId, fts, q.segmentId ?? null, q.includeDeleted, q.filters]),
  }
}

/** The workspace's compact number (people.ws), looked up once per statement. */
function wsOf(workspaceId: string): Fragment {
  return sql`(SELECT ws FROM workspaces WHERE id = ${workspaceId})`
}

function currentMember(workspaceId: string, segmentId: number): Fragment {
  return sql`EXISTS (SELECT 1 FROM segment_members m WHERE m.ws = (SELECT ws FROM workspaces WHERE id = ${workspaceId}) AND m.segment_id = ${segmentId} AND m.cio_id = p.cio_id AND m.left_at IS NULL)`
}

/** The columns a page returns, as PersonRow wants them (attributes still JSON text). */
/** The row PERSON_COLUMNS selects. */
export interface PersonSqlRow {
  pk: number
  cioId: string | null
  id: string | null
  email: string | null
  attributes: string
  updatedAt: number
  remoteUpdatedAt: number | null
  pulledAt: number | null
  deletedAt: number | null
}

export const PERSON_COLUMNS = 'p.pk AS pk, p.cio_id AS cioId, p.id AS id, p.email AS email, p.attributes AS attributes, p.updated_at AS updatedAt, p.remote_updated_at AS remoteUpdatedAt, p.synced_at AS pulledAt, p.deleted_at AS deletedAt'

export interface PageRequest {
  /** keyset bound: rows strictly after this key in the query's direction */
  after?: number
  /** the direction to read in (the reverse of the query's when paging from the end) */
  dir: 'asc' | 'desc'
  skip: number
  limit: number
}

export function pageSql(s: PeopleSql, page: PageRequest, select: 'rows' | 'pks' = 'rows'): Fragment {
  const dir = raw(page.dir === 'asc' ? 'ASC' : 'DESC')
  const keyset =
    page.after !== undefined && s.keyOrder ? sql` AND ${s.keyOrder} ${raw(page.dir === 'asc' ? '>' : '<')} ${page.after}` : raw('')
  // the pk tie-breaker makes any order total, so consecutive pages never overlap or skip
  const tieBreak = s.keyOrder ? raw('') : sql`, p.pk ${dir}`
  return sql`SELECT ${raw(select === 'rows' ? PERSON_COLUMNS : 'p.pk AS pk')} FROM ${s.from} WHERE ${s.pageWorkspace} AND ${s.where}${keyset} ORDER BY ${s.order.expr} ${dir}${tieBreak} LIMIT ${page.limit} OFFSET ${page.skip}`
}

export function countSql(s: PeopleSql): Fragment {
  return sql`SELECT count(*) FROM ${s.from} WHERE ${s.countWorkspace} AND ${s.where}`
}
