// The workspace activity feed GET /v1/activities over real HTTP: every kind of change is recorded
// whichever API made it (Track v1, Track v2 entity/batch, Pipelines, App), attribute_change carries exact
// from/to, the filters, limits and keyset paging behave like the other App lists, and deleted people
// keep their identifiers but appear only with deleted=true. Window and upgrade: activity-window.test.ts.

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { APIClient } from 'customerio-node'
import { startClient, type Client, type Json } from './helpers'

let c: Client
beforeAll(async () => {
  c = await startClient({ people: 50 })
})
afterAll(() => c.close())

async function feed(query = ''): Promise<{ activities: Json[]; next?: string }> {
  const r = await c.app('GET', '/v1/activities' + query)
  expect(r.status, `${query}: ${r.text}`).toBe(200)
  return r.json
}
/** Everything the feed holds for one live person (or, with extra '&deleted=true', a deleted one), newest first. */
const of = async (id: string, extra = ''): Promise<Json[]> => (await feed(`?customer_id=${encodeURIComponent(id)}&limit=100${extra}`)).activities
const brief = (list: Json[]): Json[] => list.map((a) => [a.type, a.name, a.data])
const seqOf = (a: Json): number => Number(String(a.id).slice(1))
const v2 = (op: Json) => c.track('POST', '/api/v2/entity', op).then((r) => expect(r.status, r.text).toBe(200))
const batch = (ops: Json[]) => c.track('POST', '/api/v2/batch', { batch: ops }).then((r) => expect(r.status, r.text).toBe(200))

describe('GET /v1/activities', () => {
  it('seeding writes no activities; the endpoint is App-realm only', async () => {
    expect(await feed()).toEqual({ activities: [] })
    expect((await c.admin('POST', '/__sandbox/seed', { people: 200 })).status).toBe(200)
    expect(await feed()).toEqual({ activities: [] })
    expect((await c.track('GET', '/v1/activities')).status).toBe(401)
    expect((await c.cdp('GET', '/v1/activities')).status).toBe(401)
    // The SDK's listActivities speaks to it as to the real API.
    const api = new APIClient(c.h.appApiKey, { url: `${c.h.url}/v1` })
    expect(await api.listActivities({ limit: 5, deleted: false })).toEqual({ activities: [] })
  })

  it('Track v1: profile_create, attribute_change with from/to, events, pages, device changes', async () => {
    await c.track('PUT', '/api/v1/customers/t1', { email: 't1@example.com', plan: 'free' })
    await c.track('PUT', '/api/v1/customers/t1', { email: 't1b@example.com', plan: 'pro', seats: 3 })
    await c.track('PUT', '/api/v1/customers/t1', { seats: 3 }) // no change, no activity
    await c.track('PUT', '/api/v1/customers/t1', { plan: null, tags: ['a'] })
    await c.track('POST', '/api/v1/customers/t1/events', { name: 'purchase', data: { amount: 5 }, id: '01HFEEDEVENT0000000000001', timestamp: 1600000000 })
    await c.track('POST', '/api/v1/customers/t1/events', { name: 'https://x.example/a', type: 'page' })
    await c.track('PUT', '/api/v1/customers/t1/devices', { device: { id: 'tok-t1', platform: 'ios' } })
    await c.track('PUT', '/api/v1/customers/t1/devices', { device: { id: 'tok-t1', platform: 'ios', last_used: 1700000000 } })
    await c.track('DELETE', '/api/v1/customers/t1/devices/tok-t1')
    await c.track('DELETE', '/api/v1/customers/t1/devices/never-had-it') // no change, no activity
    const list = await of('t1')
    expect(brief(list)).toEqual([
      ['device_change', null, { token: 'tok-t1', platform: 'ios', action: 'delete' }],
      ['device_change', null, { token: 'tok-t1', platform: 'ios', action: 'update' }],
      ['device_change', null, { token: 'tok-t1', platform: 'ios', action: 'add' }],
      ['page', 'https://x.example/a', {}],
      ['event', 'purchase', { amount: 5 }],
      ['attribute_change', null, { plan: { from: 'pro', to: '' }, tags: { from: '', to: '["a"]' } }],
      ['attribute_change', null, { email: { from: 't1@example.com', to: 't1b@example.com' }, plan: { from: 'free', to: 'pro' }, seats: { from: '', to: '3' } }],
      ['attribute_change', null, { plan: { from: '', to: 'free' } }],
      ['profile_create', null, {}],
    ])
    const cioId = (await c.app('GET', '/v1/customers/t1/attributes')).json.customer.identifiers.cio_id
    for (const a of list) {
      expect(Object.keys(a).sort()).toEqual(['customer_id', 'customer_identifiers', 'data', 'id', 'name', 'timestamp', 'type', ...(a.type === 'event' ? ['event_id'] : [])].sort())
      expect(a).toMatchObject({ id: expect.any(String), customer_id: 't1', customer_identifiers: { id: 't1', email: 't1b@example.com', cio_id: cioId } })
      expect(Number.isInteger(a.timestamp)).toBe(true)
    }
    expect(list.find((a) => a.type === 'event')).toMatchObject({ event_id: '01HFEEDEVENT0000000000001', timestamp: 1600000000 })
    expect(new Set(list.map((a) => a.id)).size).toBe(list.length)
    // The per-person endpoint reads the same log with the same ids.
    const own = (await c.app('GET', '/v1/customers/t1/activities?limit=100')).json.activities
    expect(own).toEqual(list)
    expect((await c.app('GET', '/v1/customers/t1/activities?type=attribute_change&limit=1')).json.activities[0].data).toEqual(list[5].data)
  })

  it('Track v2 entity and batch: identify, events, devices, a device moving between people, merge', async () => {
    await v2({ type: 'person', action: 'identify', identifiers: { id: 'v2-1' }, attributes: { plan: 'basic' }, timestamp: 1650000000 })
    await batch([
      { type: 'person', action: 'identify', identifiers: { id: 'v2-1' }, attributes: { plan: 'pro', email: 'v2one@example.com' } },
      { type: 'person', action: 'event', identifiers: { id: 'v2-1' }, name: 'signup', attributes: { via: 'v2' } },
      { type: 'person', action: 'screen', identifiers: { id: 'v2-1' }, name: 'home' },
      { type: 'person', action: 'add_device', identifiers: { id: 'v2-1' }, device: { token: 'tok-move', platform: 'android' } },
      { type: 'person', action: 'identify', identifiers: { id: 'v2-2' }, attributes: {} },
      { type: 'person', action: 'event', identifiers: { id: 'v2-2' }, name: 'browse' },
      { type: 'person', action: 'add_device', identifiers: { id: 'v2-2' }, device: { token: 'tok-move', platform: 'ios' } },
    ])
    const first = await of('v2-1')
    // A change is stamped when it was applied, not with the client's (here backdated) timestamp, so
    // profile activities never go back in time along the feed; events keep their own timestamps.
    const recent = Math.floor(Date.now() / 1000) - 60
    expect(first.at(-2)).toMatchObject({ type: 'attribute_change', data: { plan: { from: '', to: 'basic' } } })
    expect(first.at(-2).timestamp).toBeGreaterThan(recent)
    expect(first.at(-1)).toMatchObject({ type: 'profile_create' })
    expect(first.at(-1).timestamp).toBeGreaterThan(recent)
    expect(brief(first.slice(0, 4))).toEqual([
      ['device_change', null, { token: 'tok-move', platform: 'android', action: 'delete' }], // moved to v2-2
      ['device_change', null, { token: 'tok-move', platform: 'android', action: 'add' }],
      ['screen', 'home', {}],
      ['event', 'signup', { via: 'v2' }],
    ])
    expect(first[4].data).toEqual({ email: { from: '', to: 'v2one@example.com' }, plan: { from: 'basic', to: 'pro' } })
    expect(brief(await of('v2-2'))).toEqual([
      ['device_change', null, { token: 'tok-move', platform: 'ios', action: 'add' }],
      ['event', 'browse', {}],
      ['profile_create', null, {}],
    ])
    const secondaryCio = (await c.app('GET', '/v1/customers/v2-2/attributes')).json.customer.identifiers.cio_id
    await batch([{ type: 'person', action: 'merge', primary: { id: 'v2-1' }, secondary: { id: 'v2-2' } }])
    const merged = await of('v2-1')
    expect(merged[0]).toMatchObject({ type: 'profile_merge', customer_id: 'v2-1', data: { secondary: { id: 'v2-2', email: null, cio_id: secondaryCio } } })
    // The secondary's history now belongs to the primary; the secondary is simply gone (no profile_delete).
    expect(merged.filter((a) => a.name === 'browse')).toHaveLength(1)
    expect(merged.every((a) => a.customer_id === 'v2-1' && a.customer_identifiers.email === 'v2one@example.com')).toBe(true)
    expect(await of('v2-2')).toEqual([])
    expect((await feed('?deleted=true&customer_id=v2-2&limit=100')).activities).toEqual([])
  })

  it('Pipelines and the App API record through the same stores; anonymous activity has no customer', async () => {
    await c.cdp('POST', '/v1/identify', { userId: 'p-1', traits: { email: 'p1@example.com', plan: 'free' } })
    await c.cdp('POST', '/v1/track', { userId: 'p-1', event: 'signup', properties: { a: 1 }, messageId: 'm-1' })
    await c.cdp('POST', '/v1/batch', {
      batch: [
        { type: 'identify', userId: 'p-1', traits: { plan: 'pro' } },
        { type: 'track', userId: 'p-1', event: 'Device Created or Updated', context: { device: { token: 'tok-p1', type: 'android' } } },
        { type: 'page', userId: 'p-1', name: 'pricing' },
      ],
    })
    expect(brief(await of('p-1'))).toEqual([
      ['page', 'pricing', {}],
      ['device_change', null, { token: 'tok-p1', platform: 'android', action: 'add' }],
      ['attribute_change', null, { plan: { from: 'free', to: 'pro' } }],
      ['event', 'signup', { a: 1 }],
      ['attribute_change', null, { plan: { from: '', to: 'free' } }],
      ['profile_create', null, {}],
    ])
    expect((await of('p-1')).find((a) => a.name === 'signup').event_id).toBe('pipelines:m-1')

    // App API: a transactional send to somebody unknown creates them.
    expect((await c.app('POST', '/v1/send/email', { transactional_message_id: 'welcome', to: 'new@example.com', identifiers: { id: 'app-new' } })).status).toBe(200)
    expect(brief(await of('app-new'))).toEqual([['profile_create', null, {}]])

    await c.track('POST', '/api/v1/events', { name: 'visit', anonymous_id: 'anon-feed' })
    const anon = (await feed('?name=visit')).activities
    expect(anon).toEqual([expect.objectContaining({ type: 'event', name: 'visit', customer_id: null, customer_identifiers: null })])
    // Identifying with the anonymous_id gives the person that activity.
    await c.track('PUT', '/api/v1/customers/anon-owner', { anonymous_id: 'anon-feed' })
    expect((await feed('?name=visit')).activities[0]).toMatchObject({ id: anon[0].id, customer_id: 'anon-owner' })
  })

  it('filters: type, name, customer_id with id_type; unknown people give an empty list', async () => {
    await c.track('PUT', '/api/v1/customers/f1', { email: 'F1@Example.com' })
    await c.track('POST', '/api/v1/customers/f1/events', { name: 'filter-me' })
    const cio = (await c.app('GET', '/v1/customers/f1/attributes')).json.customer.identifiers.cio_id
    for (const q of ['customer_id=f1', 'customer_id=f1%40example.com&id_type=email', `customer_id=${cio}&id_type=cio_id`, `customer_id=cio_${cio}&id_type=cio_id`]) {
      expect(brief((await feed('?' + q)).activities), q).toEqual([['event', 'filter-me', {}], ['profile_create', null, {}]])
    }
    expect((await feed('?name=filter-me')).activities.map((a) => a.customer_id)).toEqual(['f1'])
    const types = (await feed('?type=profile_create&limit=100')).activities
    expect(types.length).toBeGreaterThan(3)
    expect(types.every((a) => a.type === 'profile_create')).toBe(true)
    expect((await feed('?type=profile_create&customer_id=f1')).activities).toHaveLength(1)
    expect((await feed('?type=nothing-like-this')).activities).toEqual([])
    expect(await feed('?customer_id=nobody-at-all')).toEqual({ activities: [] })
    expect(await feed('?customer_id=nobody%40example.com&id_type=email')).toEqual({ activities: [] })
    expect(await feed('?customer_id=zz&id_type=cio_id')).toEqual({ activities: [] })
    for (const bad of ['?id_type=phone&customer_id=%2B15555550100', '?id_type=nope&customer_id=x', '?deleted=maybe', '?start=garbage']) {
      const r = await c.app('GET', '/v1/activities' + bad)
      expect(r.status, bad).toBe(400)
      expect(r.json.errors[0]).toEqual(expect.objectContaining({ detail: expect.any(String), status: '400' }))
    }
  })

  it('limit: default 10, clamped to 100, 400 when not a positive integer', async () => {
    await batch(Array.from({ length: 120 }, (_, i) => ({ type: 'person', action: 'event', identifiers: { id: 'lim' }, name: 'tick', attributes: { i } })))
    expect((await feed()).activities).toHaveLength(10)
    expect((await feed('?limit=500')).activities).toHaveLength(100)
    expect((await feed('?limit=3')).activities).toHaveLength(3)
    for (const bad of ['0', '-1', 'abc', '1.5']) {
      const r = await c.app('GET', `/v1/activities?limit=${bad}`)
      expect(r.status, bad).toBe(400)
      expect(r.json.errors[0].status).toBe('400')
    }
    expect((await c.app('GET', '/v1/activities?customer_id=nobody&limit=0')).status).toBe(400)
  })

  it('pages with start/next: every activity exactly once, newest first, whatever the page size', async () => {
    const walk = async (query: string): Promise<Json[]> => {
      const all: Json[] = []
      let start: string | undefined
      do {
        const page = await feed(`?${query}${start ? `&start=${encodeURIComponent(start)}` : ''}`)
        all.push(...page.activities)
        if (page.next) expect(page.activities.length).toBeGreaterThan(0)
        start = page.next
      } while (start)
      return all
    }
    const big = await walk('limit=100')
    expect(big.length).toBeGreaterThan(150)
    expect(new Set(big.map((a) => a.id)).size).toBe(big.length)
    const seqs = big.map(seqOf)
    expect(seqs).toEqual([...seqs].sort((a, b) => b - a))
    expect(await walk('limit=7')).toEqual(big)
    const ticks = await walk('name=tick&limit=100')
    expect(ticks.map((a) => a.data.i)).toEqual(Array.from({ length: 120 }, (_, i) => 119 - i))
    // The last page carries no next.
    const last = await feed(`?name=tick&limit=100&start=${encodeURIComponent((await feed('?name=tick&limit=100')).next!)}`)
    expect(last.activities).toHaveLength(20)
    expect(last.next).toBeUndefined()
  })

  it('deleted, suppressed people: their activities keep their identifiers and appear only with deleted=true', async () => {
    await c.track('PUT', '/api/v1/customers/del-1', { email: 'del1@example.com', plan: 'free' })
    await c.track('POST', '/api/v1/customers/del-1/events', { name: 'before-delete' })
    const cio = (await c.app('GET', '/v1/customers/del-1/attributes')).json.customer.identifiers.cio_id
    const live = await of('del-1')
    await c.track('DELETE', '/api/v1/customers/del-1')
    expect(await of('del-1')).toEqual([])
    expect((await feed('?limit=100&name=before-delete')).activities).toEqual([])
    const gone = await of('del-1', '&deleted=true')
    expect(brief(gone)).toEqual([['profile_delete', null, {}], ...brief(live)])
    for (const a of gone) expect(a).toMatchObject({ customer_id: 'del-1', customer_identifiers: { id: 'del-1', email: 'del1@example.com', cio_id: cio } })
    expect(gone.slice(1).map((a) => a.id)).toEqual(live.map((a) => a.id))
    expect((await feed('?deleted=true&customer_id=DEL1%40example.com&id_type=email&limit=100')).activities).toEqual(gone)
    expect((await feed(`?deleted=true&customer_id=${cio}&id_type=cio_id&limit=100`)).activities).toEqual(gone)
    const deletedOnly = (await feed('?deleted=true&limit=100')).activities
    expect(deletedOnly.every((a) => a.customer_id !== null)).toBe(true)

    // Suppression deletes too (Track v2 here); Pipelines "User Deleted" likewise.
    await v2({ type: 'person', action: 'identify', identifiers: { id: 'sup-1' }, attributes: { email: 'sup1@example.com' } })
    await v2({ type: 'person', action: 'suppress', identifiers: { id: 'sup-1' } })
    await c.cdp('POST', '/v1/identify', { userId: 'pdel', traits: {} })
    await c.cdp('POST', '/v1/track', { userId: 'pdel', event: 'User Deleted' })
    for (const id of ['sup-1', 'pdel']) {
      expect(await of(id)).toEqual([])
      expect((await of(id, '&deleted=true'))[0]).toMatchObject({ type: 'profile_delete', customer_id: id })
    }
    expect((await of('sup-1', '&deleted=true'))[0].customer_identifiers.email).toBe('sup1@example.com')
  })

  it('a person created after a deletion never inherits the deleted person’s activities', async () => {
    // SQLite may hand the newest person's pk (and so its cio_id) to the next person once it is deleted.
    await c.track('PUT', '/api/v1/customers/reuse-a', { plan: 'a' })
    await c.track('DELETE', '/api/v1/customers/reuse-a')
    await c.track('PUT', '/api/v1/customers/reuse-b', {})
    const b = await of('reuse-b')
    expect(brief(b)).toEqual([['profile_create', null, {}]])
    const cio = b[0].customer_identifiers.cio_id
    expect(brief((await c.app('GET', `/v1/customers/${cio}/activities?id_type=cio_id`)).json.activities)).toEqual([['profile_create', null, {}]])
    expect((await of('reuse-a', '&deleted=true')).map((a) => a.customer_id)).toEqual(['reuse-a', 'reuse-a', 'reuse-a'])
  })

  it('never hands a deleted person’s cio_id to a new person (Customer.io never reuses one)', async () => {
    await c.track('PUT', '/api/v1/customers/reuse-c', { plan: 'c' })
    const gone = (await of('reuse-c'))[0].customer_identifiers.cio_id
    await c.track('DELETE', '/api/v1/customers/reuse-c')
    await c.track('PUT', '/api/v1/customers/reuse-d', { plan: 'd' })
    const fresh = (await of('reuse-d'))[0].customer_identifiers.cio_id
    expect(fresh).not.toBe(gone)
    expect((await c.app('GET', `/v1/customers/${gone}/attributes?id_type=cio_id`)).status).toBe(404)
  })
})
