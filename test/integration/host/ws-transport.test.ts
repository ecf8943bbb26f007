import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { startHeadlessHost, type HeadlessHost } from '../../../src-main/host/headless-host'

// The headless host over real HTTP and WebSocket on 127.0.0.1; the engine is replaced by an echo
// so this file is about the transport: token, origin, framing, static files and the bridge.
let host: HeadlessHost
const calls: { channel: string; input: unknown }[] = []

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cio-sync-renderer-'))
  mkdirSync(join(dir, 'assets'))
  writeFileSync(join(dir, 'index.html'), '<!doctype html><html><head><script type="module" src="./assets/app.js"></script></head><body></body></html>')
  writeFileSync(join(dir, 'assets/app.js'), 'console.log(1)')
  host = await startHeadlessHost({
    rendererDir: dir,
    invoke: async (channel, input) => {
      calls.push({ channel, input })
      return channel === 'app:app:info' ? { ok: true, value: { echo: input } } : { ok: false, error: { code: 'UNKNOWN_CHANNEL', message: 'unknown', retryable: false } }
    },
  })
})
afterAll(() => host.close())

function connect(query: string, origin?: string, hostHeader?: string): Promise<WebSocket> {
  return new Promise((res, rej) => {
    const ws = new WebSocket(`${host.origin.replace('http', 'ws')}/ipc${query}`, { ...(origin ? { origin } : {}), ...(hostHeader ? { headers: { host: hostHeader } } : {}) })
    ws.once('open', () => res(ws))
    ws.once('unexpected-response', (_req, r) => rej(new Error(String(r.statusCode))))
    ws.once('error', rej)
  })
}

function request(ws: WebSocket, frame: unknown): Promise<{ id: number; result: { ok: boolean; value?: unknown; error?: { code: string } } }> {
  return new Promise((res) => {
    ws.once('message', (d) => res(JSON.parse(d.toString())))
    ws.send(JSON.stringify(frame))
  })
}

describe('headless host', () => {
  it('listens on 127.0.0.1 only and serves the UI with the bridge injected before the app', async () => {
    expect(host.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    const html = await (await fetch(`${host.origin}/`)).text()
    expect(html.indexOf('cio-bridge.js')).toBeGreaterThan(-1)
    expect(html.indexOf('cio-bridge.js')).toBeLessThan(html.indexOf('assets/app.js'))
    const res = await fetch(`${host.origin}/cio-bridge.js`)
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'")
    const bridge = await res.text()
    expect(bridge).toContain('app:workspaces:add')
    expect(bridge).not.toContain(host.token)
  })

  it('does not serve files outside the renderer folder', async () => {
    const res = await fetch(`${host.origin}/..%2f..%2f..%2fetc%2fpasswd`)
    expect(res.status).toBe(404)
  })

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    const { request: httpRequest } = await import('node:http')
    const status = await new Promise<number>((res) => {
      const port = Number(new URL(host.origin).port)
      httpRequest({ host: '127.0.0.1', port, path: '/', headers: { host: 'evil.example:80' } }, (r) => res(r.statusCode ?? 0)).end()
    })
    expect(status).toBe(421)
  })

  it('refuses a socket without the token, with a wrong token, or from another origin', async () => {
    await expect(connect('')).rejects.toThrow('401')
    await expect(connect('?token=wrong')).rejects.toThrow('401')
    await expect(connect(`?token=${host.token}`, 'http://evil.example')).rejects.toThrow('403')
  })

  it('refuses a socket whose Host header is not its own (DNS rebinding), token or not, and accepts localhost', async () => {
    const port = new URL(host.origin).port
    await expect(connect(`?token=${host.token}`, undefined, `evil.example:${port}`)).rejects.toThrow('421')
    await expect(connect(`?token=${host.token}`, `http://evil.example:${port}`, `evil.example:${port}`)).rejects.toThrow('421')
    await expect(connect(`?token=${host.token}`, host.origin, `127.0.0.1:${Number(port) + 1}`)).rejects.toThrow('421')
    const ok = await connect(`?token=${host.token}`, `http://localhost:${port}`, `localhost:${port}`)
    ok.close()
  })

  it('answers a call from its own origin with the token, and passes unknown channels on to be refused', async () => {
    const ws = await connect(`?token=${host.token}`, host.origin)
    const a = await request(ws, { id: 7, channel: 'app:app:info', input: { x: 1 } })
    expect(a).toEqual({ id: 7, result: { ok: true, value: { echo: { x: 1 } } } })
    const b = await request(ws, { id: 8, channel: 'app:nope:nope', input: {} })
    expect(b.result.error?.code).toBe('UNKNOWN_CHANNEL')
    const c = await new Promise<{ result: { error: { code: string } } }>((res) => {
      ws.once('message', (d) => res(JSON.parse(d.toString())))
      ws.send('not json')
    })
    expect(c.result.error.code).toBe('VALIDATION')
    ws.close()
  })

  it('pushes events to connected windows', async () => {
    const ws = await connect(`?token=${host.token}`, host.origin)
    const got = new Promise((res) => ws.once('message', (d) => res(JSON.parse(d.toString()))))
    host.broadcast('app:jobs:progress', { jobId: 'j' })
    expect(await got).toEqual({ event: 'app:jobs:progress', payload: { jobId: 'j' } })
    ws.close()
  })
})
