// App API people reads (docs/customerio-api.md §4.3–§4.6): search by filter, lookup by email, attributes
// (all values as strings), bulk attributes, segments, messages and relationships (activities: app-activities-routes.ts).
// Unknown people are 404 in the App envelope; `id_type=phone` is 400 because the sandbox workspace
// does not enable phone identifiers.

import type { Router } from './router'
import type { Services } from './services'
import { LIMITS, PAGE_LIMITS } from './config'
import { appError, isPlainObject, jsonBody, sendJson, type Ctx } from './http-kit'
import { FilterError, filterToSql, parseFilter } from './filters'
import { decodeCursor, page, parseLimit } from './pagination'
import type { PersonRow } from './store/people'

export function appBody(ctx: Ctx): Record<string, unknown> {
  const body = jsonBody(ctx, (m) => appError(400, m))
  if (!isPlainObject(body)) throw appError(400, 'request body must be a JSON object')
  return body
}

/** Validates `id_type` (§2.4, §4.4). */
export function idTypeOf(ctx: Ctx): 'id' | 'email' | 'cio_id' {
  const raw = ctx.query.get('id_type') ?? 'id'
  if (raw === 'id' || raw === 'email' || raw === 'cio_id') return raw
  if (raw === 'phone') throw appError(400, 'phone is not enabled as an identifier for this workspace', { source: { parameter: 'id_type' } })
  throw appError(400, `id_type must be one of id, email, phone, cio_id; got "${raw}"`, { source: { parameter: 'id_type' } })
}

export function lookup(s: Services, idType: 'id' | 'email' | 'cio_id', value: string): PersonRow | undefined {
  return s.people.find({ type: idType, value })
}

function requirePerson(s: Services, ctx: Ctx): PersonRow {
  const row = lookup(s, idTypeOf(ctx), ctx.params.customer_id)
  if (!row) throw appError(404, `customer ${ctx.params.customer_id} does not exist`)
  return row
}

/** The customer object of §4.4. */
export function customerJson(s: Services, row: PersonRow): Record<string, unknown> {
  const custom = JSON.parse(row.attrs) as Record<string, string>
  const setAt = JSON.parse(row.ts) as Record<string, number>
  const identifiers = s.people.identifiersOf(row)
  const attributes: Record<string, string> = { ...custom, cio_id: identifiers.cio_id }
  if (row.id !== null) attributes.id = row.id
  if (row.email !== null) attributes.email = row.email
  const timestamps: Record<string, number> = {}
  for (const key of Object.keys(attributes)) timestamps[key] = setAt[key] ?? row.created_at
  return {
    id: row.id,
    identifiers,
    attributes,
    timestamps,
    unsubscribed: row.unsubscribed === 1,
    devices: s.activity.devicesOf(row.pk),
  }
}

/** One page of people matching a filter, keyset on pk (shared by search and segment membership). */
export function searchPage(s: Services, where: string, params: unknown[], start: number | undefined, limit: number): { rows: PersonRow[]; next?: string } {
  const sql = `SELECT p.* FROM people p WHERE ${where} ${start !== undefined ? 'AND p.pk > ?' : ''} ORDER BY p.pk LIMIT ?`
  return page((n) => s.db.prepare(sql).all(...params, ...(start !== undefined ? [start] : []), n) as PersonRow[], limit, (r) => r.pk)
}

export function identifiersPage(s: Services, rows: PersonRow[], next: string | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {
    identifiers: rows.map((r) => s.people.identifiersOf(r)),
    // `ids` carries "" for people without an id (§4.3).
    ids: rows.map((r) => r.id ?? ''),
  }
  if (next) out.next = next
  return out
}

export function registerAppCustomers(router: Router, s: Services): void {
  router.get('/v1/customers', (ctx) => {
    const email = ctx.query.get('email')
    if (email === null || email === '') throw appError(400, 'email query parameter is required', { source: { parameter: 'email' } })
    // An unencoded `+` arrives as a space and simply matches nobody (§2.7).
    const row = s.people.find({ type: 'email', value: email })
    sendJson(ctx.res, 200, { results: row ? [s.people.identifiersOf(row)] : [] })
  })

  router.post('/v1/customers', (ctx) => {
    const body = appBody(ctx)
    if (body.filter === undefined) throw appError(400, 'filter is required', { source: { pointer: '/filter' } })
    let where: string
    const params: unknown[] = []
    try {
      where = filterToSql(parseFilter(body.filter), params)
    } catch (err) {
      if (err instanceof FilterError) throw appError(400, err.message, { source: { pointer: '/filter' } })
      throw err
    }
    const limit = parseLimit(ctx.query.get('limit'), PAGE_LIMITS.customers)
    const { rows, next } = searchPage(s, where, params, decodeCursor(ctx.query.get('start')), limit)
    sendJson(ctx.res, 200, identifiersPage(s, rows, next))
  })

  router.post('/v1/customers/attributes', (ctx) => {
    const idType = idTypeOf(ctx)
    const body = appBody(ctx)
    if (!Array.isArray(body.ids) || body.ids.length === 0) throw appError(400, 'ids is required', { source: { pointer: '/ids' } })
    if (body.ids.length > LIMITS.bulkAttributeIds) throw appError(400, `ids cannot contain more than ${LIMITS.bulkAttributeIds} identifiers`, { source: { pointer: '/ids' } })
    const customers: Record<string, unknown>[] = []
    for (const id of body.ids) {
      const row = lookup(s, idType, String(id))
      if (row) customers.push({ customer: customerJson(s, row) }) // unknown ids are omitted
    }
    sendJson(ctx.res, 200, { customers })
  })

  router.get('/v1/customers/:customer_id/attributes', (ctx) => {
    sendJson(ctx.res, 200, { customer: customerJson(s, requirePerson(s, ctx)) })
  })

  router.get('/v1/customers/:customer_id/segments', (ctx) => {
    const row = requirePerson(s, ctx)
    sendJson(ctx.res, 200, { segments: s.segments.segmentsOf(row.pk).map((seg) => s.segments.toJson(seg)) })
  })

  router.get('/v1/customers/:customer_id/messages', (ctx) => {
    const row = requirePerson(s, ctx)
    const limit = parseLimit(ctx.query.get('limit'), PAGE_LIMITS.messages)
    const before = decodeCursor(ctx.query.get('start'))
    const startTs = numberParam(ctx, 'start_ts')
    const endTs = numberParam(ctx, 'end_ts')
    const result = page((n) => s.catalog.messages({ pk: row.pk }, { before, limit: n, startTs, endTs }), limit, (m) => m.seq)
    sendJson(ctx.res, 200, { messages: result.rows.map((m) => JSON.parse(m.body) as unknown), ...(result.next ? { next: result.next } : {}) })
  })

  router.get('/v1/customers/:customer_id/relationships', (ctx) => {
    const row = requirePerson(s, ctx)
    sendJson(ctx.res, 200, { cio_relationships: s.objects.relationshipsOf(row.pk) })
  })
}

export function numberParam(ctx: Ctx, name: string): number | undefined {
  const raw = ctx.query.get(name)
  if (raw === null || raw === '') return undefined
  const n = Number(raw)
  if (!Number.isInteger(n)) throw appError(400, `${name} must be a unix timestamp`, { source: { parameter: name } })
  return n
}
