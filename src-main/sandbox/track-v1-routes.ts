// Track API v1 (docs/customerio-api.md §3.1–§3.10). Track validates only what the docs list, answers
// `200 {}` on acceptance and applies the change asynchronously (Services.write), so unknown people
// never produce a 404. Validation errors use `{"meta":{"error"}}`, except devices and segment
// membership, whose spec'd 400 is `{"meta":{"errors":[…]}}`.

import type { Router } from './router'
import type { Services } from './services'
import { LIMITS } from './config'
import { isPlainObject, jsonBody, metaError, metaErrors, sendJson, type Ctx } from './http-kit'
import { attributeProblem, eventProblem, EVENT_TYPES, identifierProblem } from './limits'
import { refFromPath, type IdType, type PersonRef } from './store/people'
import { pkOfCioId } from './store/db'

const ok = (ctx: Ctx): void => sendJson(ctx.res, 200, {})

function objectBody(ctx: Ctx): Record<string, unknown> {
  const body = jsonBody(ctx, (m) => metaError(400, m))
  if (!isPlainObject(body)) throw metaError(400, 'request body must be a JSON object')
  return body
}

function pathRef(raw: string): PersonRef {
  const problem = identifierProblem(raw, 'identifier', false)
  if (problem) throw metaError(400, problem.message)
  return refFromPath(raw)
}

/** `{"id"|"email"|"cio_id": "…"}` with exactly one key (merge, v2 identifiers, transactional). */
export function singleIdentifier(raw: unknown): PersonRef | null {
  if (!isPlainObject(raw)) return null
  const keys = Object.keys(raw)
  if (keys.length !== 1 || !['id', 'email', 'cio_id'].includes(keys[0])) return null
  const value = raw[keys[0]]
  if (typeof value !== 'string' || value === '') return null
  return { type: keys[0] as IdType, value }
}

/** Applies a v1 `cio_relationships: {action, relationships:[…]}` block. */
function applyRelationships(s: Services, pk: number, block: unknown): void {
  if (!isPlainObject(block) || !Array.isArray(block.relationships)) return
  const remove = block.action === 'delete_relationships'
  for (const rel of block.relationships) {
    if (!isPlainObject(rel) || !isPlainObject(rel.identifiers)) continue
    const ids = rel.identifiers as { object_type_id?: string; object_id?: string; cio_object_id?: string }
    if (remove) s.objects.unrelate(pk, ids)
    else s.objects.relate(pk, ids, isPlainObject(rel.relationship_attributes) ? rel.relationship_attributes : undefined)
  }
}

export function registerTrackV1(router: Router, s: Services): void {
  router.put('/api/v1/customers/:identifier', (ctx) => {
    const ref = pathRef(ctx.params.identifier)
    const body = objectBody(ctx)
    const problem = attributeProblem(body)
    if (problem) throw metaError(400, problem.message)
    if (body.email !== undefined && body.email !== null && typeof body.email !== 'string') throw metaError(400, 'email attribute must be a string value')
    s.write(() => {
      const pk = s.people.identify(ref, body, { updateOnly: body._update === true })
      if (pk !== null && body.cio_relationships !== undefined) applyRelationships(s, pk, body.cio_relationships)
    })
    ok(ctx)
  })

  router.delete('/api/v1/customers/:identifier', (ctx) => {
    pathRef(ctx.params.identifier)
    s.write(() => {
      const row = s.people.findByPath(ctx.params.identifier)
      if (row) s.people.delete(row.pk)
    })
    ok(ctx)
  })

  const trackEvent = (ctx: Ctx, ref: PersonRef | null): void => {
    const body = objectBody(ctx)
    const problem = eventProblem(body.name, body.data)
    if (problem) throw metaError(400, problem.message)
    const type = body.type ?? 'event'
    if (typeof type !== 'string' || !EVENT_TYPES.has(type)) throw metaError(400, 'event type must be one of event, page, screen')
    if (body.timestamp !== undefined && !Number.isInteger(body.timestamp)) throw metaError(400, 'timestamp must be a unix timestamp in seconds')
    if (body.id !== undefined && typeof body.id !== 'string') throw metaError(400, 'event id must be a string')
    const anonymousId = typeof body.anonymous_id === 'string' && body.anonymous_id !== '' ? body.anonymous_id : null
    const event = {
      name: (body.name as string).trim(),
      type: type as 'event' | 'page' | 'screen',
      data: isPlainObject(body.data) ? body.data : {},
      timestamp: body.timestamp as number | undefined,
      id: body.id as string | undefined,
    }
    s.write(() => {
      if (ref) {
        const pk = s.people.ensure(ref)
        if (pk !== null) s.activity.recordEvent(pk, null, event)
        return
      }
      // An anonymous event joins the person who already carries its anonymous_id.
      const owner = anonymousId ? (s.db.prepare('SELECT pk FROM people WHERE anonymous_id = ?').pluck().get(anonymousId) as number | undefined) : undefined
      s.activity.recordEvent(owner ?? null, anonymousId, event)
    })
    ok(ctx)
  }
  router.post('/api/v1/customers/:identifier/events', (ctx) => trackEvent(ctx, pathRef(ctx.params.identifier)))
  router.post('/api/v1/events', (ctx) => trackEvent(ctx, null))

  router.put('/api/v1/customers/:identifier/devices', (ctx) => {
    const ref = pathRef(ctx.params.identifier)
    const body = objectBody(ctx)
    const device = body.device
    if (!isPlainObject(device)) throw metaErrors(400, ['device is required'])
    const errors: string[] = []
    if (typeof device.id !== 'string' || device.id === '') errors.push('device.id is required')
    if (device.platform !== 'ios' && device.platform !== 'android') errors.push('device.platform must be "ios" or "android"')
    if (device.last_used !== undefined && !Number.isInteger(device.last_used)) errors.push('device.last_used must be a unix timestamp')
    if (device.attributes !== undefined && !isPlainObject(device.attributes)) errors.push('device.attributes must be an object')
    if (errors.length) throw metaErrors(400, errors)
    s.write(() => {
      const pk = s.people.ensure(ref)
      if (pk !== null) s.activity.addDevice(pk, { token: device.id as string, platform: device.platform as string, last_used: device.last_used as number | undefined, attributes: device.attributes as Record<string, unknown> | undefined })
    })
    ok(ctx)
  })

  router.delete('/api/v1/customers/:identifier/devices/:device_id', (ctx) => {
    pathRef(ctx.params.identifier)
    s.write(() => {
      const row = s.people.findByPath(ctx.params.identifier)
      if (row) s.activity.deleteDevice(row.pk, ctx.params.device_id)
    })
    ok(ctx)
  })

  const membership = (add: boolean) => (ctx: Ctx) => {
    const segmentId = Number(ctx.params.segment_id)
    const idType = ctx.query.get('id_type') ?? 'id'
    if (!['id', 'email', 'cio_id'].includes(idType)) throw metaErrors(400, ['id_type must be one of id, email, cio_id'])
    const body = objectBody(ctx)
    if (!Array.isArray(body.ids) || body.ids.length === 0) throw metaErrors(400, ['ids is required and must contain at least one identifier'])
    if (body.ids.length > LIMITS.segmentIdsPerCall) throw metaErrors(400, [`ids cannot contain more than ${LIMITS.segmentIdsPerCall} identifiers`])
    const segment = s.segments.get(segmentId)
    // Undocumented on the real API; the sandbox answers the strict choice of §3.7.
    if (!segment) throw metaError(404, `segment ${ctx.params.segment_id} not found`)
    if (segment.type !== 'manual') throw metaErrors(400, [`segment ${segmentId} is data-driven; only manual segments can be changed through the API`])
    const ids = body.ids.filter((v): v is string => typeof v === 'string')
    s.write(() => {
      const pks: number[] = []
      for (const value of ids) {
        // Entries that do not look like the declared type are ignored (§3.7).
        if (idType === 'email' && !value.includes('@')) continue
        const pk = idType === 'cio_id' ? pkOfCioId(value) : (s.people.find({ type: idType as IdType, value })?.pk ?? null)
        if (pk !== null && s.people.getByPk(pk)) pks.push(pk)
      }
      if (add) s.segments.addMembers(segmentId, pks)
      else s.segments.removeMembers(segmentId, pks)
      for (const pk of pks) {
        const row = s.people.getByPk(pk)!
        s.segments.refreshPerson({ pk, id: row.id, email: row.email, attrs: JSON.parse(row.attrs) as Record<string, string> })
      }
    })
    ok(ctx)
  }
  router.post('/api/v1/segments/:segment_id/add_customers', membership(true))
  router.post('/api/v1/segments/:segment_id/remove_customers', membership(false))

  router.post('/api/v1/customers/:identifier/suppress', (ctx) => {
    const ref = pathRef(ctx.params.identifier)
    s.write(() => s.people.suppress(ref))
    ok(ctx)
  })
  router.post('/api/v1/customers/:identifier/unsuppress', (ctx) => {
    const ref = pathRef(ctx.params.identifier)
    s.write(() => s.people.unsuppress(ref))
    ok(ctx)
  })

  router.post('/api/v1/merge_customers', (ctx) => {
    const body = objectBody(ctx)
    const primary = singleIdentifier(body.primary)
    const secondary = singleIdentifier(body.secondary)
    if (!primary) throw metaError(400, 'primary must have exactly one of id, email or cio_id')
    if (!secondary) throw metaError(400, 'secondary must have exactly one of id, email or cio_id')
    s.write(() => s.people.merge(primary, secondary))
    ok(ctx)
  })

  // The sandbox is its own region: `url` points back at it so a client that follows it stays local.
  router.get('/api/v1/accounts/region', (ctx) => {
    sendJson(ctx.res, 200, { url: ctx.baseUrl, region: 'us', environment_id: environmentId(s) })
  })
}

/** A stable small integer workspace id derived from the site id. */
export function environmentId(s: Services): number {
  return (parseInt(s.keys.siteId.slice(0, 6), 16) % 90000) + 10000
}
