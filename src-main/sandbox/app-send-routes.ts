// Transactional sends: POST /v1/send/email|push|sms (docs/customerio-api.md §4.1). Unlike the rest of the
// App API, their errors use `{"meta":{"error"}}`. A send records a delivery the App API can read back
// (GET /v1/messages, /v1/customers/:id/messages) and creates the person when the identifier is unknown.

import type { Router } from './router'
import type { Services } from './services'
import { LIMITS } from './config'
import { isPlainObject, jsonBody, jsonBytes, metaError, nowSeconds, sendJson, type Ctx } from './http-kit'
import { singleIdentifier } from './track-v1-routes'

type Channel = 'email' | 'push' | 'sms'

const FORBIDDEN_ATTACHMENT_TYPES = new Set(['exe', 'bat', 'cmd', 'com', 'js', 'vbs', 'scr', 'msi', 'jar', 'ps1', 'sh', 'dll'])
const E164 = /^\+[1-9]\d{1,14}$/
const LIQUID = /\{\{.*\}\}/
const NINETY_DAYS = 90 * 24 * 3600

function countRecipients(...fields: unknown[]): number {
  return fields.filter((f): f is string => typeof f === 'string' && f.trim() !== '').reduce((n, f) => n + f.split(',').filter((x) => x.trim() !== '').length, 0)
}

/** Attachment checks in the order Customer.io reports them: encoding (400), type (403), size (413). */
function checkAttachments(raw: unknown): void {
  if (raw === undefined) return
  if (!isPlainObject(raw)) throw metaError(400, 'attachments must be an object of filename to base64 content')
  let total = 0
  for (const [name, content] of Object.entries(raw)) {
    if (typeof content !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(content) || content.length % 4 !== 0) throw metaError(400, `Attachment must be base64 encoded: "${name}"`)
    const ext = name.includes('.') ? name.split('.').pop()!.toLowerCase() : ''
    if (FORBIDDEN_ATTACHMENT_TYPES.has(ext)) throw metaError(403, `Forbidden file type ${ext} for attachment ${name}.`)
    total += Buffer.byteLength(content, 'base64')
  }
  if (total >= LIMITS.attachmentsBytes) throw metaError(413, 'Total attachment size exceeds the limit')
}

function send(s: Services, ctx: Ctx, channel: Channel): void {
  const body = jsonBody(ctx, (m) => metaError(400, m))
  if (!isPlainObject(body)) throw metaError(400, 'request body must be a JSON object')
  const { attachments, ...rest } = body
  if (jsonBytes(rest) > LIMITS.transactionalPayloadBytes) throw metaError(413, `payload cannot be larger than ${LIMITS.transactionalPayloadBytes} bytes (excluding attachments)`)

  const templateRef = body.transactional_message_id
  let template = undefined as ReturnType<Services['catalog']['transactional']>
  if (templateRef === undefined || templateRef === null) {
    if (channel !== 'email') throw metaError(400, 'transactional_message_id is required')
    for (const field of ['body', 'subject', 'from'] as const) if (typeof body[field] !== 'string' || body[field] === '') throw metaError(400, `${field} is required when no transactional_message_id is given`)
  } else {
    if (typeof templateRef !== 'string' && typeof templateRef !== 'number') throw metaError(400, 'transactional_message_id must be an integer id or a trigger name')
    template = s.catalog.transactional(templateRef)
    if (!template) throw metaError(404, `transactional message ${JSON.stringify(templateRef)} not found`)
    if (template.type !== channel) throw metaError(400, `transactional message ${JSON.stringify(templateRef)} is a ${template.type} message, not ${channel}`)
  }

  const ref = singleIdentifier(body.identifiers)
  if (!ref) throw metaError(400, 'identifiers must contain exactly one of id, email or cio_id')

  let recipient = ''
  if (channel === 'email') {
    if (typeof body.to !== 'string' || body.to.trim() === '') throw metaError(400, 'to is required')
    if (countRecipients(body.to, body.cc, body.bcc) > LIMITS.emailRecipients) throw metaError(400, `an email can have at most ${LIMITS.emailRecipients} recipients across to, cc and bcc`)
    if (body.headers !== undefined && !isPlainObject(body.headers) && typeof body.headers !== 'string') throw metaError(400, 'headers must be an object or a JSON string')
    checkAttachments(attachments)
    recipient = body.to
  } else if (channel === 'sms') {
    if (typeof body.to !== 'string' || (!E164.test(body.to) && !LIQUID.test(body.to))) throw metaError(400, 'Invalid phone number format. Phone numbers must be in E.164 format.')
    recipient = body.to
  } else {
    const to = body.to ?? 'all'
    if (typeof to !== 'string' || to === '') throw metaError(400, 'to must be "all", "last_used" or a device token')
    if (body.custom_data !== undefined && !isPlainObject(body.custom_data)) throw metaError(400, 'custom_data must be an object of strings')
    recipient = to
  }
  if (body.message_data !== undefined && !isPlainObject(body.message_data)) throw metaError(400, 'message_data must be an object')

  const now = nowSeconds()
  let sendAt: number | undefined
  if (body.send_at !== undefined) {
    if (!Number.isInteger(body.send_at)) throw metaError(400, 'send_at must be a unix timestamp')
    if ((body.send_at as number) > now + NINETY_DAYS) throw metaError(400, 'send_at cannot be more than 90 days in the future')
    if ((body.send_at as number) > now) sendAt = body.send_at as number // a past send_at sends now
  }

  const pk = s.tx(() => s.people.ensure(ref))
  const row = pk !== null ? s.people.getByPk(pk) : undefined
  const templateBody = template ? (JSON.parse(template.body) as Record<string, unknown>) : {}
  const deliveryId = s.tx(() =>
    s.catalog.addMessage({
      pk,
      type: channel === 'sms' ? 'twilio' : channel,
      transactional_id: template?.id ?? null,
      recipient,
      subject: String(body.subject ?? body.title ?? templateBody.subject ?? templateBody.title ?? ''),
      customer_id: row?.id ?? null,
      customer_identifiers: row ? s.people.identifiersOf(row) : null,
      metrics: sendAt ? { created: now } : { created: now, sent: now },
    }),
  )
  sendJson(ctx.res, 200, { delivery_id: deliveryId, queued_at: now, ...(sendAt ? { send_at: sendAt } : {}) })
}

export function registerAppSends(router: Router, s: Services): void {
  router.post('/v1/send/email', (ctx) => send(s, ctx, 'email'))
  router.post('/v1/send/push', (ctx) => send(s, ctx, 'push'))
  router.post('/v1/send/sms', (ctx) => send(s, ctx, 'sms'))
}
