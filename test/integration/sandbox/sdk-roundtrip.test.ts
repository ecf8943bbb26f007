// The official customerio-node clients, pointed at the sandbox with their `url` option, round-trip:
// identify → attributes read back as strings; a v2 batch with one bad operation → 207 with its
// batch_index (the SDK treats any 2xx as success, so the 207 body comes back as the resolved value);
// export → pending → done → download → fetch the CSV and find the people; Pipelines identify/track.

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { APIClient, CustomerIORequestError, PipelinesClient, TrackClient } from 'customerio-node'
import type { Json } from './helpers'
import { startSandbox, type SandboxHandle } from '../../../src-main/sandbox'

let h: SandboxHandle
let track: TrackClient
let api: APIClient
let cdp: PipelinesClient

beforeAll(async () => {
  h = await startSandbox({ exportDelayMs: 150, rateLimits: { enabled: false } })
  track = new TrackClient(h.siteId, h.trackApiKey, { url: `${h.url}/api/v1` })
  api = new APIClient(h.appApiKey, { url: `${h.url}/v1` })
  cdp = new PipelinesClient(h.writeKey, { url: `${h.url}/v1`, strictMode: true })
})
afterAll(() => h.close())

describe('customerio-node against the sandbox', () => {
  it('identify → attributes read back as strings', async () => {
    await expect(track.identify('sdk-1', { email: 'sdk.one@example.com', created_at: 1700000000, plan: 'pro', seats: 12, vip: true, tags: ['a', 'b'] })).resolves.toEqual({})
    const res = (await api.getAttributes('sdk-1')) as Json
    expect(res.customer.identifiers).toEqual({ id: 'sdk-1', email: 'sdk.one@example.com', cio_id: expect.stringMatching(/^[0-9a-f]{12}$/) })
    expect(res.customer.attributes).toMatchObject({ created_at: '1700000000', plan: 'pro', seats: '12', vip: 'true', tags: '["a","b"]', id: 'sdk-1' })
    for (const v of Object.values(res.customer.attributes)) expect(typeof v).toBe('string')
    expect(typeof res.customer.timestamps.plan).toBe('number')
    const byEmail = (await api.getAttributes('sdk.one@example.com', 'email' as Json)) as Json
    expect(byEmail.customer.id).toBe('sdk-1')
    const found = (await api.getCustomersByEmail('SDK.ONE@example.com')) as Json
    expect(found.results).toEqual([res.customer.identifiers])
  })

  it('track events and devices appear in activities and attributes', async () => {
    await track.track('sdk-1', { name: 'purchase', data: { amount: 10 }, id: '01HZZZSDKEVENT000000000001' } as Json)
    await track.track('sdk-1', { name: 'purchase', data: { amount: 10 }, id: '01HZZZSDKEVENT000000000001' } as Json)
    await track.addDevice('sdk-1', 'tok-1', 'ios', { app_version: '1.2' })
    const { activities } = (await api.getCustomerActivities('sdk-1', { type: 'event' } as Json)) as Json
    expect(activities.filter((a: Json) => a.type === 'event' && a.name === 'purchase')).toHaveLength(1)
    const attrs = (await api.getAttributes('sdk-1')) as Json
    expect(attrs.customer.devices).toEqual([{ id: 'tok-1', platform: 'ios', last_used: expect.any(Number), attributes: { app_version: '1.2' } }])
  })

  it('v2 batch with one bad operation → 207 with its batch_index, valid ones applied', async () => {
    const res = (await track.batch([
      { type: 'person', action: 'identify', identifiers: { id: 'sdk-2' }, attributes: { plan: 'basic' } },
      { type: 'person', action: 'identify', identifiers: { id: 'x', email: 'two@ids.example' }, attributes: {} },
      { type: 'person', action: 'identify', identifiers: { id: 'sdk-3' }, attributes: { plan: 'free' } },
    ] as Json)) as Json
    expect(res.errors).toHaveLength(1)
    expect(res.errors[0]).toMatchObject({ batch_index: 1, field: 'identifiers', reason: expect.any(String), message: expect.any(String) })
    expect(((await api.getAttributes('sdk-2')) as Json).customer.attributes.plan).toBe('basic')
    expect(((await api.getAttributes('sdk-3')) as Json).customer.attributes.plan).toBe('free')
  })

  it('export → pending → done → download → CSV with the people', async () => {
    await track.addCustomersToSegment(1, ['sdk-1', 'sdk-2'])
    const created = (await api.createCustomersExport({ segment: { id: 1 } } as Json)) as Json
    expect(created.export).toMatchObject({ status: 'pending', total: 0, type: 'customers' })
    const id = created.export.id
    let status = created.export
    const until = Date.now() + 5000
    while (status.status === 'pending' && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 50))
      status = ((await api.getExport(id)) as Json).export
    }
    expect(status.status).toBe('done')
    const { url } = (await api.downloadExport(id)) as Json
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/downloads\/exports\/\d+\.csv\?/)
    const csv = await (await fetch(url)).text()
    const lines = csv.trim().split('\n')
    expect(lines[0]).toBe('cio_id,id,email')
    expect(lines.some((l) => l.includes(',sdk-1,sdk.one@example.com'))).toBe(true)
    expect(lines.some((l) => l.includes(',sdk-2,'))).toBe(true)
    expect(status.total).toBe(lines.length - 1)
    const list = (await api.listExports()) as Json
    expect(list.exports.map((e: Json) => e.id)).toContain(id)
  })

  it('Pipelines identify and track (strict mode) reach the same person store', async () => {
    await expect(cdp.identify({ userId: 'cdp-1', traits: { email: 'cdp@example.com', plan: 'pro' } })).resolves.toEqual({})
    await expect(cdp.track({ userId: 'cdp-1', event: 'Order Completed', properties: { total: 5 } })).resolves.toEqual({})
    await expect(cdp.batch([{ type: 'track', userId: 'cdp-1', event: 'Page Viewed' } as Json])).resolves.toEqual({})
    const attrs = (await api.getAttributes('cdp-1')) as Json
    expect(attrs.customer.attributes).toMatchObject({ email: 'cdp@example.com', plan: 'pro' })
    // The SDK checks single calls itself; a batch item without `event` reaches the server's strict validation.
    const err = await cdp.batch([{ type: 'track', userId: 'cdp-1' } as Json]).catch((e) => e)
    expect(err).toBeInstanceOf(CustomerIORequestError)
    expect(err.statusCode).toBe(400)
    expect(err.message).toContain('event is required')
  })

  it('segments, broadcast trigger and a transactional send through the SDK', async () => {
    const seg = (await api.createSegment({ name: 'SDK list' } as Json)) as Json
    expect(seg.segment.type).toBe('manual')
    await track.addCustomersToSegment(seg.segment.id, ['sdk-1'])
    expect(((await api.getSegmentCustomerCount(seg.segment.id)) as Json).count).toBe(1)
    const members = (await api.getSegmentMembership(seg.segment.id)) as Json
    expect(members.ids).toEqual(['sdk-1'])
    await expect(api.deleteSegment(seg.segment.id)).resolves.toEqual({})
    const missing = await api.getSegment(seg.segment.id).catch((e) => e)
    expect(missing.statusCode).toBe(404)
    const trig = (await api.triggerBroadcast(1, { headline: 'hi' }, { ids: ['sdk-1'] })) as Json
    expect(trig).toEqual({ id: expect.any(Number) })
    const region = (await track.getAccountRegion()) as Json
    expect(region).toMatchObject({ region: 'us', url: h.url })
  })

  it('a wrong key is refused with CustomerIORequestError 401', async () => {
    const bad = new APIClient('nope', { url: `${h.url}/v1`, retry: { maxRetries: 0 } } as Json)
    const err = await bad.listSegments().catch((e) => e)
    expect(err).toBeInstanceOf(CustomerIORequestError)
    expect(err.statusCode).toBe(401)
  })
})
