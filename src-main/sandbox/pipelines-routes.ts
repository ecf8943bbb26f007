// Pipelines (CDP) API: /v1/identify|track|page|screen|group|alias|batch (docs/customerio-api.md §5).
// Permissive by default: problems are logged and the answer is still `200 {}` (invalid or oversize
// calls are dropped). With `X-Strict-Mode: 1` the same problems are real errors: 400
// `{"meta":{"errors":[…]}}`, or 413 for calls over 32 KB / batches over 500 KB.
// Calls map onto the same person store as Track, so an App read sees Pipelines writes.

import type { Router } from './router'
import type { Services } from './services'
import { LIMITS } from './config'
import { HttpError, isPlainObject, jsonBytes, metaErrors, sendJson, type Ctx } from './http-kit'
import { attributeProblem, eventProblem } from './limits'
import type { PersonRef } from './store/people'

type Call = Record<string, unknown>
const TYPES = new Set(['identify', 'track', 'page', 'screen', 'group', 'alias'])

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : undefined)
const unix = (iso: unknown): number | undefined => {
  const ms = typeof iso === 'string' ? Date.parse(iso) : NaN
  return Number.isNaN(ms) ? undefined : Math.floor(ms / 1000)
}

/** Returns the problems of one call (empty = valid). */
function validate(type: string, call: Call): string[] {
  const problems: string[] = []
  if (jsonBytes(call) > LIMITS.pipelinesCallBytes) problems.push(`${type} call is larger than ${LIMITS.pipelinesCallBytes} bytes`)
  const userId = str(call.userId)
  const anonymousId = str(call.anonymousId)
  if (type === 'alias') {
    if (!userId) problems.push('userId is required')
    if (!str(call.previousId)) problems.push('previousId is required')
    return problems
  }
  if (type === 'track') {
    if (!userId && !anonymousId && !str(call.groupId)) problems.push('one of userId, anonymousId or groupId is required')
    const p = eventProblem(call.event, call.properties)
    if (p) problems.push(p.field === 'name' ? 'event is required' : p.message.replace('event data', 'properties'))
    return problems
  }
  if (!userId && !anonymousId) problems.push('userId or anonymousId is required')
  if (type === 'group' && !str(call.groupId)) problems.push('groupId is required')
  if (call.traits !== undefined) {
    if (!isPlainObject(call.traits)) problems.push('traits must be an object')
    else {
      const p = attributeProblem(call.traits)
      if (p && p.field !== 'id') problems.push(p.message)
    }
  }
  return problems
}

/** Applies one valid call to the store. */
function apply(s: Services, type: string, call: Call): void {
  const userId = str(call.userId)
  const anonymousId = str(call.anonymousId)
  const traits = isPlainObject(call.traits) ? call.traits : {}
  const properties = isPlainObject(call.properties) ? call.properties : {}
  const at = unix(call.timestamp)
  const ref: PersonRef | null = userId ? { type: 'id', value: userId } : null
  switch (type) {
    case 'identify': {
      const { createdAt, email, ...rest } = traits
      const attrs: Record<string, unknown> = { ...rest }
      if (typeof email === 'string') attrs.email = email
      if (createdAt !== undefined) attrs.created_at = unix(createdAt) ?? createdAt
      if (anonymousId) attrs.anonymous_id = anonymousId
      const target = ref ?? (typeof email === 'string' ? ({ type: 'email', value: email } as PersonRef) : null)
      if (target) s.people.identify(target, attrs, { at })
      return
    }
    case 'track':
    case 'page':
    case 'screen': {
      const name = type === 'track' ? String(call.event) : (str(call.name) ?? str(properties.url) ?? str(properties.path) ?? type)
      if (type === 'track' && ref && semantic(s, name, ref, call)) return
      const event = { name, type: type === 'track' ? ('event' as const) : type, data: properties, timestamp: at, id: str(call.messageId) ? `pipelines:${str(call.messageId)}` : undefined }
      if (ref) {
        const pk = s.people.ensure(ref)
        if (pk !== null) s.activity.recordEvent(pk, null, event)
      } else s.activity.recordEvent(null, anonymousId ?? null, event)
      return
    }
    case 'group': {
      const objectTypeId = str(traits.object_type_id) ?? '1'
      const { object_type_id: _ignored, ...attrs } = traits
      const objectRef = { object_type_id: objectTypeId, object_id: str(call.groupId)! }
      s.objects.identify(objectRef, attrs)
      const pk = ref ? s.people.ensure(ref) : null
      if (pk !== null) s.objects.relate(pk, objectRef, undefined)
      return
    }
    case 'alias': {
      const previousId = str(call.previousId)!
      const pk = s.people.ensure(ref!)
      if (pk === null) return
      if (s.people.find({ type: 'id', value: previousId })) s.people.merge(ref!, { type: 'id', value: previousId })
      s.activity.claimAnonymous(pk, previousId)
    }
  }
}

/** Semantic events that act on the person instead of being stored (§5.2). */
function semantic(s: Services, name: string, ref: PersonRef, call: Call): boolean {
  const context = isPlainObject(call.context) ? call.context : {}
  const device = isPlainObject(context.device) ? context.device : {}
  switch (name) {
    case 'User Deleted': {
      const row = s.people.find(ref)
      if (row) s.people.delete(row.pk)
      return true
    }
    case 'User Suppressed':
      s.people.suppress(ref)
      return true
    case 'User Unsuppressed':
      s.people.unsuppress(ref)
      return true
    case 'Device Created or Updated':
    case 'Device Deleted': {
      const token = str(device.token)
      if (!token) return true
      const pk = name === 'Device Deleted' ? (s.people.find(ref)?.pk ?? null) : s.people.ensure(ref)
      if (pk === null) return true
      if (name === 'Device Deleted') s.activity.deleteDevice(pk, token)
      else s.activity.addDevice(pk, { token, platform: str(device.type) ?? 'ios', attributes: isPlainObject(call.properties) ? call.properties : undefined })
      return true
    }
  }
  return false
}

function respond(ctx: Ctx, strict: boolean, status: number, problems: string[]): void {
  if (strict && problems.length) throw metaErrors(status, problems)
  sendJson(ctx.res, 200, {})
}

export function registerPipelines(router: Router, s: Services): void {
  const parse = (ctx: Ctx, strict: boolean): Call | null => {
    try {
      const body = ctx.body.length ? (JSON.parse(ctx.body.toString('utf8')) as unknown) : {}
      if (isPlainObject(body)) return body
    } catch {
      /* fall through */
    }
    if (strict) throw metaErrors(400, ['request body must be a JSON object'])
    return null
  }
  const strictOf = (ctx: Ctx): boolean => ctx.req.headers['x-strict-mode'] === '1'

  for (const type of TYPES) {
    router.post(`/v1/${type}`, (ctx) => {
      const strict = strictOf(ctx)
      const call = parse(ctx, strict)
      if (!call) return sendJson(ctx.res, 200, {})
      if (ctx.body.length > LIMITS.pipelinesCallBytes) return respond(ctx, strict, 413, [`request body is larger than ${LIMITS.pipelinesCallBytes} bytes`])
      const problems = validate(type, call)
      if (problems.length === 0) s.write(() => apply(s, type, call))
      else s.log(`pipelines: dropped ${type}: ${problems.join('; ')}`)
      respond(ctx, strict, 400, problems)
    })
  }

  router.post('/v1/batch', (ctx) => {
    const strict = strictOf(ctx)
    const body = parse(ctx, strict)
    if (!body) return sendJson(ctx.res, 200, {})
    if (ctx.body.length > LIMITS.pipelinesBatchBytes) return respond(ctx, strict, 413, [`batch is larger than ${LIMITS.pipelinesBatchBytes} bytes`])
    if (!Array.isArray(body.batch)) return respond(ctx, strict, 400, ['batch must be an array'])
    // Top-level context/integrations apply to every item (§5.3).
    const shared = { ...(isPlainObject(body.context) ? { context: body.context } : {}), ...(isPlainObject(body.integrations) ? { integrations: body.integrations } : {}) }
    const problems: string[] = []
    const valid: { type: string; call: Call }[] = []
    body.batch.forEach((item, i) => {
      if (!isPlainObject(item) || typeof item.type !== 'string' || !TYPES.has(item.type)) {
        problems.push(`batch[${i}]: type must be one of ${[...TYPES].join(', ')}`)
        return
      }
      const call = { ...shared, ...item }
      const itemProblems = validate(item.type, call)
      if (itemProblems.length) problems.push(...itemProblems.map((p) => `batch[${i}]: ${p}`))
      else valid.push({ type: item.type, call })
    })
    if (strict && problems.length) throw new HttpError(400, { meta: { errors: problems } })
    if (valid.length) s.write(() => { for (const v of valid) apply(s, v.type, v.call) })
    if (problems.length) s.log(`pipelines: dropped ${problems.length} batch item(s)`)
    sendJson(ctx.res, 200, {})
  })
}
