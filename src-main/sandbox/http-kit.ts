// Request context, response writers and the error envelopes of the three APIs.
// Customer.io speaks three error dialects (docs/customerio-api.md §2.1); each helper below builds exactly one,
// so a route cannot accidentally answer an App error in the Track shape.

import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Realm } from './config'

export interface Ctx {
  req: IncomingMessage
  res: ServerResponse
  method: string
  path: string
  query: URLSearchParams
  params: Record<string, string>
  body: Buffer
  realm: Realm | 'admin' | 'download'
  /** The base URL clients used (http://host:port), for links we hand out. */
  baseUrl: string
}

/** Thrown by routes and helpers; the server writes it as the response. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly payload: unknown,
    readonly headers: Record<string, string> = {},
  ) {
    super(typeof payload === 'object' ? JSON.stringify(payload) : String(payload))
  }

  /** Adds an integer Retry-After (seconds, at least 1), as the real App API sends with 429. */
  withRetryAfter(seconds: number): this {
    this.headers['retry-after'] = String(Math.max(1, Math.ceil(seconds)))
    return this
  }
}

// ---------- envelopes ----------

/** App API: `{"errors":[{"detail","status":"<string>"}]}`. */
export function appError(status: number, detail: string, extra: Record<string, unknown> = {}): HttpError {
  return new HttpError(status, { errors: [{ detail, status: String(status), ...extra }] })
}

/** Track v1 (and transactional sends): `{"meta":{"error":"…"}}`. */
export function metaError(status: number, error: string): HttpError {
  return new HttpError(status, { meta: { error } })
}

/** Track v1 devices/segments and Pipelines strict mode: `{"meta":{"errors":["…"]}}`. */
export function metaErrors(status: number, errors: string[]): HttpError {
  return new HttpError(status, { meta: { errors } })
}

export interface V2Error {
  batch_index?: number
  reason: string
  field: string
  message: string
}

/** Track v2: `{"errors":[{"reason","field","message"(,"batch_index")}]}`. */
export function v2Errors(status: number, errors: V2Error[]): HttpError {
  return new HttpError(status, { errors })
}

/** The envelope a realm uses for generic problems (auth, rate limit, unknown path, bad JSON). */
export function realmError(realm: Ctx['realm'], status: number, message: string): HttpError {
  switch (realm) {
    case 'app':
      return appError(status, message)
    case 'track':
      return metaError(status, message)
    case 'pipelines':
      return metaErrors(status, [message])
    default:
      return new HttpError(status, { error: message })
  }
}

// ---------- writers ----------

export function sendJson(res: ServerResponse, status: number, payload: unknown, headers: Record<string, string> = {}): void {
  // Track answers `{}` + newline with these exact headers (live fixtures, §1); the other realms are close enough.
  const text = JSON.stringify(payload) + '\n'
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-cache, no-store, must-revalidate, max-age=0',
    'content-length': Buffer.byteLength(text),
    ...headers,
  })
  res.end(text)
}

export function sendNoContent(res: ServerResponse): void {
  res.writeHead(204)
  res.end()
}

export function sendText(res: ServerResponse, status: number, contentType: string, body: string | Buffer): void {
  res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(body) })
  res.end(body)
}

// ---------- body parsing ----------

/** Buffers a request body, refusing anything above `max` bytes with 413 before reading it all. */
export function readBody(req: IncomingMessage, max: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? NaN)
    if (Number.isFinite(declared) && declared > max) {
      reject(new HttpError(413, { error: 'request body too large' }))
      return
    }
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > max) {
        req.destroy()
        reject(new HttpError(413, { error: 'request body too large' }))
        return
      }
      chunks.push(chunk)
    })
    req.on('end', () => resolve(Buffer.concat(chunks, size)))
    req.on('error', reject)
  })
}

/**
 * Parses the JSON body. `onError` builds the realm-specific 400 so malformed input is reported in the
 * envelope the caller's client parses. An empty body parses as `{}` (clients may send none).
 */
export function jsonBody(ctx: Ctx, onError: (message: string) => HttpError): unknown {
  if (ctx.body.length === 0) return {}
  try {
    return JSON.parse(ctx.body.toString('utf8'))
  } catch {
    throw onError('request body is not valid JSON')
  }
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

export function byteLength(value: string): number {
  return Buffer.byteLength(value, 'utf8')
}

export function jsonBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value) ?? '', 'utf8')
}

export const nowSeconds = (): number => Math.floor(Date.now() / 1000)
