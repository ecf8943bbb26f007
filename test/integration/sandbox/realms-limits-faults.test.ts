// Auth realms (a key of one realm is refused by the others), Pipelines permissive vs strict mode,
// rate limits answering 429 with Retry-After, injected faults set at start and through the admin
// endpoint, and a persisted workspace keeping its keys and state across restarts.

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { basic, request, startClient, type Client } from './helpers'
import { runSandboxCli, startSandbox } from '../../../src-main/sandbox'

let c: Client
beforeAll(async () => {
  c = await startClient()
})
afterAll(() => c.close())

describe('auth realms', () => {
  it('each realm accepts only its own credentials', async () => {
    const { h } = c
    const track = basic(h.siteId, h.trackApiKey)
    const trackUrlSafe = 'Basic ' + Buffer.from(`${h.siteId}:${h.trackApiKey}`).toString('base64url') // no padding, URL-safe
    const app = `Bearer ${h.appApiKey}`
    const cdpBasic = basic(h.writeKey, '')
    const cdpBearer = `Bearer ${h.writeKey}`
    const admin = `Bearer ${h.adminToken}`
    const cases: [string, string, string, number][] = [
      ['GET', '/api/v1/accounts/region', track, 200],
      ['GET', '/api/v1/accounts/region', trackUrlSafe, 200],
      ['GET', '/api/v1/accounts/region', app, 401],
      ['GET', '/api/v1/accounts/region', cdpBasic, 401],
      ['GET', '/api/v1/accounts/region', basic(h.siteId, h.appApiKey), 401],
      ['GET', '/v1/segments', app, 200],
      ['GET', '/v1/segments', track, 401],
      ['GET', '/v1/segments', cdpBearer, 401],
      ['GET', '/v1/segments', admin, 401],
      ['POST', '/v1/identify', cdpBasic, 200],
      ['POST', '/v1/identify', cdpBearer, 200],
      ['POST', '/v1/identify', app, 401],
      ['POST', '/v1/identify', track, 401],
      ['GET', '/__sandbox/state', admin, 200],
      ['GET', '/__sandbox/state', app, 401],
      ['GET', '/__sandbox/state', '', 401],
    ]
    for (const [method, path, auth, status] of cases) {
      const r = await request(h.url + path, method, method === 'POST' ? { userId: 'realm-test' } : undefined, auth ? { authorization: auth } : {})
      expect(r.status, `${method} ${path} with ${auth.slice(0, 12)}`).toBe(status)
    }
    const r = await request(h.url + '/v1/segments', 'GET', undefined, { authorization: 'Bearer wrong' })
    expect(r.json.errors[0].status).toBe('401')
  })
})

describe('Pipelines modes', () => {
  it('permissive: 200 {} even for invalid or oversize calls (dropped); strict: 400/413 {"meta":{"errors"}}', async () => {
    const big = { userId: 'p-big', traits: { blob: 'x'.repeat(900), more: Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`k${i}`, 'y'.repeat(900)])) } }
    expect((await c.cdp('POST', '/v1/track', { userId: 'p1' })).json).toEqual({})
    expect((await c.cdp('POST', '/v1/identify', big)).status).toBe(200)
    expect((await c.app('GET', '/v1/customers/p-big/attributes')).status).toBe(404)
    const strict = { 'x-strict-mode': '1' }
    const s1 = await c.cdp('POST', '/v1/track', { userId: 'p1' }, strict)
    expect(s1.status).toBe(400)
    expect(s1.json.meta.errors).toContain('event is required')
    expect((await c.cdp('POST', '/v1/identify', big, strict)).status).toBe(413)
    expect((await c.cdp('POST', '/v1/alias', { userId: 'a' }, strict)).json.meta.errors).toContain('previousId is required')
    const batch = await c.cdp('POST', '/v1/batch', { batch: [{ type: 'identify', userId: 'pb1', traits: { plan: 'x' } }, { type: 'nope' }] }, strict)
    expect(batch.status).toBe(400)
    expect(batch.json.meta.errors[0]).toMatch(/^batch\[1\]/)
    await c.cdp('POST', '/v1/batch', { batch: [{ type: 'identify', userId: 'pb1', traits: { plan: 'x' } }, { type: 'nope' }] })
    expect((await c.app('GET', '/v1/customers/pb1/attributes')).json.customer.attributes.plan).toBe('x')
    await c.cdp('POST', '/v1/track', { userId: 'pb1', event: 'User Deleted' })
    expect((await c.app('GET', '/v1/customers/pb1/attributes')).status).toBe(404)
  })
})

describe('rate limits', () => {
  it('App API: 10 req/s then 429 with the errors envelope and an integer Retry-After ≥ 1', async () => {
    await c.admin('PUT', '/__sandbox/rate-limits', { enabled: true, appPerSecond: 10 })
    try {
      const statuses: number[] = []
      let limited
      for (let i = 0; i < 12; i++) {
        const r = await c.app('GET', '/v1/segments')
        statuses.push(r.status)
        if (r.status === 429) limited = r
      }
      expect(statuses.slice(0, 10).every((s) => s === 200)).toBe(true)
      expect(statuses.slice(10)).toContain(429)
      expect(Number(limited!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1)
      expect(limited!.json.errors[0]).toMatchObject({ status: '429', detail: expect.stringContaining('rate limited to 10 requests per 1s') })
      // Track is not affected by the App limiter.
      expect((await c.track('GET', '/api/v1/accounts/region')).status).toBe(200)
    } finally {
      await c.admin('PUT', '/__sandbox/rate-limits', { enabled: false })
    }
  })

  it('broadcast triggers: 1 per 10 s; Track soft limit per window', async () => {
    await c.admin('PUT', '/__sandbox/rate-limits', { enabled: true, appPerSecond: 1000, trackPerWindow: 5, softWindowMs: 3000 })
    try {
      expect((await c.app('POST', '/v1/campaigns/1/triggers', {})).status).toBe(200)
      const second = await c.app('POST', '/v1/campaigns/1/triggers', {})
      expect(second.status).toBe(429)
      expect(Number(second.headers.get('retry-after'))).toBeGreaterThanOrEqual(9)
      const statuses = []
      for (let i = 0; i < 7; i++) statuses.push((await c.track('PUT', '/api/v1/customers/rl', {})).status)
      expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429])
    } finally {
      await c.admin('PUT', '/__sandbox/rate-limits', { enabled: false })
    }
  })
})

describe('faults', () => {
  it('429 burst with Retry-After, then normal service; the SDK-style retry succeeds', async () => {
    await c.admin('PUT', '/__sandbox/faults', { burst429: 2, retryAfterSeconds: 3 })
    const a = await c.track('PUT', '/api/v1/customers/f1', {})
    expect(a.status).toBe(429)
    expect(a.headers.get('retry-after')).toBe('3')
    expect(a.json.meta.error).toContain('rate limited')
    expect((await c.app('GET', '/v1/segments')).status).toBe(429)
    expect((await c.app('GET', '/v1/segments')).status).toBe(200)
  })

  it('5xx, dropped connections, latency, realm filter; admin validates input', async () => {
    await c.admin('PUT', '/__sandbox/faults', { errorNext: 1, errorStatus: 503 })
    const e = await c.app('GET', '/v1/segments')
    expect(e.status).toBe(503)
    expect(e.json.errors[0].status).toBe('503')
    await c.admin('PUT', '/__sandbox/faults', { dropNext: 1 })
    await expect(c.track('PUT', '/api/v1/customers/f2', {})).rejects.toThrow()
    await c.admin('PUT', '/__sandbox/faults', { latencyMs: 150, realms: ['app'] })
    let t = Date.now()
    await c.app('GET', '/v1/segments')
    expect(Date.now() - t).toBeGreaterThanOrEqual(140)
    t = Date.now()
    await c.track('GET', '/api/v1/accounts/region')
    expect(Date.now() - t).toBeLessThan(140)
    await c.admin('PUT', '/__sandbox/faults', { errorRate: 1, errorStatus: 500, realms: ['pipelines'] })
    expect((await c.cdp('POST', '/v1/identify', { userId: 'x' })).status).toBe(500)
    expect((await c.app('GET', '/v1/segments')).status).toBe(200)
    expect((await c.admin('DELETE', '/__sandbox/faults')).json.errorRate).toBe(0)
    expect((await c.admin('PUT', '/__sandbox/faults', { errorRate: 2 })).status).toBe(400)
    expect((await c.admin('PUT', '/__sandbox/faults', { bogus: 1 })).status).toBe(400)
  })

  it('faults given at start apply from the first request', async () => {
    const h = await startSandbox({ faults: { burst429: 1 }, rateLimits: { enabled: false } })
    try {
      const r = await request(`${h.url}/v1/segments`, 'GET', undefined, { authorization: `Bearer ${h.appApiKey}` })
      expect(r.status).toBe(429)
      expect(r.headers.get('retry-after')).toBe('1')
    } finally {
      await h.close()
    }
  })
})

describe('persistence and the CLI entry point', () => {
  it('a sandbox with a dataDir keeps its keys and state across restarts; runSandboxCli prints one JSON line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cio-sandbox-'))
    try {
      const lines: string[] = []
      const first = await runSandboxCli({ dataDir: dir, people: 30, rateLimits: { enabled: false } }, (l) => lines.push(l))
      expect(lines).toHaveLength(1)
      const printed = JSON.parse(lines[0])
      expect(Object.keys(printed).sort()).toEqual(['appApiKey', 'siteId', 'trackApiKey', 'url', 'writeKey'])
      expect(printed.siteId).toMatch(/^[0-9a-f]{20}$/)
      await request(`${first.url}/api/v1/customers/persisted`, 'PUT', { plan: 'kept' }, { authorization: basic(first.siteId, first.trackApiKey) })
      await first.close()
      const second = await startSandbox({ dataDir: dir, people: 999, rateLimits: { enabled: false } })
      try {
        expect([second.siteId, second.trackApiKey, second.appApiKey, second.writeKey]).toEqual([printed.siteId, printed.trackApiKey, printed.appApiKey, printed.writeKey])
        const r = await request(`${second.url}/v1/customers/persisted/attributes`, 'GET', undefined, { authorization: `Bearer ${second.appApiKey}` })
        expect(r.json.customer.attributes.plan).toBe('kept')
        const state = await request(`${second.url}/__sandbox/state`, 'GET', undefined, { authorization: `Bearer ${second.adminToken}` })
        expect(state.json.people).toBe(31) // 30 seeded once + 1; `people: 999` ignored on restart
      } finally {
        await second.close()
      }
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
