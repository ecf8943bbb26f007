// App API campaigns, broadcasts, newsletters, deliveries, transactional templates and workspaces
// (docs/customerio-api.md §4.8, §4.9, §4.12). Broadcast triggers live in broadcast-routes.ts.

import type { Router } from './router'
import type { Services } from './services'
import { PAGE_LIMITS } from './config'
import { appError, sendJson, type Ctx } from './http-kit'
import { decodeCursor, page, parseLimit } from './pagination'
import { numberParam } from './app-customers-routes'
import { environmentId } from './track-v1-routes'
import type { CampaignKind } from './store/catalog'

const MESSAGE_TYPES = new Set(['email', 'webhook', 'twilio', 'whatsapp', 'slack', 'push', 'in_app', 'live_notification', 'sms'])
const MESSAGE_METRICS = new Set(['attempted', 'sent', 'delivered', 'opened', 'clicked', 'converted', 'bounced', 'spammed', 'unsubscribed', 'dropped', 'failed', 'undeliverable'])
const RESOLUTIONS: Record<string, number> = { hours: 3600, hourly: 3600, days: 86400, daily: 86400, weeks: 604800, weekly: 604800, months: 2592000, monthly: 2592000 }
const V1_MAX_STEPS: Record<string, number> = { hours: 24, days: 45, weeks: 12, months: 121 }

export function requireCampaign(s: Services, ctx: Ctx, kind: CampaignKind, param = 'campaign_id'): Record<string, unknown> {
  const raw = ctx.params[param]
  const found = /^\d+$/.test(raw) ? s.catalog.campaign(Number(raw), kind) : undefined
  if (!found) throw appError(404, `${kind} with id ${raw} does not exist`)
  return found
}

/** GET /v1/messages-style page with the documented filters. */
function messagesPage(s: Services, ctx: Ctx, fixed: Record<string, number>): Record<string, unknown> {
  const limit = parseLimit(ctx.query.get('limit'), PAGE_LIMITS.messages)
  const before = decodeCursor(ctx.query.get('start'))
  const type = ctx.query.get('type') ?? undefined
  if (type !== undefined && !MESSAGE_TYPES.has(type)) throw appError(400, `type must be one of ${[...MESSAGE_TYPES].join(', ')}`, { source: { parameter: 'type' } })
  const metric = ctx.query.get('metric') ?? undefined
  if (metric !== undefined && !MESSAGE_METRICS.has(metric)) throw appError(400, `metric must be one of ${[...MESSAGE_METRICS].join(', ')}`, { source: { parameter: 'metric' } })
  const filter: Record<string, string | number> = { ...fixed }
  if (type) filter.type = type
  for (const key of ['campaign_id', 'newsletter_id', 'action_id'] as const) {
    const v = numberParam(ctx, key)
    if (v !== undefined) filter[key] = v
  }
  const result = page((n) => s.catalog.messages(filter, { before, limit: n, metric, startTs: numberParam(ctx, 'start_ts'), endTs: numberParam(ctx, 'end_ts') }), limit, (m) => m.seq)
  return { messages: result.rows.map((m) => JSON.parse(m.body) as unknown), ...(result.next ? { next: result.next } : {}) }
}

function metrics(s: Services, ctx: Ctx, kind: CampaignKind, id: number): Record<string, unknown> {
  const column = kind === 'campaign' ? 'campaign_id' : kind === 'broadcast' ? 'broadcast_id' : 'newsletter_id'
  const version = ctx.query.get('version') ?? '1'
  if (version === '2') {
    const res = ctx.query.get('res')
    if (!res || !RESOLUTIONS[res]) throw appError(400, 'res must be one of hours, hourly, days, daily, weeks, weekly, months, monthly', { source: { parameter: 'res' } })
    const bucket = RESOLUTIONS[res]
    const end = numberParam(ctx, 'end') ?? Math.floor(Date.now() / 1000)
    const start = numberParam(ctx, 'start') ?? end - 30 * bucket
    if (start >= end) throw appError(400, 'start must be before end', { source: { parameter: 'start' } })
    const buckets = Math.min(Math.ceil((end - start) / bucket), 1000)
    return { series: s.catalog.metricSeries(column, id, buckets, bucket, end), res, start: new Date(start * 1000).toISOString(), end: new Date(end * 1000).toISOString() }
  }
  if (version !== '1') throw appError(400, 'version must be 1 or 2', { source: { parameter: 'version' } })
  // v1 (deprecated): period + steps; steps < 2 behave as 2 and 0 means the maximum (§4.8).
  const period = ctx.query.get('period') ?? 'days'
  const max = V1_MAX_STEPS[period]
  if (!max) throw appError(400, 'period must be one of hours, days, weeks, months', { source: { parameter: 'period' } })
  const rawSteps = ctx.query.get('steps')
  let steps = rawSteps === null ? max : Number(rawSteps)
  if (!Number.isInteger(steps) || steps < 0) throw appError(400, 'steps must be a non-negative integer', { source: { parameter: 'steps' } })
  steps = steps === 0 ? max : Math.min(Math.max(steps, 2), max)
  const bucket = RESOLUTIONS[period]
  return { metric: { series: s.catalog.metricSeries(column, id, steps, bucket, Math.floor(Date.now() / 1000)) } }
}

export function registerAppCampaigns(router: Router, s: Services): void {
  for (const kind of ['campaign', 'broadcast', 'newsletter'] as const) {
    const plural = `${kind}s`
    router.get(`/v1/${plural}`, (ctx) => sendJson(ctx.res, 200, { [plural]: s.catalog.campaigns(kind) }))
    router.get(`/v1/${plural}/:campaign_id`, (ctx) => sendJson(ctx.res, 200, { [kind]: requireCampaign(s, ctx, kind) }))
    router.get(`/v1/${plural}/:campaign_id/metrics`, (ctx) => {
      const c = requireCampaign(s, ctx, kind)
      sendJson(ctx.res, 200, metrics(s, ctx, kind, c.id as number))
    })
    router.get(`/v1/${plural}/:campaign_id/actions`, (ctx) => {
      const c = requireCampaign(s, ctx, kind)
      sendJson(ctx.res, 200, { actions: (c.actions as unknown[]) ?? [] })
    })
    router.get(`/v1/${plural}/:campaign_id/messages`, (ctx) => {
      const c = requireCampaign(s, ctx, kind)
      sendJson(ctx.res, 200, messagesPage(s, ctx, { [`${kind}_id`]: c.id as number }))
    })
  }

  router.get('/v1/messages', (ctx) => sendJson(ctx.res, 200, messagesPage(s, ctx, {})))
  router.get('/v1/messages/:message_id', (ctx) => {
    const message = s.catalog.message(ctx.params.message_id)
    if (!message) throw appError(404, 'The message does not exist.')
    sendJson(ctx.res, 200, { message })
  })

  router.get('/v1/transactional', (ctx) => {
    sendJson(ctx.res, 200, { messages: s.catalog.transactionals().map((t) => ({ id: t.id, name: t.name, type: t.type, ...(JSON.parse(t.body) as object) })) })
  })
  router.get('/v1/transactional/:transactional_id', (ctx) => {
    const t = s.catalog.transactional(ctx.params.transactional_id)
    if (!t || !/^\d+$/.test(ctx.params.transactional_id)) throw appError(404, `transactional message ${ctx.params.transactional_id} does not exist`)
    sendJson(ctx.res, 200, { message: { id: t.id, name: t.name, type: t.type, ...(JSON.parse(t.body) as object) } })
  })

  router.get('/v1/workspaces', (ctx) => {
    const count = (sql: string): number => s.db.prepare(sql).pluck().get() as number
    sendJson(ctx.res, 200, {
      workspaces: [
        {
          id: environmentId(s),
          name: 'Sandbox',
          messages_sent: count('SELECT count(*) FROM messages'),
          billable_messages_sent: count("SELECT count(*) FROM messages WHERE type IN ('email', 'sms', 'push')"),
          people: s.people.count(),
          objects: s.objects.count(),
          object_types: count('SELECT count(DISTINCT type_id) FROM objects'),
        },
      ],
    })
  })
}
