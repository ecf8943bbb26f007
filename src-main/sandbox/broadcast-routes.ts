// API-triggered broadcasts (docs/customerio-api.md §4.2): POST /v1/campaigns/:id/triggers → {"id": trigger},
// limited to 1 request per 10 s and 5 queued triggers, with 422 validation errors. The Postman
// collection's POST /v1/send/broadcast {id, data} does not exist on the real API; the sandbox serves it
// as an alias so the collection runs (see RESULTS in the newman test).

import type { Router } from './router'
import type { Services } from './services'
import { LIMITS, PAGE_LIMITS } from './config'
import { appError, isPlainObject, jsonBytes, sendJson, type Ctx } from './http-kit'
import { FilterError, filterToSql, parseFilter } from './filters'
import { appBody } from './app-customers-routes'
import { requireCampaign } from './app-campaigns-routes'
import { decodeCursor, parseLimit, encodeCursor } from './pagination'
import type { PersonRow } from './store/people'

/** Deliveries recorded per trigger; a larger audience is counted but not materialised as messages. */
const MAX_RECORDED_DELIVERIES = 10_000
const AUDIENCE_KEYS = ['recipients', 'emails', 'ids', 'per_user_data', 'data_file_url'] as const

const unprocessable = (detail: string, pointer: string) => appError(422, detail, { source: { pointer } })

function trigger(s: Services, ctx: Ctx, broadcastId: number, body: Record<string, unknown>): void {
  const broadcast = s.catalog.campaign(broadcastId, 'broadcast')
  if (!broadcast) throw appError(404, `broadcast with id ${broadcastId} does not exist`)
  if (jsonBytes(body) > LIMITS.broadcastPayloadBytes) throw appError(413, 'trigger payload cannot be larger than 25 MB')
  if (body.data !== undefined && !isPlainObject(body.data)) throw unprocessable('data must be an object', '/data')
  if (body.data !== undefined && jsonBytes(body.data) > LIMITS.broadcastDataBytes) throw unprocessable(`data cannot be larger than ${LIMITS.broadcastDataBytes} bytes`, '/data')
  const audience = AUDIENCE_KEYS.filter((k) => body[k] !== undefined)
  if (audience.length > 1) throw unprocessable(`only one of ${AUDIENCE_KEYS.join(', ')} may be given`, `/${audience[1]}`)

  // Resolve recipients; people that do not exist are trigger errors unless *_ignore_missing is set.
  const errors: { detail: string }[] = []
  let people: PersonRow[] = []
  const kind = audience[0]
  if (kind === 'recipients') {
    if (isPlainObject(body.recipients) && Object.keys(body.recipients).length === 0) throw unprocessable('empty recipients filter is not valid', '/recipients')
    const params: unknown[] = []
    let where: string
    try {
      where = filterToSql(parseFilter(body.recipients, 'recipients'), params)
    } catch (err) {
      if (err instanceof FilterError) throw unprocessable(err.message, '/recipients')
      throw err
    }
    people = s.db.prepare(`SELECT p.* FROM people p WHERE ${where} ORDER BY p.pk LIMIT ?`).all(...params, MAX_RECORDED_DELIVERIES) as PersonRow[]
  } else if (kind === 'ids' || kind === 'emails' || kind === 'per_user_data') {
    const list = body[kind]
    if (!Array.isArray(list) || list.length === 0) throw unprocessable(`${kind} must be a non-empty array`, `/${kind}`)
    if (list.length > LIMITS.broadcastRecipients) throw unprocessable(`${kind} cannot contain more than ${LIMITS.broadcastRecipients} entries`, `/${kind}`)
    for (const entry of list) {
      let ref: { type: 'id' | 'email'; value: string } | null = null
      if (kind === 'ids' && (typeof entry === 'string' || typeof entry === 'number')) ref = { type: 'id', value: String(entry) }
      else if (kind === 'emails' && typeof entry === 'string') ref = { type: 'email', value: entry }
      else if (kind === 'per_user_data' && isPlainObject(entry) && (typeof entry.id === 'string' || typeof entry.email === 'string')) ref = typeof entry.id === 'string' ? { type: 'id', value: entry.id } : { type: 'email', value: entry.email as string }
      if (!ref) {
        if (kind === 'per_user_data') errors.push({ detail: `invalid per_user_data entry ${JSON.stringify(entry)}` })
        else throw unprocessable(`${kind} entries must be ${kind === 'ids' ? 'ids' : 'email addresses'}`, `/${kind}`)
        continue
      }
      const row = s.people.find(ref)
      const ignore = ref.type === 'id' ? body.id_ignore_missing === true : body.email_ignore_missing === true
      if (row) people.push(row)
      else if (!ignore) errors.push({ detail: `${ref.type} ${ref.value} does not match a person` })
    }
  } else if (kind === 'data_file_url') {
    if (typeof body.data_file_url !== 'string' || !/^https?:\/\//.test(body.data_file_url)) throw unprocessable('data_file_url must be an http(s) URL', '/data_file_url')
    // The sandbox does not fetch the file; the trigger is accepted with an empty audience.
  } else {
    // Default audience: the broadcast's configured segment.
    const segmentId = Number(broadcast.segment_id)
    people = s.db.prepare('SELECT p.* FROM segment_members m JOIN people p ON p.pk = m.pk WHERE m.segment_id = ? ORDER BY m.pk LIMIT ?').all(segmentId, MAX_RECORDED_DELIVERIES) as PersonRow[]
  }

  const nowMs = Date.now()
  if (s.catalog.queuedTriggers(nowMs) >= s.limiter.get().broadcastMaxQueued) {
    throw appError(429, `too many triggers queued for processing (max ${s.limiter.get().broadcastMaxQueued})`, {}).withRetryAfter(1)
  }
  const triggerId = s.catalog.addTrigger(broadcastId, body, nowMs + 1000)
  if (kind === 'per_user_data' && errors.length) {
    s.catalog.setTriggerErrors(triggerId, errors)
    throw unprocessable(`Errors were found while processing per user data (ids, emails or json data). More detail available from the errors endpoint for trigger ${triggerId}`, '/data/attributes/per_user_data')
  }
  s.catalog.setTriggerErrors(triggerId, errors)
  s.tx(() => {
    for (const row of people) {
      s.catalog.addMessage({ pk: row.pk, type: 'email', broadcast_id: broadcastId, action_id: (broadcast.actions as { id: number }[] | undefined)?.[0]?.id ?? null, recipient: row.email ?? '', subject: String(broadcast.name ?? ''), customer_id: row.id, customer_identifiers: s.people.identifiersOf(row) })
    }
  })
  sendJson(ctx.res, 200, { id: triggerId })
}

export function registerBroadcastTriggers(router: Router, s: Services): void {
  router.post('/v1/campaigns/:campaign_id/triggers', (ctx) => {
    const id = ctx.params.campaign_id
    if (!/^\d+$/.test(id)) throw appError(404, `broadcast with id ${id} does not exist`)
    trigger(s, ctx, Number(id), appBody(ctx))
  })

  router.post('/v1/send/broadcast', (ctx) => {
    const { id, ...rest } = appBody(ctx)
    if (typeof id !== 'number' && !(typeof id === 'string' && /^\d+$/.test(id))) throw appError(400, 'id (the broadcast id) is required', { source: { pointer: '/id' } })
    trigger(s, ctx, Number(id), rest)
  })

  router.get('/v1/campaigns/:campaign_id/triggers/:trigger_id', (ctx) => {
    const broadcast = requireCampaign(s, ctx, 'broadcast')
    const t = s.catalog.trigger(broadcast.id as number, Number(ctx.params.trigger_id))
    if (!t) throw appError(404, `trigger ${ctx.params.trigger_id} does not exist`)
    const processed = Date.now() >= t.process_at_ms
    sendJson(ctx.res, 200, { trigger: { id: t.id, broadcast_id: t.broadcast_id, created_at: t.created_at, processed: processed, processed_at: processed ? Math.floor(t.process_at_ms / 1000) : null } })
  })

  router.get('/v1/campaigns/:campaign_id/triggers/:trigger_id/errors', (ctx) => {
    const broadcast = requireCampaign(s, ctx, 'broadcast')
    const t = s.catalog.trigger(broadcast.id as number, Number(ctx.params.trigger_id))
    if (!t) throw appError(404, `trigger ${ctx.params.trigger_id} does not exist`)
    const all = JSON.parse(t.errors) as unknown[]
    const limit = parseLimit(ctx.query.get('limit'), PAGE_LIMITS.triggerErrors)
    const offset = decodeCursor(ctx.query.get('start')) ?? 0
    const slice = all.slice(offset, offset + limit)
    sendJson(ctx.res, 200, { errors: slice, ...(offset + limit < all.length ? { next: encodeCursor(offset + limit) } : {}) })
  })

  router.get('/v1/broadcasts/:campaign_id/triggers', (ctx) => {
    const broadcast = requireCampaign(s, ctx, 'broadcast')
    const rows = s.db.prepare('SELECT id, broadcast_id, created_at, process_at_ms FROM triggers WHERE broadcast_id = ? ORDER BY id DESC').all(broadcast.id) as { id: number; broadcast_id: number; created_at: number; process_at_ms: number }[]
    sendJson(ctx.res, 200, { triggers: rows.map((t) => ({ id: t.id, broadcast_id: t.broadcast_id, created_at: t.created_at, processed: Date.now() >= t.process_at_ms })) })
  })
}
