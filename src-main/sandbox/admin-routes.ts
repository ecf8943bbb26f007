// /__sandbox/* — the sandbox's own control surface for tests and the app (Bearer adminToken only):
// faults and rate limits at run time, the activity retention window, extra seeding, state counts,
// recorded events and requests.

import { z } from 'zod'
import type { Router } from './router'
import type { Services } from './services'
import { HttpError, jsonBody, sendJson, type Ctx } from './http-kit'
import { seedPeople } from './seed-people'

const faultsSchema = z
  .object({
    burst429: z.number().int().min(0),
    retryAfterSeconds: z.number().int().min(1),
    errorRate: z.number().min(0).max(1),
    errorNext: z.number().int().min(0),
    errorStatus: z.number().int().min(500).max(599),
    latencyMs: z.number().int().min(0).max(120_000),
    dropRate: z.number().min(0).max(1),
    dropNext: z.number().int().min(0),
    processingLagMs: z.number().int().min(0).max(600_000),
    realms: z.array(z.enum(['track', 'app', 'pipelines'])),
  })
  .partial()
  .strict()

const rateLimitsSchema = z
  .object({
    enabled: z.boolean(),
    appPerSecond: z.number().positive(),
    broadcastIntervalMs: z.number().int().min(0),
    broadcastMaxQueued: z.number().int().min(1),
    trackPerWindow: z.number().int().min(1),
    pipelinesPerWindow: z.number().int().min(1),
    transactionalPerWindow: z.number().int().min(1),
    softWindowMs: z.number().int().min(1),
  })
  .partial()
  .strict()

export interface RequestLogEntry {
  at: number
  method: string
  path: string
  realm: string
  status: number
  requestBytes: number
  ms: number
}

function parse<T>(ctx: Ctx, schema: z.ZodType<T>): T {
  const result = schema.safeParse(jsonBody(ctx, (m) => new HttpError(400, { error: m })))
  if (!result.success) throw new HttpError(400, { error: 'invalid body', issues: result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) })
  return result.data
}

export function registerAdmin(router: Router, s: Services, requests: RequestLogEntry[]): void {
  router.get('/__sandbox/faults', (ctx) => sendJson(ctx.res, 200, s.faults.get()))
  router.put('/__sandbox/faults', (ctx) => sendJson(ctx.res, 200, s.faults.set(parse(ctx, faultsSchema))))
  router.delete('/__sandbox/faults', (ctx) => sendJson(ctx.res, 200, s.faults.reset()))

  router.get('/__sandbox/rate-limits', (ctx) => sendJson(ctx.res, 200, s.limiter.get()))
  router.put('/__sandbox/rate-limits', (ctx) => sendJson(ctx.res, 200, s.limiter.set(parse(ctx, rateLimitsSchema))))

  // Shrinking the window lets a test see activities age out without waiting 30 days.
  router.get('/__sandbox/activity-window', (ctx) => sendJson(ctx.res, 200, { seconds: s.activityLog.windowSeconds }))
  router.put('/__sandbox/activity-window', (ctx) => {
    const { seconds } = parse(ctx, z.object({ seconds: z.number().min(0).max(100 * 365 * 86400) }).strict())
    s.activityLog.windowSeconds = seconds
    sendJson(ctx.res, 200, { seconds: s.activityLog.windowSeconds })
  })

  router.post('/__sandbox/seed', (ctx) => {
    const { people } = parse(ctx, z.object({ people: z.number().int().min(1).max(10_000_000) }).strict())
    sendJson(ctx.res, 200, seedPeople(s, people, Date.now() % 1_000_000))
  })

  /** Applies writes still waiting out a processing lag. */
  router.post('/__sandbox/flush', (ctx) => {
    const pending = s.queue.size
    s.queue.flush()
    sendJson(ctx.res, 200, { applied: pending })
  })

  router.get('/__sandbox/state', (ctx) => {
    const count = (table: string): number => s.db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number
    sendJson(ctx.res, 200, {
      people: count('people'),
      devices: count('devices'),
      segments: count('segments'),
      segmentMembers: count('segment_members'),
      events: s.db.prepare("SELECT count(*) FROM activities WHERE type IN ('event', 'page', 'screen')").pluck().get() as number,
      messages: count('messages'),
      collections: count('collections'),
      exports: count('exports'),
      objects: count('objects'),
      suppressions: count('suppressions'),
      pendingWrites: s.queue.size,
    })
  })

  /** Events as stored (after dedupe): ?customer=<Track path identifier> | ?anonymous_id=… , &name=… */
  router.get('/__sandbox/events', (ctx) => {
    const customer = ctx.query.get('customer')
    let pk: number | undefined
    if (customer !== null) {
      const row = s.people.findByPath(customer)
      if (!row) return sendJson(ctx.res, 200, { events: [] })
      pk = row.pk
    }
    const rows = s.activity.events({ pk, anonymousId: ctx.query.get('anonymous_id') ?? undefined, name: ctx.query.get('name') ?? undefined })
    sendJson(ctx.res, 200, { events: rows.map((r) => ({ seq: r.seq, id: r.event_id, name: r.name, type: r.type, data: JSON.parse(r.data) as unknown, timestamp: r.timestamp, anonymous_id: r.anonymous_id })) })
  })

  /** The most recent API requests (method, path, realm, status, bytes, duration), newest last. */
  router.get('/__sandbox/requests', (ctx) => {
    const limit = Math.min(Number(ctx.query.get('limit') ?? 100) || 100, requests.length)
    sendJson(ctx.res, 200, { requests: requests.slice(requests.length - limit) })
  })
  router.delete('/__sandbox/requests', (ctx) => {
    requests.length = 0
    sendJson(ctx.res, 200, {})
  })
}
