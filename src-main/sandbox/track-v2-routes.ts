// Track API v2: /api/v2/entity (one operation, ≤ 32 KB) and /api/v2/batch (≤ 500 KB, each op ≤ 32 KB).
// Each operation is validated on its own (docs/customerio-api.md §3.11, §8.5): valid ones are applied, the
// invalid ones are reported with their 0-based `batch_index` in a 207; 400 only when the envelope is wrong.

import type { Router } from './router'
import type { Services } from './services'
import { LIMITS } from './config'
import { HttpError, isPlainObject, jsonBody, jsonBytes, sendJson, v2Errors, type V2Error } from './http-kit'
import { attributeProblem, eventProblem, identifierProblem } from './limits'
import { singleIdentifier } from './track-v1-routes'
import type { PersonRef } from './store/people'
import type { ObjectRef } from './store/objects'

type Op = Record<string, unknown>
type Result = { error: Omit<V2Error, 'batch_index'> } | { apply: () => void }

const fail = (field: string, message: string, reason = 'invalid'): Result => ({ error: { reason, field, message } })

const ACTIONS: Record<string, Set<string>> = {
  person: new Set(['identify', 'delete', 'event', 'screen', 'page', 'add_relationships', 'delete_relationships', 'add_device', 'delete_device', 'merge', 'suppress', 'unsuppress']),
  object: new Set(['identify', 'identify_anonymous', 'delete', 'add_relationships', 'delete_relationships']),
  delivery: new Set(['event']),
}

function objectRef(raw: unknown): ObjectRef | null {
  if (!isPlainObject(raw)) return null
  if (typeof raw.cio_object_id === 'string' && raw.cio_object_id !== '') return { cio_object_id: raw.cio_object_id }
  const typeId = raw.object_type_id
  const objectId = raw.object_id
  // object_type_id is a string holding an integer starting at "1" (§2.4).
  if (typeof typeId !== 'string' || !/^[1-9]\d*$/.test(typeId)) return null
  if (typeof objectId !== 'string' || identifierProblem(objectId, 'object_id', false)) return null
  return { object_type_id: typeId, object_id: objectId }
}

/** Validates one operation and returns the closure that applies it. */
export function prepareOperation(s: Services, op: unknown): Result {
  if (!isPlainObject(op)) return fail('', 'operation must be a JSON object')
  if (jsonBytes(op) > LIMITS.v2OperationBytes) return fail('', `operation cannot be larger than ${LIMITS.v2OperationBytes} bytes`, 'too_large')
  const type = op.type
  const action = op.action
  if (typeof type !== 'string' || !ACTIONS[type]) return fail('type', 'type must be one of person, object, delivery', 'required')
  if (typeof action !== 'string' || !ACTIONS[type].has(action)) return fail('action', `action "${String(action)}" is not valid for type ${type}`, 'required')
  if (type === 'person') return preparePerson(s, op, action)
  if (type === 'object') return prepareObject(s, op, action)
  return prepareDelivery(s, op)
}

function preparePerson(s: Services, op: Op, action: string): Result {
  if (action === 'merge') {
    const primary = singleIdentifier(op.primary)
    const secondary = singleIdentifier(op.secondary)
    if (!primary) return fail('primary', 'primary must have exactly one of id, email or cio_id', 'required')
    if (!secondary) return fail('secondary', 'secondary must have exactly one of id, email or cio_id', 'required')
    return { apply: () => s.people.merge(primary, secondary) }
  }
  if (isPlainObject(op.identifiers) && 'phone' in op.identifiers) return fail('identifiers.phone', 'phone is not enabled as an identifier in this workspace', 'not_allowed')
  const ref: PersonRef | null = singleIdentifier(op.identifiers)
  if (!ref) return fail('identifiers', 'identifiers must have exactly one of id, email, cio_id', 'required')
  if (ref.type === 'id') {
    const problem = identifierProblem(ref.value, 'id', false)
    if (problem) return fail('identifiers.id', problem.message)
  }
  const attributes = op.attributes === undefined ? {} : op.attributes
  if (!isPlainObject(attributes)) return fail('attributes', 'attributes must be an object')
  switch (action) {
    case 'identify': {
      const problem = attributeProblem(attributes)
      if (problem) return fail(`attributes.${problem.field}`, problem.message)
      const rels = op.cio_relationships
      if (rels !== undefined && !Array.isArray(rels)) return fail('cio_relationships', 'cio_relationships must be an array')
      return {
        apply: () => {
          const pk = s.people.identify(ref, attributes, { updateOnly: attributes._update === true, at: Number.isInteger(op.timestamp) ? (op.timestamp as number) : undefined })
          if (pk !== null && Array.isArray(rels)) for (const r of rels) if (isPlainObject(r)) {
            const o = objectRef(r.identifiers)
            if (o) s.objects.relate(pk, o, isPlainObject(r.relationship_attributes) ? r.relationship_attributes : undefined)
          }
        },
      }
    }
    case 'delete':
      return { apply: () => { const row = s.people.find(ref); if (row) s.people.delete(row.pk) } }
    case 'suppress':
      return { apply: () => s.people.suppress(ref) }
    case 'unsuppress':
      return { apply: () => s.people.unsuppress(ref) }
    case 'event':
    case 'page':
    case 'screen': {
      const problem = eventProblem(op.name, attributes)
      if (problem) return fail(problem.field === 'data' ? 'attributes' : problem.field, problem.message, problem.field === 'name' ? 'required' : 'invalid')
      if (op.id !== undefined && typeof op.id !== 'string') return fail('id', 'id must be a string (ULID)')
      if (op.timestamp !== undefined && !Number.isInteger(op.timestamp)) return fail('timestamp', 'timestamp must be a unix timestamp in seconds')
      const event = { name: (op.name as string).trim(), type: action, data: attributes, timestamp: op.timestamp as number | undefined, id: op.id as string | undefined }
      return { apply: () => { const pk = s.people.ensure(ref); if (pk !== null) s.activity.recordEvent(pk, null, event) } }
    }
    case 'add_relationships':
    case 'delete_relationships': {
      const rels = op.cio_relationships
      if (!Array.isArray(rels) || rels.length === 0) return fail('cio_relationships', 'cio_relationships is required', 'required')
      const refs: { o: ObjectRef; attrs?: Record<string, unknown> }[] = []
      for (const [i, r] of rels.entries()) {
        const o = isPlainObject(r) ? objectRef(r.identifiers) : null
        if (!o) return fail(`cio_relationships[${i}].identifiers`, 'relationship needs object_type_id and object_id, or cio_object_id')
        refs.push({ o, attrs: isPlainObject(r) && isPlainObject(r.relationship_attributes) ? r.relationship_attributes : undefined })
      }
      return {
        apply: () => {
          const pk = action === 'add_relationships' ? s.people.ensure(ref) : (s.people.find(ref)?.pk ?? null)
          if (pk === null) return
          for (const r of refs) {
            if (action === 'add_relationships') s.objects.relate(pk, r.o, r.attrs)
            else s.objects.unrelate(pk, r.o)
          }
        },
      }
    }
    case 'add_device':
    case 'delete_device': {
      const device = op.device
      // v2 names the token `token` (v1 says `id`), §3.5.
      if (!isPlainObject(device) || typeof device.token !== 'string' || device.token === '') return fail('device.token', 'device.token is required', 'required')
      if (action === 'delete_device') return { apply: () => { const row = s.people.find(ref); if (row) s.activity.deleteDevice(row.pk, device.token as string) } }
      if (device.platform !== 'ios' && device.platform !== 'android') return fail('device.platform', 'device.platform must be "ios" or "android"', 'required')
      return { apply: () => { const pk = s.people.ensure(ref); if (pk !== null) s.activity.addDevice(pk, { token: device.token as string, platform: device.platform as string, last_used: device.last_used as number | undefined, attributes: isPlainObject(device.attributes) ? device.attributes : undefined }) } }
    }
  }
  return fail('action', `unsupported action ${action}`)
}

function prepareObject(s: Services, op: Op, action: string): Result {
  const ref = objectRef(op.identifiers)
  if (!ref) return fail('identifiers', 'identifiers must be {object_type_id, object_id} or {cio_object_id}', 'required')
  const attributes = op.attributes === undefined ? {} : op.attributes
  if (!isPlainObject(attributes)) return fail('attributes', 'attributes must be an object')
  const problem = attributeProblem(attributes)
  if (problem) return fail(`attributes.${problem.field}`, problem.message)
  const rels = op.cio_relationships
  if (rels !== undefined && !Array.isArray(rels)) return fail('cio_relationships', 'cio_relationships must be an array')
  if ((action === 'add_relationships' || action === 'delete_relationships') && (!Array.isArray(rels) || rels.length === 0)) return fail('cio_relationships', 'cio_relationships is required', 'required')
  const people: { ref: PersonRef; attrs?: Record<string, unknown> }[] = []
  if (action !== 'identify_anonymous') for (const [i, r] of (Array.isArray(rels) ? rels : []).entries()) {
    const p = isPlainObject(r) ? singleIdentifier(r.identifiers) : null
    if (!p) return fail(`cio_relationships[${i}].identifiers`, 'relationship needs exactly one of id, email, cio_id')
    people.push({ ref: p, attrs: isPlainObject(r) && isPlainObject(r.relationship_attributes) ? r.relationship_attributes : undefined })
  }
  return {
    apply: () => {
      if (action === 'delete') return s.objects.delete(ref)
      if (action === 'identify' || action === 'identify_anonymous') s.objects.identify(ref, attributes)
      for (const p of people) {
        const pk = action === 'delete_relationships' ? (s.people.find(p.ref)?.pk ?? null) : s.people.ensure(p.ref)
        if (pk === null) continue
        if (action === 'delete_relationships') s.objects.unrelate(pk, ref)
        else s.objects.relate(pk, ref, p.attrs)
      }
    },
  }
}

function prepareDelivery(s: Services, op: Op): Result {
  const ids = op.identifiers
  if (!isPlainObject(ids) || typeof ids.id !== 'string') return fail('identifiers.id', 'identifiers.id (the delivery id) is required', 'required')
  if (typeof op.name !== 'string' || !['opened', 'clicked', 'converted', 'delivered', 'bounced', 'spammed', 'unsubscribed'].includes(op.name)) return fail('name', 'name must be a delivery metric such as opened, converted, delivered', 'required')
  const attributes = isPlainObject(op.attributes) ? op.attributes : {}
  if (typeof attributes.device_token !== 'string') return fail('attributes.device_token', 'attributes.device_token is required', 'required')
  const at = Number.isInteger(op.timestamp) ? (op.timestamp as number) : Math.floor(Date.now() / 1000)
  const deliveryId = ids.id
  const metric = op.name
  return { apply: () => { s.db.prepare("UPDATE messages SET body = json_set(body, '$.metrics.' || ?, ?) WHERE id = ?").run(metric, at, deliveryId) } }
}

export function registerTrackV2(router: Router, s: Services): void {
  router.post('/api/v2/entity', (ctx) => {
    if (ctx.body.length > LIMITS.v2EntityBytes) throw v2Errors(413, [{ reason: 'too_large', field: '', message: `request body cannot be larger than ${LIMITS.v2EntityBytes} bytes` }])
    const body = jsonBody(ctx, (m) => v2Errors(400, [{ reason: 'invalid', field: '', message: m }]))
    const result = prepareOperation(s, body)
    if ('error' in result) throw v2Errors(400, [result.error])
    s.write(result.apply)
    sendJson(ctx.res, 200, {})
  })

  router.post('/api/v2/batch', (ctx) => {
    if (ctx.body.length > LIMITS.v2BatchBytes) throw v2Errors(413, [{ reason: 'too_large', field: 'batch', message: `request body cannot be larger than ${LIMITS.v2BatchBytes} bytes` }])
    const body = jsonBody(ctx, (m) => v2Errors(400, [{ reason: 'invalid', field: '', message: m }]))
    if (!isPlainObject(body) || !Array.isArray(body.batch)) throw v2Errors(400, [{ reason: 'required', field: 'batch', message: 'batch must be an array of operations' }])
    const errors: V2Error[] = []
    const applies: (() => void)[] = []
    body.batch.forEach((op, index) => {
      const result = prepareOperation(s, op)
      if ('error' in result) errors.push({ batch_index: index, ...result.error })
      else applies.push(result.apply)
    })
    if (applies.length) s.write(() => { for (const apply of applies) apply() })
    if (errors.length) throw new HttpError(207, { errors })
    sendJson(ctx.res, 200, {})
  })
}
