// Track API behaviour: envelopes, limits, v2 batch 207/400/413, event dedupe, identifier semantics,
// suppression, merge, and the processing lag between a Track write and its App read.

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startClient, type Client, type Json } from './helpers'

let c: Client
beforeAll(async () => {
  c = await startClient()
})
afterAll(() => c.close())

const attrs = async (id: string, idType = 'id') => (await c.app('GET', `/v1/customers/${encodeURIComponent(id)}/attributes?id_type=${idType}`)).json?.customer

describe('Track v1', () => {
  it('answers 200 {} with the live headers, and deletes of unknown people succeed', async () => {
    const r = await c.track('PUT', '/api/v1/customers/t1', { email: 't1@example.com', first_name: 'T' })
    expect(r.status).toBe(200)
    expect(r.text).toBe('{}\n')
    expect(r.headers.get('content-type')).toBe('application/json; charset=utf-8')
    expect(r.headers.get('cache-control')).toContain('no-store')
    expect((await c.track('DELETE', '/api/v1/customers/nobody-here')).status).toBe(200)
  })

  it('rejects limits with {"meta":{"error"}} and the documented texts', async () => {
    const cases: [unknown, string][] = [
      [{ ['a'.repeat(151)]: 'x' }, 'attribute name cannot be longer than 150 bytes'],
      [{ bio: 'é'.repeat(501) }, "value for attribute 'bio' cannot be longer than 1000 bytes"],
      [Object.fromEntries(Array.from({ length: 301 }, (_, i) => [`k${i}`, i])), 'cannot identify more than 300 attributes in one request'],
      [{ id: 42 }, 'id attribute must be a string value'],
    ]
    for (const [body, message] of cases) {
      const r = await c.track('PUT', '/api/v1/customers/t-limits', body)
      expect(r.status).toBe(400)
      expect(r.json).toEqual({ meta: { error: message } })
    }
    // exactly at the limits is fine
    const ok = await c.track('PUT', '/api/v1/customers/t-limits', { ['a'.repeat(150)]: 'x'.repeat(1000) })
    expect(ok.status).toBe(200)
    expect((await c.track('PUT', `/api/v1/customers/${'i'.repeat(151)}`, {})).status).toBe(400)
    expect((await c.track('PUT', '/api/v1/customers/t-limits', '{not json')).json).toEqual({ meta: { error: 'request body is not valid JSON' } })
  })

  it('validates events and dedupes them by id', async () => {
    expect((await c.track('POST', '/api/v1/customers/t1/events', { data: {} })).json).toEqual({ meta: { error: 'event name must not be blank' } })
    expect((await c.track('POST', '/api/v1/customers/t1/events', { name: 'n'.repeat(101) })).json.meta.error).toBe('event name cannot be longer than 100 bytes')
    expect((await c.track('POST', '/api/v1/customers/t1/events', { name: 'x', data: [1] })).json.meta.error).toMatch(/^event data must be a hash/)
    expect((await c.track('POST', '/api/v1/customers/t1/events', { name: 'x', data: { big: 'b'.repeat(100_001) } })).json.meta.error).toBe('event data cannot be longer than 100000 bytes')
    const ev = { name: 'signup', id: '01J0000000000000000000DEDU', data: { plan: 'pro' } }
    for (let i = 0; i < 3; i++) expect((await c.track('POST', '/api/v1/customers/t1/events', ev)).status).toBe(200)
    const events = (await c.admin('GET', '/__sandbox/events?customer=t1&name=signup')).json.events
    expect(events).toHaveLength(1)
    expect(events[0]).toMatchObject({ id: ev.id, data: { plan: 'pro' } })
  })

  it('devices and segment membership use {"meta":{"errors":[…]}} and the 1000-id limit', async () => {
    const bad = await c.track('PUT', '/api/v1/customers/t1/devices', { device: { platform: 'web' } })
    expect(bad.status).toBe(400)
    expect(bad.json.meta.errors).toEqual(expect.arrayContaining(['device.id is required']))
    const tooMany = await c.track('POST', '/api/v1/segments/1/add_customers', { ids: Array.from({ length: 1001 }, (_, i) => String(i)) })
    expect(tooMany.status).toBe(400)
    expect(tooMany.json.meta.errors[0]).toContain('1000')
    expect((await c.track('POST', '/api/v1/segments/1/add_customers', { ids: Array.from({ length: 1000 }, (_, i) => `x${i}`) })).status).toBe(200)
    expect((await c.track('POST', '/api/v1/segments/2/add_customers', { ids: ['t1'] })).status).toBe(400) // data-driven
    expect((await c.track('POST', '/api/v1/segments/999/add_customers', { ids: ['t1'] })).status).toBe(404)
    await c.track('POST', '/api/v1/segments/1/add_customers?id_type=email', { ids: ['t1@example.com', 'not-an-email'] })
    const seg = (await c.app('GET', '/v1/customers/t1/segments')).json.segments.map((s: Json) => s.id)
    expect(seg).toContain(1)
  })

  it('suppress blocks re-identify until unsuppressed; merge folds secondary into primary', async () => {
    await c.track('PUT', '/api/v1/customers/sup', { email: 'sup@example.com' })
    await c.track('POST', '/api/v1/customers/sup/suppress')
    await c.track('PUT', '/api/v1/customers/sup', { plan: 'x' })
    expect(await attrs('sup')).toBeUndefined()
    await c.track('POST', '/api/v1/customers/sup/unsuppress')
    await c.track('PUT', '/api/v1/customers/sup', { plan: 'y' })
    expect((await attrs('sup')).attributes.plan).toBe('y')

    await c.track('PUT', '/api/v1/customers/m1', { a: '1' })
    await c.track('PUT', '/api/v1/customers/m2', { a: '2', b: '2' })
    expect((await c.track('POST', '/api/v1/merge_customers', { primary: { id: 'm1', email: 'x' }, secondary: { id: 'm2' } })).json.meta.error).toContain('exactly one')
    expect((await c.track('POST', '/api/v1/merge_customers', { primary: { id: 'm1' }, secondary: { id: 'm2' } })).status).toBe(200)
    expect((await attrs('m1')).attributes).toMatchObject({ a: '1', b: '2' })
    expect(await attrs('m2')).toBeUndefined()
  })

  it('identifier semantics: cio_ prefix, email path, changing id by email', async () => {
    await c.track('PUT', '/api/v1/customers/ident@example.com', { plan: 'p' })
    const p = await attrs('ident@example.com', 'email')
    expect(p.identifiers.id).toBeNull()
    await c.track('PUT', '/api/v1/customers/ident@example.com', { id: 'ident-1' })
    expect((await attrs('ident-1')).identifiers.email).toBe('ident@example.com')
    await c.track('PUT', `/api/v1/customers/cio_${p.identifiers.cio_id}`, { plan: 'q' })
    expect((await attrs('ident-1')).attributes.plan).toBe('q')
    // Unsetting with null removes the attribute.
    await c.track('PUT', '/api/v1/customers/ident-1', { plan: null })
    expect((await attrs('ident-1')).attributes.plan).toBeUndefined()
  })
})

describe('Track v2', () => {
  it('entity: 200, 400 with {errors:[{reason,field,message}]}, 413 over 32 KB', async () => {
    expect((await c.track('POST', '/api/v2/entity', { type: 'person', action: 'identify', identifiers: { id: 'v2a' }, attributes: { x: 1 } })).status).toBe(200)
    const bad = await c.track('POST', '/api/v2/entity', { type: 'person', action: 'identify', identifiers: {} })
    expect(bad.status).toBe(400)
    expect(bad.json.errors[0]).toEqual({ reason: expect.any(String), field: 'identifiers', message: expect.any(String) })
    const big = await c.track('POST', '/api/v2/entity', { type: 'person', action: 'identify', identifiers: { id: 'v2a' }, attributes: Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`k${i}`, 'v'.repeat(900)])) })
    expect(big.status).toBe(413)
    expect(big.json.errors[0].reason).toBe('too_large')
  })

  it('batch: 207 lists each bad op with batch_index; oversize op is an item error; >500 KB is 413; bad envelope 400', async () => {
    const fat = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`k${i}`, 'v'.repeat(900)])) // ~37 KB op
    const r = await c.track('POST', '/api/v2/batch', {
      batch: [
        { type: 'person', action: 'identify', identifiers: { id: 'b0' }, attributes: { n: 0 } },
        { type: 'person', action: 'event', identifiers: { id: 'b0' } },
        { type: 'person', action: 'identify', identifiers: { id: 'b2' }, attributes: fat },
        { type: 'robot', action: 'identify' },
        { type: 'person', action: 'add_device', identifiers: { id: 'b0' }, device: { token: 't', platform: 'ios' } },
      ],
    })
    expect(r.status).toBe(207)
    expect(r.json.errors.map((e: Json) => e.batch_index)).toEqual([1, 2, 3])
    expect(r.json.errors[1].reason).toBe('too_large')
    expect((await attrs('b0')).devices[0].id).toBe('t')
    const ops = Array.from({ length: 20 }, (_, i) => ({ type: 'person', action: 'identify', identifiers: { id: `big${i}` }, attributes: Object.fromEntries(Array.from({ length: 30 }, (_, j) => [`k${j}`, 'v'.repeat(900)])) }))
    const tooBig = await c.track('POST', '/api/v2/batch', { batch: ops })
    expect(tooBig.status).toBe(413)
    expect(await attrs('big0')).toBeUndefined()
    expect((await c.track('POST', '/api/v2/batch', { ops: [] })).status).toBe(400)
  })

  it('objects and relationships', async () => {
    const r = await c.track('POST', '/api/v2/batch', {
      batch: [
        { type: 'object', action: 'identify', identifiers: { object_type_id: '1', object_id: 'acme' }, attributes: { name: 'Acme' }, cio_relationships: [{ identifiers: { id: 'rel-1' } }] },
        { type: 'object', action: 'identify', identifiers: { object_type_id: '0', object_id: 'bad' } },
      ],
    })
    expect(r.status).toBe(207)
    expect(r.json.errors[0].batch_index).toBe(1)
    const rels = (await c.app('GET', '/v1/customers/rel-1/relationships')).json.cio_relationships
    expect(rels[0].identifiers).toMatchObject({ object_type_id: '1', object_id: 'acme' })
  })
})

describe('processing lag between a Track write and its App read', () => {
  it('a write acknowledged with 200 is invisible to the App API until the lag has passed', async () => {
    await c.admin('PUT', '/__sandbox/faults', { processingLagMs: 300 })
    try {
      expect((await c.track('PUT', '/api/v1/customers/lagged', { plan: 'slow' })).status).toBe(200)
      expect((await c.app('GET', '/v1/customers/lagged/attributes')).status).toBe(404)
      await new Promise((r) => setTimeout(r, 450))
      expect((await attrs('lagged')).attributes.plan).toBe('slow')
    } finally {
      await c.admin('PUT', '/__sandbox/faults', { processingLagMs: 0 })
    }
  })
})
