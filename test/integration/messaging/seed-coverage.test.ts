// Every request of the seed Postman collection is made by a feature of the app: this test drives
// each feature through the app's own services against a fresh sandbox, then reads the sandbox's
// request log and checks that each seed request was received (and answered 2xx) at least once.
// One deliberate difference: "Trigger an API-driven broadcast" is POST /v1/send/broadcast in the
// collection, an endpoint Customer.io does not have (docs/customerio-api.md §4.2, §6); the app triggers
// broadcasts at the real POST /v1/campaigns/:id/triggers, and that is what is checked for it.

import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSandbox, type SandboxHandle } from '../../../src-main/sandbox'
import { admin, writeCsv, type RequestLog } from '../import/harness'
import { openMessagingEngine, runImport, type MessagingEngine } from './harness'

const COLLECTION = resolve(__dirname, '../../fixtures/seed/customerio.postman_collection.json')

/** seed request name → the feature that makes it, and the request as the sandbox logs it */
const FEATURES: Record<string, { feature: string; method: string; path: RegExp }> = {
  'Create or update a person': { feature: 'messaging:subscription (unsubscribe/resubscribe)', method: 'PUT', path: /^\/api\/v1\/customers\/[^/]+$/ },
  'Delete a person': { feature: 'messaging:erase', method: 'DELETE', path: /^\/api\/v1\/customers\/[^/]+$/ },
  'Track an anonymous event': { feature: 'messaging:event (anonymousId)', method: 'POST', path: /^\/api\/v1\/events$/ },
  'Track a customer event': { feature: 'messaging:event (pk)', method: 'POST', path: /^\/api\/v1\/customers\/[^/]+\/events$/ },
  'Add or update a device': { feature: 'messaging:deviceadd', method: 'PUT', path: /^\/api\/v1\/customers\/[^/]+\/devices$/ },
  'Delete a device': { feature: 'messaging:deviceremove', method: 'DELETE', path: /^\/api\/v1\/customers\/[^/]+\/devices\/[^/]+$/ },
  'Add people to a manual segment': { feature: 'import --kind segment-members (add)', method: 'POST', path: /^\/api\/v1\/segments\/\d+\/add_customers/ },
  'Remove people from a manual segment': { feature: 'import --kind segment-members (action remove)', method: 'POST', path: /^\/api\/v1\/segments\/\d+\/remove_customers/ },
  'Create, update, or delete an entity (v2)': { feature: 'messaging:reportdelivery', method: 'POST', path: /^\/api\/v2\/entity$/ },
  'Batch entity operations (v2)': { feature: 'import (Track v2 route), changes push', method: 'POST', path: /^\/api\/v2\/batch$/ },
  'Send a transactional email': { feature: 'messaging:send email / cio-sync send email', method: 'POST', path: /^\/v1\/send\/email$/ },
  'Send a transactional push': { feature: 'messaging:send push', method: 'POST', path: /^\/v1\/send\/push$/ },
  'Send a transactional SMS': { feature: 'messaging:send sms', method: 'POST', path: /^\/v1\/send\/sms$/ },
  'Trigger an API-driven broadcast': { feature: 'messaging:broadcasttrigger (real endpoint, see header)', method: 'POST', path: /^\/v1\/campaigns\/\d+\/triggers$/ },
  'Search for people': { feature: 'pull people (small workspace: search + bulk attributes)', method: 'POST', path: /^\/v1\/customers(\?|$)/ },
  "Get a person's attributes": { feature: 'messaging:person (devices, subscription)', method: 'GET', path: /^\/v1\/customers\/[^/]+\/attributes/ },
  "Get a person's segments": { feature: 'messaging:person (live segments)', method: 'GET', path: /^\/v1\/customers\/[^/]+\/segments/ },
  'Get messages sent to a person': { feature: 'messaging:person / messaging:messages {pk, refresh}', method: 'GET', path: /^\/v1\/customers\/[^/]+\/messages/ },
  'List segments': { feature: 'pull segments', method: 'GET', path: /^\/v1\/segments$/ },
  'Create a manual segment': { feature: 'messaging:createsegment', method: 'POST', path: /^\/v1\/segments$/ },
  'List campaigns': { feature: 'pull campaigns', method: 'GET', path: /^\/v1\/campaigns$/ },
  'Get a campaign': { feature: 'messaging:campaign {refresh}', method: 'GET', path: /^\/v1\/campaigns\/\d+$/ },
  'Get campaign metrics': { feature: 'messaging:metrics, pull campaigns', method: 'GET', path: /^\/v1\/campaigns\/\d+\/metrics/ },
  'List sent messages': { feature: 'pull messages, messaging:messages {refresh}', method: 'GET', path: /^\/v1\/messages(\?|$)/ },
  'Export people': { feature: 'pull people --full (export)', method: 'POST', path: /^\/v1\/exports\/customers$/ },
  'List exports': { feature: 'messaging:exports', method: 'GET', path: /^\/v1\/exports$/ },
  'List collections': { feature: 'pull collections', method: 'GET', path: /^\/v1\/collections$/ },
  'Create a collection': { feature: 'import --kind collection (new name)', method: 'POST', path: /^\/v1\/collections$/ },
  'Identify a user': { feature: 'import --kind people --via pipelines (one-call unit)', method: 'POST', path: /^\/v1\/identify$/ },
  'Track an event': { feature: 'import --kind events --via pipelines (one-call unit)', method: 'POST', path: /^\/v1\/track$/ },
  'Batch Pipelines calls': { feature: 'import --kind events --via pipelines', method: 'POST', path: /^\/v1\/batch$/ },
}

interface SeedItem { name: string; item?: SeedItem[]; request?: { method: string } }
function seedRequests(): { name: string; method: string }[] {
  const walk = (items: SeedItem[]): { name: string; method: string }[] => items.flatMap((i) => (i.item ? walk(i.item) : [{ name: i.name, method: i.request!.method }]))
  return walk((JSON.parse(readFileSync(COLLECTION, 'utf8')) as { item: SeedItem[] }).item)
}

let sandbox: SandboxHandle
let e: MessagingEngine

beforeAll(async () => {
  sandbox = await startSandbox({ people: 20 })
  e = await openMessagingEngine(sandbox, 'seed-coverage')
})
afterAll(() => {
  e?.close()
  sandbox?.close()
})

describe('every seed request is made by a feature of the app', () => {
  it('maps all 31 seed requests, with the method the collection uses', () => {
    const seed = seedRequests()
    expect(seed).toHaveLength(31)
    for (const r of seed) {
      expect(FEATURES[r.name], r.name).toBeDefined()
      expect(FEATURES[r.name].method, r.name).toBe(r.method)
    }
  })

  it('makes each of them against the sandbox through the app\'s services', async () => {
    await admin(sandbox, '/__sandbox/requests', { method: 'DELETE' })
    expect((await e.finished(e.jobs.start('pull', 'cli', {}).id)).state).toBe('succeeded')
    expect((await e.finished(e.jobs.start('pull', 'cli', { only: ['people'], full: true }).id)).state).toBe('succeeded')
    const ws = e.workspaceId
    const m = e.messaging
    const pk = (e.mirror.sqlite.prepare("SELECT pk FROM people WHERE ws = (SELECT ws FROM workspaces WHERE id = ?) AND id IS NOT NULL AND email IS NOT NULL AND deleted_at IS NULL ORDER BY pk LIMIT 1").pluck().get(ws)) as number
    const victim = (e.mirror.sqlite.prepare('SELECT pk FROM people WHERE ws = (SELECT ws FROM workspaces WHERE id = ?) AND deleted_at IS NULL ORDER BY pk DESC LIMIT 1').pluck().get(ws)) as number

    // Campaigns screen and messages
    expect((await m.campaigns.get(ws, 'campaign', 1, true)).name).toBe('Welcome series')
    const metrics = await m.campaigns.metrics(ws, { kind: 'campaign', id: 1, period: 'days', refresh: true })
    expect(metrics.series.sent.length).toBeGreaterThan(0)
    expect((await m.messages.list(ws, { offset: 0, limit: 10, refresh: true, type: 'email' })).total).toBeGreaterThan(0)
    const profile = await m.messages.profile(ws, pk)
    expect(profile.messages).toBeGreaterThan(0)
    expect((await m.campaigns.exports(ws)).length).toBeGreaterThan(0)

    // Sends, broadcast, segment
    const email = await m.sends.send(ws, { channel: 'email', person: { pk }, message: 'welcome', data: { name: 'Ada' } })
    expect(email.status).toBe('queued')
    const push = await m.sends.send(ws, { channel: 'push', person: { pk }, message: 2, data: {} })
    expect(push.status).toBe('queued')
    expect((await m.sends.send(ws, { channel: 'sms', person: { pk }, message: 'otp', data: { code: '123456' } })).status).toBe('queued')
    const trigger = await m.broadcasts.trigger(ws, { broadcastId: 1, data: { promo: 'spring' }, audience: { kind: 'default' }, ignoreMissing: false })
    expect(trigger).toMatchObject({ status: 'triggered', waitSeconds: 10 })
    const segment = await m.person.createSegment(ws, { name: 'Broadcast audience', description: 'made by the seed coverage test' })

    // Person actions
    await m.person.addDevice(ws, { pk, token: 'seed-device-token-1', platform: 'ios', attributes: { app_version: '1.0' } })
    expect((await m.person.removeDevice(ws, { pk, token: 'seed-device-token-1' })).devices.map((d) => d.token)).not.toContain('seed-device-token-1')
    expect((await m.person.event(ws, { pk, name: 'signup', data: { source: 'test' } })).status).toBe('accepted')
    expect((await m.person.event(ws, { anonymousId: 'anon-seed-1', name: 'visited', data: {} })).status).toBe('accepted')
    await m.person.subscription(ws, { pk, unsubscribed: true })
    await m.person.reportDelivery(ws, { deliveryId: (push as { deliveryId: string }).deliveryId, metric: 'opened', deviceToken: 'seed-device-token-1' })
    await m.person.erase(ws, { pk: victim })

    // Imports: Track v2 events, segment members in and out, a new collection, the Pipelines route
    const id = e.mirror.sqlite.prepare('SELECT id FROM people WHERE pk = ?').pluck().get(pk) as string
    expect((await runImport(e, writeCsv(e.dir, 'events.csv', [['id', 'event_name'], [id, 'seeded'], [id, 'seeded']]), { kind: 'events', identifierType: 'id' })).push.state).toBe('succeeded')
    expect((await runImport(e, writeCsv(e.dir, 'members.csv', [['id', 'action'], [id, 'add']]), { kind: 'segment-members', identifierType: 'id', segmentId: segment.segment.id })).push.state).toBe('succeeded')
    expect((await runImport(e, writeCsv(e.dir, 'leavers.csv', [['id', 'action'], [id, 'remove']]), { kind: 'segment-members', identifierType: 'id', segmentId: segment.segment.id })).push.state).toBe('succeeded')
    expect((await runImport(e, writeCsv(e.dir, 'stores.csv', [['city', 'street'], ['Lisbon', 'Rua Augusta 1']]), { kind: 'collection', collectionName: 'seed coverage stores' })).push.state).toBe('succeeded')
    expect((await runImport(e, writeCsv(e.dir, 'p-events.csv', [['id', 'event_name'], [id, 'piped'], [id, 'piped']]), { kind: 'events', identifierType: 'id', via: 'pipelines' })).push.state).toBe('succeeded')
    expect((await runImport(e, writeCsv(e.dir, 'p-event.csv', [['id', 'event_name'], [id, 'piped-one']]), { kind: 'events', identifierType: 'id', via: 'pipelines' })).push.state).toBe('succeeded')
    expect((await runImport(e, writeCsv(e.dir, 'p-people.csv', [['id', 'plan'], [id, 'enterprise-seed']]), { kind: 'people', identifierType: 'id', via: 'pipelines' })).push.state).toBe('succeeded')

    const log = (await admin<RequestLog>(sandbox, '/__sandbox/requests?limit=100000')).requests
    const missing: string[] = []
    for (const [name, f] of Object.entries(FEATURES)) {
      const hits = log.filter((r) => r.method === f.method && f.path.test(r.path))
      if (!hits.some((r) => r.status >= 200 && r.status < 300)) missing.push(`${name} (${f.feature}): ${hits.length ? `answered ${hits.map((h) => h.status).join(',')}` : 'never received'}`)
    }
    expect(missing).toEqual([])
    // The collection's alias for broadcasts is never used: the app calls the real endpoint.
    expect(log.some((r) => r.path === '/v1/send/broadcast')).toBe(false)
  }, 180_000)
})
