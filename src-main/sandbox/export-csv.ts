// Builds the CSV file behind an export and signs the short-lived link that serves it.
// People exports: identifier columns + the requested attribute columns; delivery exports: one row per
// delivery + requested recipient attributes (docs/customerio-api.md §4.10). The file is a snapshot taken
// when the export turns `done`, like the real one.

import { createHmac, timingSafeEqual } from 'node:crypto'
import type { Services } from './services'
import { DOWNLOAD_TTL_MS } from './config'
import { filterToSql, jsonPath, parseFilter } from './filters'
import { Conditions } from './store/conditions'
import { cioIdOf } from './store/db'

function cell(value: unknown): string {
  if (value === null || value === undefined) return ''
  const text = typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value)
  return /[",\r\n]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text
}

export interface CustomerExportParams {
  filters: unknown
  attributes: string[]
}

export interface DeliveryExportParams {
  scope: 'newsletter_id' | 'campaign_id' | 'transactional_message_id' | 'action_id'
  scopeId: number
  start?: number
  end?: number
  metric?: string
  attributes: string[]
}

/** Streams matching people out of SQLite into CSV text; returns it with the row count. */
export function customersCsv(s: Services, params: CustomerExportParams): { csv: string; total: number } {
  const args: unknown[] = []
  const where = filterToSql(parseFilter(params.filters, 'filters'), args)
  const attrCols = params.attributes.map((a, i) => `json_extract(p.attrs, ?) AS a${i}`)
  const attrArgs = params.attributes.map(jsonPath)
  const sql = `SELECT p.pk, p.id, p.email${attrCols.length ? ', ' + attrCols.join(', ') : ''} FROM people p WHERE ${where} ORDER BY p.pk`
  const lines: string[] = [['cio_id', 'id', 'email', ...params.attributes].map(cell).join(',')]
  let total = 0
  for (const row of s.db.prepare(sql).iterate(...attrArgs, ...args) as Iterable<Record<string, unknown>>) {
    const cells = [cioIdOf(row.pk as number), row.id, row.email]
    for (let i = 0; i < params.attributes.length; i++) cells.push(row[`a${i}`])
    lines.push(cells.map(cell).join(','))
    total++
  }
  return { csv: lines.join('\n') + '\n', total }
}

export function deliveriesCsv(s: Services, params: DeliveryExportParams): { csv: string; total: number } {
  const column = params.scope === 'transactional_message_id' ? 'transactional_id' : params.scope
  const c = new Conditions().add(`m.${column} = ?`, params.scopeId).deliveryWindow('m.', params.start, params.end, params.metric)
  const sql = `SELECT m.body, m.pk, p.attrs FROM messages m LEFT JOIN people p ON p.pk = m.pk ${c.sql()} ORDER BY m.seq`
  const metricNames = ['created', 'sent', 'delivered', 'opened', 'clicked', 'converted', 'bounced', 'failed']
  const header = ['delivery_id', 'type', 'campaign_id', 'newsletter_id', 'action_id', 'recipient', 'subject', 'customer_id', 'cio_id', ...metricNames, ...params.attributes]
  const lines: string[] = [header.map(cell).join(',')]
  let total = 0
  for (const row of s.db.prepare(sql).iterate(...c.params) as Iterable<{ body: string; pk: number | null; attrs: string | null }>) {
    const m = JSON.parse(row.body) as Record<string, unknown> & { metrics: Record<string, number> }
    const attrs = row.attrs ? (JSON.parse(row.attrs) as Record<string, string>) : {}
    const cells = [m.id, m.type, m.campaign_id, m.newsletter_id, m.action_id, m.recipient, m.subject, m.customer_id, row.pk !== null ? cioIdOf(row.pk) : '', ...metricNames.map((n) => m.metrics[n]), ...params.attributes.map((a) => attrs[a])]
    lines.push(cells.map(cell).join(','))
    total++
  }
  return { csv: lines.join('\n') + '\n', total }
}

function signature(secret: string, exportId: number, expires: number): string {
  return createHmac('sha256', secret).update(`${exportId}:${expires}`).digest('hex')
}

/** A link like the real 15-minute signed URL: no Authorization needed, refused once expired. */
export function signedDownloadUrl(baseUrl: string, secret: string, exportId: number, now = Date.now()): string {
  const expires = now + DOWNLOAD_TTL_MS
  return `${baseUrl}/downloads/exports/${exportId}.csv?expires=${expires}&signature=${signature(secret, exportId, expires)}`
}

export function verifyDownload(secret: string, exportId: number, expiresRaw: string | null, sig: string | null, now = Date.now()): 'ok' | 'expired' | 'invalid' {
  const expires = Number(expiresRaw)
  if (!Number.isInteger(expires) || !sig) return 'invalid'
  const want = Buffer.from(signature(secret, exportId, expires))
  const got = Buffer.from(sig)
  if (want.length !== got.length || !timingSafeEqual(want, got)) return 'invalid'
  return now > expires ? 'expired' : 'ok'
}
