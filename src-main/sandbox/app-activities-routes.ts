// App API activity reads: the workspace feed `GET /v1/activities` ("List activities") and one person's
// `GET /v1/customers/:customer_id/activities`. Both read the same log (store/activity-log.ts), page
// newest first with a keyset cursor on seq, and return 10 per page by default, at most 100 (docs/customerio-api.md §4.6).

import type { Router } from './router'
import type { Services } from './services'
import { PAGE_LIMITS } from './config'
import { appError, sendJson, type Ctx } from './http-kit'
import { decodeCursor, page, parseLimit } from './pagination'
import { idTypeOf, lookup } from './app-customers-routes'
import { cioIdOf, pkOfCioId } from './store/db'
import { activityId, type ActivityOwner, type ActivityQuery, type ActivityRow } from './store/activity-log'

type Identifiers = { id: string | null; email: string | null; cio_id: string }

/**
 * One activity as the App API returns it. A live person is shown with their current identifiers; a
 * deleted one with the identifiers stored on the row; an anonymous activity has no customer at all.
 */
function activityJson(a: ActivityRow, identifiers: Identifiers | null): Record<string, unknown> {
  return {
    id: activityId(a.seq),
    type: a.type,
    name: a.name,
    timestamp: a.timestamp,
    customer_id: identifiers ? identifiers.id : null,
    customer_identifiers: identifiers,
    data: JSON.parse(a.data) as unknown,
    ...(a.event_id ? { event_id: a.event_id } : {}),
  }
}

/** Resolves each row's person once per page (a page holds at most 100 rows, usually of few people). */
function identifiersFor(s: Services): (a: ActivityRow) => Identifiers | null {
  const live = new Map<number, Identifiers | null>()
  return (a) => {
    if (a.pk === null) return null
    if (a.gone === 0) {
      if (!live.has(a.pk)) {
        const row = s.people.getByPk(a.pk)
        live.set(a.pk, row ? s.people.identifiersOf(row) : null)
      }
      const current = live.get(a.pk)
      if (current) return current
    }
    return { id: a.snap_id, email: a.snap_email, cio_id: cioIdOf(a.pk) }
  }
}

function sendPage(s: Services, ctx: Ctx, query: Omit<ActivityQuery, 'limit' | 'before'>): void {
  const limit = parseLimit(ctx.query.get('limit'), PAGE_LIMITS.activities)
  const before = decodeCursor(ctx.query.get('start'))
  const result = page((n) => s.activityLog.query({ ...query, before, limit: n }), limit, (a) => a.seq)
  const who = identifiersFor(s)
  sendJson(ctx.res, 200, { activities: result.rows.map((a) => activityJson(a, who(a))), ...(result.next ? { next: result.next } : {}) })
}

function booleanParam(ctx: Ctx, name: string): boolean {
  const raw = ctx.query.get(name)
  if (raw === null || raw === '' || raw === 'false') return false
  if (raw === 'true') return true
  throw appError(400, `${name} must be true or false; got "${raw}"`, { source: { parameter: name } })
}

/**
 * Whose activities `customer_id` asks for; undefined when nobody matches (an empty list, not a 404).
 * Live people are found as everywhere else; with `deleted=true` the person is gone, so the identifiers
 * stored on their activities are matched instead.
 */
function ownerOf(s: Services, idType: 'id' | 'email' | 'cio_id', raw: string, deleted: boolean): ActivityOwner | undefined {
  // The docs show cio_ids written with the `cio_` prefix; accept both spellings.
  const value = idType === 'cio_id' && raw.startsWith('cio_') ? raw.slice(4) : raw
  if (!deleted) {
    const row = lookup(s, idType, value)
    return row ? { pk: row.pk } : undefined
  }
  if (idType === 'id') return { snapId: value }
  if (idType === 'email') return { snapEmail: value }
  const pk = pkOfCioId(value)
  return pk === null ? undefined : { pk }
}

export function registerAppActivities(router: Router, s: Services): void {
  router.get('/v1/activities', (ctx) => {
    const deleted = booleanParam(ctx, 'deleted')
    const idType = idTypeOf(ctx)
    const customerId = ctx.query.get('customer_id')
    let owner: ActivityOwner | undefined
    if (customerId !== null && customerId !== '') {
      owner = ownerOf(s, idType, customerId, deleted)
      if (!owner) {
        // Still validate paging parameters, so a bad limit is a 400 whoever is asked for.
        parseLimit(ctx.query.get('limit'), PAGE_LIMITS.activities)
        decodeCursor(ctx.query.get('start'))
        return sendJson(ctx.res, 200, { activities: [] })
      }
    }
    sendPage(s, ctx, { deleted, owner, type: ctx.query.get('type') || undefined, name: ctx.query.get('name') || undefined })
  })

  router.get('/v1/customers/:customer_id/activities', (ctx) => {
    const row = lookup(s, idTypeOf(ctx), ctx.params.customer_id)
    if (!row) throw appError(404, `customer ${ctx.params.customer_id} does not exist`)
    sendPage(s, ctx, { deleted: false, owner: { pk: row.pk }, type: ctx.query.get('type') || undefined, name: ctx.query.get('name') || undefined })
  })
}
