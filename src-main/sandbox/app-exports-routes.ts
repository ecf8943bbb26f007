// App API exports (docs/customerio-api.md §4.10): create (people with `filters`, deliveries with one scope
// key), list (`{"exports": null}` when there are none — live behaviour), get, and download (`{"url"}`
// pointing at a signed CSV link the sandbox serves). New exports are `pending` with total 0 and turn
// `done` once `exportDelayMs` has passed; the CSV snapshot is taken at that moment.

import type { Router } from './router'
import type { Services } from './services'
import { appError, nowSeconds, sendJson, sendText, type Ctx } from './http-kit'
import { FilterError, parseFilter } from './filters'
import { appBody } from './app-customers-routes'
import { customersCsv, deliveriesCsv, signedDownloadUrl, verifyDownload, type CustomerExportParams, type DeliveryExportParams } from './export-csv'

interface ExportRow {
  id: number
  type: 'customers' | 'deliveries'
  params: string
  status: 'pending' | 'done' | 'failed'
  total: number
  downloads: number
  description: string
  created_at: number
  updated_at: number
  ready_at_ms: number
}

const COLUMNS = 'id, type, params, status, total, downloads, description, created_at, updated_at, ready_at_ms'
const SCOPES = ['newsletter_id', 'campaign_id', 'transactional_message_id', 'action_id'] as const
const DELIVERY_METRICS = new Set(['created', 'attempted', 'sent', 'delivered', 'opened', 'clicked', 'converted', 'bounced', 'spammed', 'unsubscribed', 'dropped', 'failed', 'undeliverable'])

function toJson(row: ExportRow): Record<string, unknown> {
  return {
    id: row.id,
    user_id: 0,
    user_email: 'sandbox@localhost',
    total: row.total,
    deduplicate_id: `${row.id}:${row.created_at}`,
    type: row.type,
    failed: row.status === 'failed',
    status: row.status,
    description: row.description,
    downloads: row.downloads,
    created_at: row.created_at,
    updated_at: row.updated_at,
  }
}

function attributesParam(raw: unknown): string[] {
  if (raw === undefined) return []
  if (!Array.isArray(raw) || raw.some((a) => typeof a !== 'string')) throw appError(400, 'attributes must be an array of strings', { source: { pointer: '/attributes' } })
  return raw as string[]
}

export function registerAppExports(router: Router, s: Services): void {
  /** Completes a pending export whose time has come (lazily, so no timers outlive the server). */
  const settle = (row: ExportRow): ExportRow => {
    if (row.status !== 'pending' || Date.now() < row.ready_at_ms) return row
    const params = JSON.parse(row.params) as CustomerExportParams & DeliveryExportParams
    let result: { csv: string; total: number }
    try {
      result = row.type === 'customers' ? customersCsv(s, params) : deliveriesCsv(s, params)
    } catch (err) {
      s.db.prepare("UPDATE exports SET status = 'failed', updated_at = ? WHERE id = ?").run(nowSeconds(), row.id)
      s.log(`sandbox: export ${row.id} failed: ${String(err)}`)
      return { ...row, status: 'failed' }
    }
    const now = nowSeconds()
    s.db.prepare("UPDATE exports SET status = 'done', total = ?, csv = ?, updated_at = ? WHERE id = ?").run(result.total, Buffer.from(result.csv), now, row.id)
    return { ...row, status: 'done', total: result.total, updated_at: now }
  }

  const find = (ctx: Ctx): ExportRow => {
    const raw = ctx.params.export_id
    const row = /^\d+$/.test(raw) ? (s.db.prepare(`SELECT ${COLUMNS} FROM exports WHERE id = ?`).get(Number(raw)) as ExportRow | undefined) : undefined
    if (!row) throw appError(404, 'The export ID does not exist.')
    return settle(row)
  }

  const create = (ctx: Ctx, type: ExportRow['type'], params: object, description: string): void => {
    const now = nowSeconds()
    const info = s.db
      .prepare('INSERT INTO exports (type, params, status, total, description, created_at, updated_at, ready_at_ms) VALUES (?, ?, ?, 0, ?, ?, ?, ?)')
      .run(type, JSON.stringify(params), 'pending', description, now, now, Date.now() + s.exportDelayMs)
    const row = s.db.prepare(`SELECT ${COLUMNS} FROM exports WHERE id = ?`).get(info.lastInsertRowid) as ExportRow
    // With no delay the export is done before we answer; otherwise the client sees `pending` first.
    sendJson(ctx.res, 200, { export: toJson(s.exportDelayMs <= 0 ? settle(row) : row) })
  }

  router.post('/v1/exports/customers', (ctx) => {
    const body = appBody(ctx)
    // The body key is `filters` (plural); `filter` is the people-search key (§4.10, §9.6).
    if (body.filters === undefined) throw appError(400, 'filters is required', { source: { pointer: '/filters' } })
    try {
      parseFilter(body.filters, 'filters')
    } catch (err) {
      if (err instanceof FilterError) throw appError(400, err.message, { source: { pointer: '/filters' } })
      throw err
    }
    const params: CustomerExportParams = { filters: body.filters, attributes: attributesParam(body.attributes) }
    create(ctx, 'customers', params, 'people export')
  })

  router.post('/v1/exports/deliveries', (ctx) => {
    const body = appBody(ctx)
    const given = SCOPES.filter((k) => body[k] !== undefined)
    if (given.length !== 1) throw appError(400, `exactly one of ${SCOPES.join(', ')} is required`)
    const scope = given[0]
    if (!Number.isInteger(body[scope])) throw appError(400, `${scope} must be an integer`, { source: { pointer: `/${scope}` } })
    for (const key of ['start', 'end'] as const) if (body[key] !== undefined && !Number.isInteger(body[key])) throw appError(400, `${key} must be a unix timestamp`, { source: { pointer: `/${key}` } })
    if (body.metric !== undefined && (typeof body.metric !== 'string' || !DELIVERY_METRICS.has(body.metric))) throw appError(400, 'metric is not a delivery metric', { source: { pointer: '/metric' } })
    const params: DeliveryExportParams = { scope, scopeId: body[scope] as number, start: body.start as number | undefined, end: body.end as number | undefined, metric: body.metric as string | undefined, attributes: attributesParam(body.attributes) }
    create(ctx, 'deliveries', params, `deliveries export for ${scope} ${String(body[scope])}`)
  })

  router.get('/v1/exports', (ctx) => {
    const rows = (s.db.prepare(`SELECT ${COLUMNS} FROM exports ORDER BY id`).all() as ExportRow[]).map(settle)
    // Live API quirk: null, not [], when there are no exports.
    sendJson(ctx.res, 200, { exports: rows.length ? rows.map(toJson) : null })
  })

  router.get('/v1/exports/:export_id', (ctx) => sendJson(ctx.res, 200, { export: toJson(find(ctx)) }))

  router.get('/v1/exports/:export_id/download', (ctx) => {
    const row = find(ctx)
    if (row.status !== 'done') throw appError(400, `export ${row.id} is ${row.status}; download it once its status is done`)
    s.db.prepare('UPDATE exports SET downloads = downloads + 1 WHERE id = ?').run(row.id)
    sendJson(ctx.res, 200, { url: signedDownloadUrl(ctx.baseUrl, s.keys.signingSecret, row.id) })
  })
}

/** GET /downloads/exports/:id.csv?expires&signature — the signed link; no Authorization header. */
export function serveExportFile(s: Services, ctx: Ctx): void {
  const m = /^\/downloads\/exports\/(\d+)\.csv$/.exec(ctx.path)
  if (!m) return sendText(ctx.res, 404, 'text/plain', 'Not Found')
  const id = Number(m[1])
  const verdict = verifyDownload(s.keys.signingSecret, id, ctx.query.get('expires'), ctx.query.get('signature'))
  if (verdict !== 'ok') return sendText(ctx.res, 403, 'text/plain', verdict === 'expired' ? 'Request has expired' : 'Signature does not match')
  const row = s.db.prepare("SELECT csv FROM exports WHERE id = ? AND status = 'done'").get(id) as { csv: Buffer } | undefined
  if (!row) return sendText(ctx.res, 404, 'text/plain', 'Not Found')
  sendText(ctx.res, 200, 'text/csv; charset=utf-8', row.csv)
}
