// One line in words for an audit_log entry. Each writer records its own JSON (imports, pushes,
// sends, triggers, person actions: see messaging/access.ts and import/push), so this reads the
// fields each one is known to write and falls back to the counts. Pure: unit-tested.

import { isPlainObject } from '../db/sql-cache'

/** The labels the Audit log screen and the CSV show for each action. */
export const ACTION_LABELS: Record<string, string> = {
  import: 'Import',
  'import-undo': 'Import undo',
  push: 'Push of edits',
  'send.email': 'Transactional email',
  'send.push': 'Transactional push',
  'send.sms': 'Transactional SMS',
  'broadcast.trigger': 'Broadcast trigger',
  'device.add': 'Device added',
  'device.remove': 'Device removed',
  event: 'Event tracked',
  unsubscribe: 'Unsubscribed',
  resubscribe: 'Resubscribed',
  'delivery.report': 'Delivery metric reported',
  'person.erase': 'Person erased',
  'segment.create': 'Segment created',
}

export function actionLabel(action: string): string {
  return ACTION_LABELS[action] ?? action
}

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`

/** "sent 3, rejected 1": the non-zero counts, in the order recorded. */
export function countsText(counts: Record<string, number>, skip: readonly string[] = []): string {
  return Object.entries(counts)
    .filter(([k, n]) => typeof n === 'number' && n > 0 && !skip.includes(k))
    .map(([k, n]) => `${k} ${n.toLocaleString('en-US')}`)
    .join(', ')
}

/** How a person is named in an entry: the recipient's email or id when recorded, else the identifiers. */
function personText(r: Record<string, unknown>): string | null {
  const recipient = r.recipient
  if (isPlainObject(recipient)) {
    const named = [recipient.email, recipient.id].find((v) => typeof v === 'string' && v !== '')
    if (typeof named === 'string') return named
  }
  const ids = r.identifiers
  if (isPlainObject(ids)) {
    for (const key of ['email', 'id', 'cio_id'] as const) if (typeof ids[key] === 'string') return key === 'cio_id' ? `cio_id ${ids[key] as string}` : (ids[key] as string)
  }
  return typeof r.person === 'string' ? r.person : null
}

function str(v: unknown): string | null {
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : null
}

export interface SummaryInput {
  action: string
  fileName: string | null
  counts: Record<string, number>
  results: unknown
  /** a send's transactional message name, when the entry gives its id and the mirror knows it */
  templateName?: string | null
}

export function summarizeEntry(e: SummaryInput): { summary: string; outcome: string | null } {
  const r = isPlainObject(e.results) ? e.results : {}
  const status = str(r.status)
  const error = str(r.error)
  const tail = (text: string) => (error ? `${text} · ${error}` : text)
  if (e.action.startsWith('send.')) {
    const channel = e.action.slice(5)
    const who = personText(r)
    const delivery = str(r.deliveryId)
    const message = e.templateName ? `“${e.templateName}” (${str(r.message) ?? '?'})` : `“${str(r.message) ?? '?'}”`
    const text = `${channel === 'sms' ? 'SMS' : channel} ${message}${who ? ` to ${who}` : ''}${delivery ? ` · delivery ${delivery}` : ''}`
    return { summary: tail(text), outcome: status }
  }
  if (e.action === 'broadcast.trigger') {
    const audience = r.audience === 'segment' && r.segmentId != null ? `segment ${str(r.segmentId)}` : r.audience === 'csv' || r.audience === 'rows' ? `${plural(Number(r.recipients ?? 0), 'recipient')} with per-user data` : 'its default audience'
    const trigger = r.triggerId != null ? ` · trigger ${str(r.triggerId)}` : ''
    return { summary: tail(`broadcast ${str(r.broadcastId) ?? '?'} to ${audience}${trigger}`), outcome: status }
  }
  if (e.action === 'import' || e.action === 'import-undo') {
    const counts = countsText(e.counts, ['requests', 'bytes'])
    const outcome = (e.counts.rejected ?? 0) > 0 ? 'rejected rows' : 'done'
    return { summary: [e.fileName, counts].filter(Boolean).join(': ') || e.action, outcome }
  }
  if (e.action === 'push') {
    const c = e.counts
    const parts = [plural(c.selected ?? 0, 'edit'), c.sent ? `${c.sent} sent` : null, c.conflicts ? plural(c.conflicts, 'conflict') : null, c.failed ? `${c.failed} failed` : null]
    return { summary: parts.filter(Boolean).join(', '), outcome: c.failed || c.conflicts ? 'not all sent' : 'done' }
  }
  const who = personText(r)
  const specific =
    e.action === 'event'
      ? `event “${str(r.name) ?? '?'}”${who ? ` for ${who}` : ''}`
      : e.action === 'segment.create'
        ? `segment “${str(r.name) ?? '?'}” (${str(r.segmentId) ?? '?'})`
        : e.action === 'delivery.report'
          ? `${str(r.metric) ?? 'metric'} for delivery ${str(r.deliveryId) ?? '?'}`
          : e.action.startsWith('device.')
            ? `${str(r.platform) ? `${str(r.platform)} ` : ''}device ${str(r.token) ?? ''}${who ? ` of ${who}` : ''}`.replace('  ', ' ')
            : who
  return { summary: tail(specific || countsText(e.counts) || e.action), outcome: status }
}
