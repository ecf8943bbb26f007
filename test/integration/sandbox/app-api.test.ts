// App API behaviour: the errors envelope, 404/204/400, pagination across pages with the documented
// maxima, exports null → pending → done, collections, bulk attributes, sends' meta envelope, triggers.

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startClient, type Client, type Json } from './helpers'

let c: Client
beforeAll(async () => {
  c = await startClient({ people: 2600 })
})
afterAll(() => c.close())

describe('App API', () => {
  it('404s and 400s use {"errors":[{"detail","status":"<string>"}]}', async () => {
    for (const path of ['/v1/customers/nobody/attributes', '/v1/segments/999', '/v1/collections/999', '/v1/exports/999', '/v1/campaigns/999', '/v1/messages/nope', '/v1/nothing-here']) {
      const r = await c.app('GET', path)
      expect(r.status, path).toBe(404)
      expect(r.json.errors[0]).toEqual(expect.objectContaining({ detail: expect.any(String), status: '404' }))
    }
    const phone = await c.app('GET', '/v1/customers/x/attributes?id_type=phone')
    expect(phone.status).toBe(400)
    expect(phone.json.errors[0].status).toBe('400')
    expect((await c.app('POST', '/v1/customers', { filter: { attribute: { field: 'plan', operator: 'gt', value: '1' } } })).status).toBe(400)
    expect((await c.app('POST', '/v1/customers', { filter: { and: [], or: [] } })).status).toBe(400)
    expect((await c.app('POST', '/v1/segments', { segment: {} })).status).toBe(400)
  })

  it('paginates people search across pages with start/limit/next, clamping limit to 1000', async () => {
    const seen = new Set<string>()
    let start: string | undefined
    let pages = 0
    do {
      const r = await c.app('POST', `/v1/customers?limit=1000${start ? `&start=${encodeURIComponent(start)}` : ''}`, { filter: { attribute: { field: 'email', operator: 'exists' } } })
      expect(r.status).toBe(200)
      expect(r.json.identifiers.length).toBe(r.json.ids.length)
      for (const i of r.json.identifiers) seen.add(i.cio_id)
      start = r.json.next
      pages++
    } while (start)
    expect(pages).toBe(3)
    expect(seen.size).toBe(2600)
    const clamped = await c.app('POST', '/v1/customers?limit=5000', { filter: { attribute: { field: 'email', operator: 'exists' } } })
    expect(clamped.json.identifiers).toHaveLength(1000)
    expect((await c.app('POST', '/v1/customers', { filter: { attribute: { field: 'email', operator: 'exists' } } })).json.identifiers).toHaveLength(50)
    expect((await c.app('POST', '/v1/customers?start=garbage', { filter: { segment: { id: 1 } } })).status).toBe(400)
  })

  it('segment membership pages match customer_count; filter {segment} agrees', async () => {
    const count = (await c.app('GET', '/v1/segments/4/customer_count')).json.count
    expect(count).toBeGreaterThan(0)
    let total = 0
    let start: string | undefined
    do {
      const r = await c.app('GET', `/v1/segments/4/membership?limit=100${start ? `&start=${start}` : ''}`)
      total += r.json.ids.length
      start = r.json.next
    } while (start)
    expect(total).toBe(count)
    let viaSearch = 0
    start = undefined
    do {
      const r = await c.app('POST', `/v1/customers?limit=1000${start ? `&start=${start}` : ''}`, { filter: { and: [{ segment: { id: 4 } }, { attribute: { field: 'country', operator: 'eq', value: 'US' } }] } })
      viaSearch += r.json.ids.length
      start = r.json.next
    } while (start)
    expect(viaSearch).toBe(count)
  })

  it('a Track change moves a person in and out of a data-driven segment', async () => {
    await c.track('PUT', '/api/v1/customers/mover', { plan: 'pro' })
    expect((await c.app('GET', '/v1/customers/mover/segments')).json.segments.map((s: Json) => s.id)).toEqual([2, 6])
    await c.track('PUT', '/api/v1/customers/mover', { plan: 'free' })
    expect((await c.app('GET', '/v1/customers/mover/segments')).json.segments).toEqual([])
  })

  it('segment create/get/delete: 204 with no body, then 404; data-driven cannot be deleted', async () => {
    const created = (await c.app('POST', '/v1/segments', { segment: { name: 'Temp', description: 'd' } })).json.segment
    expect(created).toMatchObject({ name: 'Temp', type: 'manual', state: 'finished' })
    const del = await c.app('DELETE', `/v1/segments/${created.id}`)
    expect(del.status).toBe(204)
    expect(del.text).toBe('')
    expect((await c.app('GET', `/v1/segments/${created.id}`)).status).toBe(404)
    expect((await c.app('DELETE', '/v1/segments/2')).status).toBe(400)
  })

  it('exports: {"exports": null} when none; pending with total 0 → done with total', async () => {
    expect((await c.app('GET', '/v1/exports')).json).toEqual({ exports: null })
    expect((await c.app('POST', '/v1/exports/customers', { filter: { segment: { id: 1 } } })).status).toBe(400)
    const e = (await c.app('POST', '/v1/exports/customers', { filters: { segment: { id: 1 } }, attributes: ['plan', 'first_name'] })).json.export
    expect(e).toMatchObject({ status: 'pending', total: 0 })
    expect((await c.app('GET', `/v1/exports/${e.id}/download`)).status).toBe(400)
    await new Promise((r) => setTimeout(r, 60))
    const done = (await c.app('GET', `/v1/exports/${e.id}`)).json.export
    expect(done.status).toBe('done')
    expect(done.total).toBe((await c.app('GET', '/v1/segments/1/customer_count')).json.count)
    const { url } = (await c.app('GET', `/v1/exports/${e.id}/download`)).json
    const csv = await (await fetch(url)).text()
    expect(csv.split('\n')[0]).toBe('cio_id,id,email,plan,first_name')
    expect(csv.trim().split('\n')).toHaveLength(done.total + 1)
    expect((await fetch(url.replace(/signature=[0-9a-f]+/, 'signature=00'))).status).toBe(403)
    const deliveries = (await c.app('POST', '/v1/exports/deliveries', { campaign_id: 1 })).json.export
    expect(deliveries.type).toBe('deliveries')
    expect((await c.app('POST', '/v1/exports/deliveries', { campaign_id: 1, newsletter_id: 1 })).status).toBe(400)
  })

  it('collections: create, get, update, content, delete 204, limits', async () => {
    const col = (await c.app('POST', '/v1/collections', { name: 'plans', data: [{ plan: 'pro', price: 10 }, { plan: 'free', price: 0 }] })).json.collection
    expect(col).toMatchObject({ name: 'plans', rows: 2, schema: ['plan', 'price'] })
    expect((await c.app('GET', `/v1/collections/${col.id}/content`)).json).toEqual([{ plan: 'pro', price: 10 }, { plan: 'free', price: 0 }])
    expect((await c.app('PUT', `/v1/collections/${col.id}`, { name: 'plans-2' })).json.collection.name).toBe('plans-2')
    expect((await c.app('PUT', `/v1/collections/${col.id}/content`, [{ a: 1 }])).json.collection).toMatchObject({ rows: 1, schema: ['a'] })
    expect((await c.app('POST', '/v1/collections', { name: 'big-row', data: [{ x: 'y'.repeat(10 * 1024) }] })).status).toBe(400)
    expect((await c.app('POST', '/v1/collections', { data: [] })).status).toBe(400)
    expect((await c.app('DELETE', `/v1/collections/${col.id}`)).status).toBe(204)
    expect((await c.app('GET', `/v1/collections/${col.id}`)).status).toBe(404)
  })

  it('bulk attributes (≤100 ids, unknown omitted) and lookup by email with the + pitfall', async () => {
    const some = (await c.app('GET', '/v1/segments/1/membership?limit=3')).json.ids
    const bulk = await c.app('POST', '/v1/customers/attributes', { ids: [...some, 'missing-id'] })
    expect(bulk.json.customers.map((x: Json) => x.customer.id)).toEqual(some)
    expect((await c.app('POST', '/v1/customers/attributes', { ids: Array.from({ length: 101 }, (_, i) => String(i)) })).status).toBe(400)
    await c.track('PUT', '/api/v1/customers/plus', { email: 'jane+x@example.com' })
    expect((await c.app('GET', '/v1/customers?email=jane+x@example.com')).json).toEqual({ results: [] })
    expect((await c.app('GET', `/v1/customers?email=${encodeURIComponent('jane+x@example.com')}`)).json.results[0].id).toBe('plus')
  })

  it('transactional sends use {"meta":{"error"}} and record deliveries', async () => {
    const ok = await c.app('POST', '/v1/send/email', { transactional_message_id: 'WELCOME', to: 'a@example.com', identifiers: { id: 'sender-1' } })
    expect(ok.json).toEqual({ delivery_id: expect.any(String), queued_at: expect.any(Number) })
    const msg = (await c.app('GET', `/v1/messages/${ok.json.delivery_id}`)).json.message
    expect(msg).toMatchObject({ type: 'email', recipient: 'a@example.com', customer_id: 'sender-1' })
    expect((await c.app('POST', '/v1/send/sms', { transactional_message_id: 'otp', to: '555-0100', identifiers: { id: 'sender-1' } })).json).toEqual({ meta: { error: 'Invalid phone number format. Phone numbers must be in E.164 format.' } })
    expect((await c.app('POST', '/v1/send/email', { transactional_message_id: 'welcome', to: 'a@example.com', identifiers: { id: 'a', email: 'b' } })).status).toBe(400)
    expect((await c.app('POST', '/v1/send/push', { transactional_message_id: 'welcome', identifiers: { id: 'a' } })).status).toBe(400)
    expect((await c.app('POST', '/v1/send/email', { transactional_message_id: 'nope', to: 'a@x.com', identifiers: { id: 'a' } })).status).toBe(404)
    const many = Array.from({ length: 16 }, (_, i) => `r${i}@x.com`).join(',')
    expect((await c.app('POST', '/v1/send/email', { transactional_message_id: 1, to: many, identifiers: { id: 'a' } })).status).toBe(400)
    const exe = await c.app('POST', '/v1/send/email', { transactional_message_id: 1, to: 'a@x.com', identifiers: { id: 'a' }, attachments: { 'run.exe': 'AAAA' } })
    expect(exe.status).toBe(403)
    expect(exe.json.meta.error).toBe('Forbidden file type exe for attachment run.exe.')
    const huge = await c.app('POST', '/v1/send/email', { transactional_message_id: 1, to: 'a@x.com', identifiers: { id: 'a' }, attachments: { 'a.pdf': Buffer.alloc(2 * 1024 * 1024).toString('base64') } })
    expect(huge.status).toBe(413)
    expect((await c.app('POST', '/v1/send/email', { transactional_message_id: 1, to: 'a@x.com', identifiers: { id: 'a' }, attachments: { 'a.pdf': '!!' } })).json.meta.error).toBe('Attachment must be base64 encoded: "a.pdf"')
  })

  it('broadcast triggers: 404 unknown, 422 on an empty recipients filter, trigger status readable', async () => {
    expect((await c.app('POST', '/v1/campaigns/77/triggers', {})).status).toBe(404)
    const empty = await c.app('POST', '/v1/campaigns/1/triggers', { recipients: {} })
    expect(empty.status).toBe(422)
    expect(empty.json.errors[0]).toMatchObject({ detail: 'empty recipients filter is not valid', status: '422' })
    const t = await c.app('POST', '/v1/campaigns/1/triggers', { data: { headline: 'x' }, recipients: { segment: { id: 1 } } })
    expect(t.json).toEqual({ id: expect.any(Number) })
    expect((await c.app('GET', `/v1/campaigns/1/triggers/${t.json.id}`)).json.trigger).toMatchObject({ id: t.json.id, broadcast_id: 1 })
    const pud = await c.app('POST', '/v1/campaigns/1/triggers', { per_user_data: [{ id: 'nobody-at-all', data: {} }] })
    expect(pud.status).toBe(422)
    expect(pud.json.errors[0].source).toEqual({ pointer: '/data/attributes/per_user_data' })
  })

  it('workspaces, campaigns, metrics v2, messages pages', async () => {
    expect((await c.app('GET', '/v1/workspaces')).json.workspaces[0].people).toBeGreaterThanOrEqual(2600)
    const m2 = await c.app('GET', '/v1/campaigns/1/metrics?version=2&res=days')
    expect(m2.json).toMatchObject({ res: 'days', series: expect.objectContaining({ sent: expect.any(Array) }) })
    expect((await c.app('GET', '/v1/campaigns/1/metrics?version=2')).status).toBe(400)
    const p1 = (await c.app('GET', '/v1/messages?limit=100&campaign_id=1')).json
    expect(p1.messages).toHaveLength(100)
    const p2 = (await c.app('GET', `/v1/messages?limit=100&campaign_id=1&start=${p1.next}`)).json
    expect(p2.messages).toHaveLength(100)
    expect(new Set([...p1.messages, ...p2.messages].map((m: Json) => m.id)).size).toBe(200)
    expect(p2.next).toBeUndefined()
  })
})
