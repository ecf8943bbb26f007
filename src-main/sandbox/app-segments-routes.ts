// App API segments (docs/customerio-api.md §4.7): list, create (manual), get, delete (204), membership
// (cursor pages, default 1000, max 30000), customer_count and used_by.

import type { Router } from './router'
import type { Services } from './services'
import { PAGE_LIMITS } from './config'
import { appError, isPlainObject, sendJson, sendNoContent, type Ctx } from './http-kit'
import { decodeCursor, page, parseLimit } from './pagination'
import { appBody, identifiersPage } from './app-customers-routes'
import type { PersonRow } from './store/people'
import type { SegmentRow } from './store/segments'

function requireSegment(s: Services, ctx: Ctx): SegmentRow {
  const raw = ctx.params.segment_id
  const segment = /^\d+$/.test(raw) ? s.segments.get(Number(raw)) : undefined
  if (!segment) throw appError(404, `segment ${raw} does not exist`)
  return segment
}

export function registerAppSegments(router: Router, s: Services): void {
  router.get('/v1/segments', (ctx) => {
    sendJson(ctx.res, 200, { segments: s.segments.list().map((row) => s.segments.toJson(row)) })
  })

  router.post('/v1/segments', (ctx) => {
    const body = appBody(ctx)
    const seg = body.segment
    if (!isPlainObject(seg)) throw appError(400, 'segment is required', { source: { pointer: '/segment' } })
    if (typeof seg.name !== 'string' || seg.name.trim() === '') throw appError(400, 'segment name is required', { source: { pointer: '/segment/name' } })
    if (seg.description !== undefined && typeof seg.description !== 'string') throw appError(400, 'segment description must be a string', { source: { pointer: '/segment/description' } })
    // Segments created through the API are always manual (§4.7).
    const row = s.segments.create({ name: seg.name, description: (seg.description as string | undefined) ?? '', type: 'manual' })
    sendJson(ctx.res, 200, { segment: s.segments.toJson(row) })
  })

  router.get('/v1/segments/:segment_id', (ctx) => {
    sendJson(ctx.res, 200, { segment: s.segments.toJson(requireSegment(s, ctx)) })
  })

  router.delete('/v1/segments/:segment_id', (ctx) => {
    const segment = requireSegment(s, ctx)
    // Data-driven segments can only be deleted in the UI; the status is undocumented, 400 is the sandbox's choice.
    if (segment.type !== 'manual') throw appError(400, `segment ${segment.id} is data-driven and can only be deleted in the Customer.io UI`)
    s.segments.delete(segment.id)
    sendNoContent(ctx.res)
  })

  router.get('/v1/segments/:segment_id/membership', (ctx) => {
    const segment = requireSegment(s, ctx)
    const limit = parseLimit(ctx.query.get('limit'), PAGE_LIMITS.membership)
    const start = decodeCursor(ctx.query.get('start')) ?? 0
    // Walk the membership index (segment_id, pk) rather than the people table: fast for small segments.
    const sql = 'SELECT p.* FROM segment_members m JOIN people p ON p.pk = m.pk WHERE m.segment_id = ? AND m.pk > ? ORDER BY m.pk LIMIT ?'
    const { rows, next } = page((n) => s.db.prepare(sql).all(segment.id, start, n) as PersonRow[], limit, (r) => r.pk)
    sendJson(ctx.res, 200, identifiersPage(s, rows, next))
  })

  router.get('/v1/segments/:segment_id/customer_count', (ctx) => {
    const segment = requireSegment(s, ctx)
    sendJson(ctx.res, 200, { count: s.segments.count(segment.id), segment_id: segment.id })
  })

  router.get('/v1/segments/:segment_id/used_by', (ctx) => {
    const segment = requireSegment(s, ctx)
    const campaigns = s.catalog
      .campaigns('campaign')
      .filter((c) => [...((c.trigger_segment_ids as number[]) ?? []), ...((c.filter_segment_ids as number[]) ?? [])].includes(segment.id))
      .map((c) => c.id)
    sendJson(ctx.res, 200, { segment_id: segment.id, used_by: { campaigns, draft_newsletters: [], sent_newsletters: [] } })
  })
}
