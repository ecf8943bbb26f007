// Shared helpers for sandbox integration tests: start a sandbox, call it with each realm's credentials.

import { startSandbox, type SandboxHandle, type SandboxOptions } from '../../../src-main/sandbox'

/** Parsed JSON bodies are read loosely in tests; the assertions give them their shape. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any

export interface Reply {
  status: number
  headers: Headers
  text: string
  json: Json
}

export interface Client {
  h: SandboxHandle
  track(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Reply>
  app(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Reply>
  cdp(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Reply>
  admin(method: string, path: string, body?: unknown): Promise<Reply>
  raw(method: string, path: string, body: unknown, headers: Record<string, string>): Promise<Reply>
  close(): Promise<void>
}

export function basic(user: string, password: string): string {
  return 'Basic ' + Buffer.from(`${user}:${password}`).toString('base64')
}

export async function request(url: string, method: string, body: unknown, headers: Record<string, string>): Promise<Reply> {
  const init: RequestInit = { method, headers: { 'content-type': 'application/json', ...headers } }
  if (body !== undefined) init.body = typeof body === 'string' ? body : JSON.stringify(body)
  const res = await fetch(url, init)
  const text = await res.text()
  let json: unknown
  try {
    json = text ? JSON.parse(text) : undefined
  } catch {
    json = undefined // not JSON (e.g. an empty 204 or a CSV)
  }
  return { status: res.status, headers: res.headers, text, json }
}

/** Starts a sandbox with rate limits off unless the test sets them (tests fire faster than 10/s). */
export async function startClient(opts: SandboxOptions = {}): Promise<Client> {
  const h = await startSandbox({ exportDelayMs: 30, ...opts, rateLimits: { enabled: false, ...opts.rateLimits } })
  const auth = {
    track: basic(h.siteId, h.trackApiKey),
    app: `Bearer ${h.appApiKey}`,
    cdp: basic(h.writeKey, ''),
    admin: `Bearer ${h.adminToken}`,
  }
  const call = (kind: keyof typeof auth) => (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    request(h.url + path, method, body, { authorization: auth[kind], ...headers })
  return {
    h,
    track: call('track'),
    app: call('app'),
    cdp: call('cdp'),
    admin: (method, path, body) => call('admin')(method, path, body),
    raw: (method, path, body, headers) => request(h.url + path, method, body, headers),
    close: () => h.close(),
  }
}
