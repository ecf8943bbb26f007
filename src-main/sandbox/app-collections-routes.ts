// App API collections (docs/customerio-api.md §4.11): list, create from `data` or `url`, get, update,
// delete (204), and content get/replace. Limits: 10 MB per collection, 10 KB per row.

import Papa from 'papaparse'
import type { Router } from './router'
import type { Services } from './services'
import { LIMITS } from './config'
import { appError, isPlainObject, jsonBody, nowSeconds, sendJson, sendNoContent, type Ctx } from './http-kit'
import { appBody } from './app-customers-routes'

interface CollectionRow {
  id: number
  name: string
  data: string
  bytes: number
  rows: number
  schema: string
  created_at: number
  updated_at: number
}

function toJson(row: CollectionRow): Record<string, unknown> {
  return { id: row.id, name: row.name, bytes: row.bytes, rows: row.rows, schema: JSON.parse(row.schema) as string[], created_at: row.created_at, updated_at: row.updated_at }
}

/** Checks the documented size limits and derives the collection metadata from its rows. */
function describe(data: unknown): { text: string; bytes: number; rows: number; schema: string[] } {
  if (!Array.isArray(data)) throw appError(400, 'data must be an array of objects', { source: { pointer: '/data' } })
  const schema = new Set<string>()
  for (const [i, row] of data.entries()) {
    if (!isPlainObject(row)) throw appError(400, `data[${i}] must be an object`, { source: { pointer: `/data/${i}` } })
    if (Buffer.byteLength(JSON.stringify(row)) > LIMITS.collectionRowBytes) throw appError(400, `data[${i}] is larger than the 10 KB row limit`, { source: { pointer: `/data/${i}` } })
    for (const key of Object.keys(row)) schema.add(key)
  }
  const text = JSON.stringify(data)
  const bytes = Buffer.byteLength(text)
  if (bytes > LIMITS.collectionBytes) throw appError(400, 'collection is larger than the 10 MB limit', { source: { pointer: '/data' } })
  return { text, bytes, rows: data.length, schema: [...schema] }
}

/** `url` collections: fetched now; CSV or JSON chosen by Content-Type, then extension, else JSON (§4.11). */
async function fetchData(url: unknown): Promise<unknown[]> {
  if (typeof url !== 'string' || !/^https?:\/\//.test(url)) throw appError(400, 'url must be an http(s) URL', { source: { pointer: '/url' } })
  let response: Response
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(10_000) })
  } catch (err) {
    throw appError(400, `could not fetch ${url}: ${String(err)}`, { source: { pointer: '/url' } })
  }
  if (!response.ok) throw appError(400, `fetching ${url} answered ${response.status}`, { source: { pointer: '/url' } })
  const text = await response.text()
  const type = response.headers.get('content-type') ?? ''
  const isCsv = type.includes('csv') || (!type.includes('json') && /\.csv(\?|$)/i.test(url))
  if (isCsv) return Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true }).data
  try {
    const parsed = JSON.parse(text) as unknown
    if (!Array.isArray(parsed)) throw new Error('not an array')
    return parsed
  } catch {
    throw appError(400, `${url} is neither a JSON array nor CSV`, { source: { pointer: '/url' } })
  }
}

export function registerAppCollections(router: Router, s: Services): void {
  const get = (ctx: Ctx): CollectionRow => {
    const raw = ctx.params.collection_id
    const row = /^\d+$/.test(raw) ? (s.db.prepare('SELECT * FROM collections WHERE id = ?').get(Number(raw)) as CollectionRow | undefined) : undefined
    if (!row) throw appError(404, 'collection id does not exist')
    return row
  }

  router.get('/v1/collections', (ctx) => {
    const rows = s.db.prepare('SELECT * FROM collections ORDER BY id').all() as CollectionRow[]
    sendJson(ctx.res, 200, { collections: rows.map(toJson) })
  })

  router.post('/v1/collections', async (ctx) => {
    const body = appBody(ctx)
    if (typeof body.name !== 'string' || body.name.trim() === '') throw appError(400, 'name is required', { source: { pointer: '/name' } })
    if ((body.data === undefined) === (body.url === undefined)) throw appError(400, 'exactly one of data or url is required', { source: { pointer: '/data' } })
    const d = describe(body.data !== undefined ? body.data : await fetchData(body.url))
    const now = nowSeconds()
    const info = s.db.prepare('INSERT INTO collections (name, data, bytes, rows, schema, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)').run(body.name, d.text, d.bytes, d.rows, JSON.stringify(d.schema), now, now)
    sendJson(ctx.res, 200, { collection: toJson(s.db.prepare('SELECT * FROM collections WHERE id = ?').get(info.lastInsertRowid) as CollectionRow) })
  })

  router.get('/v1/collections/:collection_id', (ctx) => sendJson(ctx.res, 200, { collection: toJson(get(ctx)) }))

  router.put('/v1/collections/:collection_id', async (ctx) => {
    const row = get(ctx)
    const body = appBody(ctx)
    if (body.name !== undefined && (typeof body.name !== 'string' || body.name.trim() === '')) throw appError(400, 'name must be a non-empty string', { source: { pointer: '/name' } })
    if (body.data !== undefined && body.url !== undefined) throw appError(400, 'give data or url, not both', { source: { pointer: '/data' } })
    const name = (body.name as string | undefined) ?? row.name
    const d = body.data !== undefined ? describe(body.data) : body.url !== undefined ? describe(await fetchData(body.url)) : null
    s.db
      .prepare('UPDATE collections SET name = ?, data = ?, bytes = ?, rows = ?, schema = ?, updated_at = ? WHERE id = ?')
      .run(name, d?.text ?? row.data, d?.bytes ?? row.bytes, d?.rows ?? row.rows, d ? JSON.stringify(d.schema) : row.schema, nowSeconds(), row.id)
    sendJson(ctx.res, 200, { collection: toJson(get(ctx)) })
  })

  router.delete('/v1/collections/:collection_id', (ctx) => {
    const row = get(ctx)
    s.db.prepare('DELETE FROM collections WHERE id = ?').run(row.id)
    sendNoContent(ctx.res)
  })

  router.get('/v1/collections/:collection_id/content', (ctx) => {
    sendJson(ctx.res, 200, JSON.parse(get(ctx).data))
  })

  router.put('/v1/collections/:collection_id/content', (ctx) => {
    const row = get(ctx)
    const d = describe(jsonBody(ctx, (m) => appError(400, m)))
    s.db.prepare('UPDATE collections SET data = ?, bytes = ?, rows = ?, schema = ?, updated_at = ? WHERE id = ?').run(d.text, d.bytes, d.rows, JSON.stringify(d.schema), nowSeconds(), row.id)
    sendJson(ctx.res, 200, { collection: toJson(get(ctx)) })
  })
}
