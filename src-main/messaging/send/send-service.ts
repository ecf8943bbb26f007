// Transactional sends (POST /v1/send/email|push|sms through the SDK's sendEmail/sendPush/sendSMS,
// docs/customerio-api.md §4.1). A send is NOT idempotent: a second call is a second delivery. So it is
// never repeated by us — the request runner replays only 429s (refused, nothing sent) — and a 5xx,
// a dropped connection or a timeout is answered as `status: 'unknown'` ("may have been sent"); the
// user decides whether to send again, which is a new call. Every outcome goes to the audit log with
// the message, the recipient's identifier and the delivery id; the message_data values do not (only
// their keys), since they may hold personal data the audit trail does not need.

import { SendEmailRequest, SendPushRequest, SendSMSRequest, type Identifiers as SdkIdentifiers } from 'customerio-node'
import { MayHaveAppliedError } from '../../cio/errors'
import type { SendInput, SendResult } from '../../contract/messaging'
import { AppError } from '../../contract/result'
import { identifiersOf, type Identifiers, type MessagingAccess } from '../access'
import { secondsToMs } from '../../base/unix-time'

type Input = Omit<SendInput, 'data'> & { data: Record<string, unknown> }

/** A recipient typed by hand, or the mirror person's own identifiers and email. */
function recipientOf(access: MessagingAccess, workspaceId: string, person: Input['person']): { identifiers: Identifiers; email: string | null; id: string | null } {
  if ('pk' in person) {
    const p = access.person(workspaceId, person.pk)
    if (p.deletedAt !== null) throw new AppError('VALIDATION', `person ${person.pk} was deleted in Customer.io`)
    return { identifiers: identifiersOf(p), email: p.email, id: p.id }
  }
  return { identifiers: person as Identifiers, email: 'email' in person ? person.email : null, id: 'id' in person ? person.id : null }
}

export class SendService {
  constructor(private readonly access: MessagingAccess) {}

  async send(workspaceId: string, input: Input): Promise<SendResult> {
    this.access.confirmProduction(workspaceId, input.confirm, `send a ${input.channel} message`)
    const { identifiers, email, id } = recipientOf(this.access, workspaceId, input.person)
    const nowSeconds = Math.floor(this.access.now() / 1000)
    if (input.sendAt !== undefined && input.sendAt > nowSeconds + 90 * 86400) throw new AppError('VALIDATION', 'send_at can be at most 90 days ahead')
    const common = {
      // The SDK's Identifiers type predates cio_id; the API takes any one of id, email or cio_id.
      identifiers: identifiers as unknown as SdkIdentifiers,
      transactional_message_id: input.message,
      message_data: input.data,
      ...(input.sendAt !== undefined ? { send_at: input.sendAt } : {}),
    }
    const cio = await this.access.clients(workspaceId)
    const what = `send ${input.channel} message ${JSON.stringify(input.message)}`
    let call: () => Promise<Record<string, unknown>>
    if (input.channel === 'email') {
      const to = input.to ?? email
      if (!to) throw new AppError('VALIDATION', 'this person has no email address; give one as "to"')
      const request = new SendEmailRequest({ ...common, to })
      call = () => cio.app.sendEmail(request)
    } else if (input.channel === 'push') {
      const request = new SendPushRequest({ ...common, to: input.to ?? 'all' })
      call = () => cio.app.sendPush(request)
    } else {
      // The API requires `to` for SMS (§4.1); the person's phone attribute is the usual recipient.
      const request = new SendSMSRequest({ ...common, to: input.to ?? '{{customer.phone}}' })
      call = () => cio.app.sendSMS(request)
    }
    // the person's id and email as well as the identifiers sent, so the Audit log names them readably
    const audit = { channel: input.channel, message: input.message, identifiers, recipient: { id, email }, sendAt: input.sendAt ?? null, dataKeys: Object.keys(input.data) }
    try {
      const answer = await cio.request('app', call, { idempotent: false, what })
      const deliveryId = String(answer.delivery_id ?? '')
      if (!deliveryId) throw new AppError('REMOTE', 'Customer.io accepted the send but answered without a delivery id')
      const queuedAt = typeof answer.queued_at === 'number' ? answer.queued_at * 1000 : this.access.now()
      const sendAt = secondsToMs(answer.send_at)
      const auditId = this.access.audit(workspaceId, `send.${input.channel}`, { sent: 1 }, { ...audit, status: 'queued', deliveryId, queuedAt })
      return { status: 'queued', deliveryId, queuedAt, sendAt, auditId }
    } catch (err) {
      if (err instanceof MayHaveAppliedError) {
        const message = `${err.message.replace('The request may have been applied', 'The message may have been sent')}`
        const auditId = this.access.audit(workspaceId, `send.${input.channel}`, { unknown: 1 }, { ...audit, status: 'unknown', error: message })
        return { status: 'unknown', message, auditId }
      }
      const message = err instanceof Error ? err.message : String(err)
      this.access.audit(workspaceId, `send.${input.channel}`, { failed: 1 }, { ...audit, status: 'failed', error: message })
      throw err
    }
  }
}
