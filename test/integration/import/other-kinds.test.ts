import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ImportOptions } from '../../../src-main/import/types'
import { startSandbox, type SandboxHandle } from '../../../src-main/sandbox'
import { admin, openImportEngine, tempDir, writeCsv, type ImportEngine, type RequestLog } from './harness'

// The non-people kinds end to end through the ImportService: segment membership, devices,
// relationships and collections — plan, check counts and diff rows, push into the sandbox, read the
// sandbox back through its App API, and plan the same file again to prove what a re-import does.

let sandbox: SandboxHandle
let engine: ImportEngine
const dir = tempDir('other-kinds')
const fixture = (name: string) => `${__dirname}/../../fixtures/csv/${name}`
const sbx = (pk: number) => `sbx-${String(pk).padStart(7, '0')}`

beforeAll(async () => {
  sandbox = await startSandbox({ people: 1200 })
  engine = await openImportEngine(sandbox, 'other-kinds')
  const pulled = await engine.finished(engine.jobs.start('pull', 'cli', { only: ['people', 'segments', 'collections'] }).id)
  expect(pulled.state, pulled.message ?? '').toBe('succeeded')
}, 60_000)
afterAll(async () => {
  engine?.close()
  await sandbox?.close()
})

async function plan(path: string, options: ImportOptions) {
  const { importId, jobId } = engine.imports.plan(engine.workspaceId, { path }, options)
  const done = await engine.finished(jobId)
  expect(done.state, done.message ?? '').toBe('succeeded')
  return { importId, summary: engine.imports.summary(importId) }
}

async function push(importId: string) {
  await admin(sandbox, '/__sandbox/requests', { method: 'DELETE' })
  const done = await engine.finished(engine.imports.push(importId, {}).jobId)
  expect(done.state, done.message ?? '').toBe('succeeded')
  const requests = (await admin<RequestLog>(sandbox, '/__sandbox/requests?limit=10000')).requests.filter((r) => !r.path.startsWith('/__sandbox'))
  return { summary: engine.imports.summary(importId), requests: requests.map((r) => `${r.method} ${r.path} ${r.status}`) }
}

const counts = (s: { create: number; update: number; unchanged: number; invalid: number; duplicates: number }) => ({ create: s.create, update: s.update, unchanged: s.unchanged, invalid: s.invalid, duplicates: s.duplicates })
const rowsOf = (importId: string, bucket?: 'create' | 'update' | 'unchanged' | 'invalid' | 'rejected') => engine.imports.rows({ importId, bucket, offset: 0, limit: 1000 }).rows

/** An App API read, waiting out the sandbox's 10 requests a second. */
async function app<T>(path: string): Promise<{ status: number; body: T }> {
  for (;;) {
    const res = await fetch(`${sandbox.url}${path}`, { headers: { authorization: `Bearer ${sandbox.appApiKey}` } })
    if (res.status === 429) await new Promise((r) => setTimeout(r, 250))
    else return { status: res.status, body: (await res.json()) as T }
  }
}
const members = async (segmentId: number) => new Set((await app<{ ids: string[] }>(`/v1/segments/${segmentId}/membership?limit=30000`)).body.ids)
const mirrorMembers = (ids: string[]) =>
  engine.mirror.sqlite.prepare("SELECT count(*) FROM segment_members m JOIN people p ON p.cio_id = m.cio_id AND m.ws = p.ws WHERE m.segment_id = 1 AND m.left_at IS NULL AND p.id IN (SELECT value FROM json_each(?))").pluck().get(JSON.stringify(ids)) as number

describe('segment-members', () => {
  it('adds by id, removes with the action column, and a re-import of the same file sends nothing', async () => {
    const before = await members(1)
    expect(before.has(sbx(1)) && before.has(sbx(51))).toBe(true) // seeded members
    expect(before.has(sbx(2)) || before.has(sbx(3))).toBe(false)
    const path = writeCsv(dir, 'segment-ids.csv', [['id', 'action'], [sbx(2), 'add'], [sbx(1), ''], [sbx(51), 'Remove'], [sbx(3), 'remove'], [sbx(4), 'maybe']])
    const { importId, summary } = await plan(path, { kind: 'segment-members', identifierType: 'id', segmentId: 1 })
    expect(counts(summary)).toEqual({ create: 1, update: 1, unchanged: 2, invalid: 1, duplicates: 0 })
    expect(summary.segmentsEntered).toEqual([{ id: 1, name: 'Rehearsal list', people: 1 }])
    expect(summary.errors.find((e) => e.row === 6)).toMatchObject({ column: 'action', value: 'maybe' })
    expect(rowsOf(importId, 'create').map((r) => [r.row, r.identifier, r.changes])).toEqual([[2, sbx(2), [{ field: 'segment', to: 1, kind: 'set' }]]])
    expect(rowsOf(importId, 'update').map((r) => [r.row, r.identifier, r.changes])).toEqual([[4, sbx(51), [{ field: 'segment', from: 1, kind: 'clear' }]]])

    const { summary: pushed, requests } = await push(importId)
    expect(pushed.push).toMatchObject({ sent: 2, accepted: 2, rejected: 0, requests: 2, status: 'done' })
    expect(requests.sort()).toEqual(['POST /api/v1/segments/1/add_customers 200', 'POST /api/v1/segments/1/remove_customers 200'])
    const after = await members(1)
    expect([after.has(sbx(2)), after.has(sbx(1)), after.has(sbx(51)), after.has(sbx(3))]).toEqual([true, true, false, false])

    const again = await plan(path, { kind: 'segment-members', identifierType: 'id', segmentId: 1 })
    expect(counts(again.summary)).toEqual({ create: 0, update: 0, unchanged: 4, invalid: 1, duplicates: 0 })
    expect((await push(again.importId)).requests).toEqual([])
  })

  it('adds by email with id_type=email', async () => {
    const people = engine.mirror.sqlite.prepare('SELECT id, email FROM people WHERE id IN (?, ?)').all(sbx(5), sbx(6)) as { id: string; email: string }[]
    const path = writeCsv(dir, 'segment-emails.csv', [['Email Address'], ...people.map((p) => [p.email.toUpperCase()])])
    const { importId, summary } = await plan(path, { kind: 'segment-members', identifierType: 'email', segmentId: 1 })
    expect(counts(summary)).toEqual({ create: 2, update: 0, unchanged: 0, invalid: 0, duplicates: 0 })
    const { requests } = await push(importId)
    expect(requests).toEqual(['POST /api/v1/segments/1/add_customers 200'])
    const after = await members(1)
    expect(people.map((p) => after.has(p.id))).toEqual([true, true])
  })

  it('sends more than 1000 ids in calls of at most 1000', async () => {
    const ids = Array.from({ length: 1100 }, (_, i) => sbx(100 + i))
    const already = mirrorMembers(ids)
    const { importId, summary } = await plan(writeCsv(dir, 'segment-many.csv', [['id'], ...ids.map((id) => [id])]), { kind: 'segment-members', identifierType: 'id', segmentId: 1 })
    expect(counts(summary)).toEqual({ create: 1100 - already, update: 0, unchanged: already, invalid: 0, duplicates: 0 })
    const { summary: pushed, requests } = await push(importId)
    expect(requests).toEqual(['POST /api/v1/segments/1/add_customers 200', 'POST /api/v1/segments/1/add_customers 200'])
    expect(pushed.push).toMatchObject({ sent: 1100 - already, accepted: 1100 - already, requests: 2 })
    const after = await members(1)
    expect(ids.filter((id) => !after.has(id))).toEqual([])
  })

  it('refuses an id_type mix-up with a clear error before anything is sent', async () => {
    // the sample file identifies people by email; asked for ids, no column can say who a row is
    const asIds = await plan(fixture('segment-members.csv'), { kind: 'segment-members', identifierType: 'id', segmentId: 1 })
    expect(counts(asIds.summary)).toEqual({ create: 0, update: 0, unchanged: 0, invalid: 3, duplicates: 0 })
    expect(asIds.summary.errors[0]).toMatchObject({ row: 0, message: expect.stringContaining('no column holds the id identifier') })
    // an id column declared as emails: every value is refused as not an email address
    const asEmails = await plan(writeCsv(dir, 'ids-as-emails.csv', [['id'], [sbx(7)]]), { kind: 'segment-members', identifierType: 'email', segmentId: 1, map: { id: 'email' } })
    expect(counts(asEmails.summary)).toEqual({ create: 0, update: 0, unchanged: 0, invalid: 1, duplicates: 0 })
    expect(asEmails.summary.errors[0]).toMatchObject({ row: 2, column: 'id', value: sbx(7), message: expect.stringContaining('is not an email address') })
  })

  it('an unknown segment id is refused at plan time, and nothing is sent', async () => {
    const { importId, summary } = await plan(writeCsv(dir, 'segment-unknown.csv', [['customer_id'], [sbx(8)]]), { kind: 'segment-members', identifierType: 'id', segmentId: 999 })
    expect(counts(summary)).toEqual({ create: 0, update: 0, unchanged: 0, invalid: 1, duplicates: 0 })
    expect(summary.errors[0]).toMatchObject({ row: 0, message: expect.stringContaining('segment 999') })
    const { requests } = await push(importId)
    expect(requests).toEqual([])
    const dynamic = await plan(writeCsv(dir, 'segment-dynamic.csv', [['customer_id'], [sbx(8)]]), { kind: 'segment-members', identifierType: 'id', segmentId: 2 })
    expect(dynamic.summary.errors[0].message).toContain('segment 2 ("Pro plan") is data-driven')
    const none = await plan(writeCsv(dir, 'segment-none.csv', [['customer_id'], [sbx(8)]]), { kind: 'segment-members', identifierType: 'id' })
    expect(none.summary.invalid).toBe(1)
    expect(none.summary.errors[0]).toMatchObject({ row: 0, message: expect.stringContaining('no segment chosen') })
  })
})

type Device = { id: string; platform: string; last_used: number; attributes: Record<string, string> }
const devicesOf = async (id: string) => (await app<{ customer: { devices: Device[] } }>(`/v1/customers/${encodeURIComponent(id)}/attributes?id_type=id`)).body.customer.devices
const state = () => admin<{ devices: number; objects: number; collections: number }>(sandbox, '/__sandbox/state')

describe('devices', () => {
  it('adds ios and android devices with last_used and attributes; a re-import resends the same devices and changes nothing', async () => {
    const path = fixture('devices.csv')
    const { importId, summary } = await plan(path, { kind: 'devices', identifierType: 'id' })
    expect(counts(summary)).toEqual({ create: 2, update: 0, unchanged: 0, invalid: 0, duplicates: 0 })
    const lastUsed = Date.UTC(2024, 4, 1) / 1000
    expect(rowsOf(importId, 'create').map((r) => [r.identifier, r.changes.map((c) => [c.field, c.to])])).toEqual([
      ['42', [['device_token', 'tok-ios-1'], ['platform', 'ios'], ['last_used', lastUsed], ['attributes.app_version', '3.2.1']]],
      ['43', [['device_token', 'tok-android-1'], ['platform', 'android'], ['attributes.app_version', '3.1.0']]],
    ])
    const { summary: pushed, requests } = await push(importId)
    expect(pushed.push).toMatchObject({ sent: 2, accepted: 2, rejected: 0, requests: 1 })
    expect(requests).toEqual(['POST /api/v2/batch 200'])
    expect(await devicesOf('42')).toEqual([{ id: 'tok-ios-1', platform: 'ios', last_used: lastUsed, attributes: { app_version: '3.2.1' } }])
    expect(await devicesOf('43')).toMatchObject([{ id: 'tok-android-1', platform: 'android', attributes: { app_version: '3.1.0' } }])

    // add_device is an upsert (ops.ts): the same file again is planned and sent again, harmlessly
    const devicesBefore = (await state()).devices
    const again = await plan(path, { kind: 'devices', identifierType: 'id' })
    expect(counts(again.summary)).toEqual({ create: 2, update: 0, unchanged: 0, invalid: 0, duplicates: 0 })
    expect((await push(again.importId)).summary.push).toMatchObject({ accepted: 2, rejected: 0 })
    expect((await state()).devices).toBe(devicesBefore)
    expect(await devicesOf('42')).toEqual([{ id: 'tok-ios-1', platform: 'ios', last_used: lastUsed, attributes: { app_version: '3.2.1' } }])
  })

  it('rejects a platform other than ios or android at plan time', async () => {
    const path = writeCsv(dir, 'devices-bad.csv', [['id', 'device_token', 'platform'], ['d-1', 'tok-w', 'windows'], ['d-2', 'tok-x', ''], ['d-3', 'tok-a', 'Android']])
    const { summary } = await plan(path, { kind: 'devices', identifierType: 'id' })
    expect(counts(summary)).toEqual({ create: 1, update: 0, unchanged: 0, invalid: 2, duplicates: 0 })
    expect(summary.errors.map((e) => [e.row, e.column, e.value])).toEqual([[2, 'platform', 'windows'], [3, null, null]])
    expect(summary.errors[0].message).toContain('write ios or android')
  })

  it('a device the sandbox refuses (207) is reported as a rejected row', async () => {
    const path = writeCsv(dir, 'devices-207.csv', [['id', 'device_token', 'platform'], ['d-10', 'tok-10', 'ios'], ['d-11', 'tok-11', 'ios']])
    const { importId } = await plan(path, { kind: 'devices', identifierType: 'id' })
    // as if Customer.io's rules had moved past the validation: row 3's stored operation is refused
    engine.mirror.sqlite.prepare('UPDATE import_row_results SET changes = ? WHERE job = (SELECT num FROM import_jobs WHERE id = ?) AND row = 3').run(JSON.stringify({ device_token: { to: 'tok-11' }, platform: { to: 'blackberry' } }), importId)
    const { summary } = await push(importId)
    expect(summary.push).toMatchObject({ sent: 2, accepted: 1, rejected: 1, status: 'done with rejected rows' })
    const rejected = rowsOf(importId, 'rejected')
    expect(rejected).toMatchObject([{ row: 3, identifier: 'd-11', outcome: 'rejected', message: 'device.platform: device.platform must be "ios" or "android"' }])
    expect(await devicesOf('d-10')).toMatchObject([{ id: 'tok-10' }])
    expect((await app(`/v1/customers/d-11/attributes`)).status).toBe(404)
  })
})

describe('relationships', () => {
  type Relationship = { identifiers: { object_type_id: string; object_id: string }; relationship_attributes: Record<string, string> }
  const relationshipsOf = async (id: string) => (await app<{ cio_relationships: Relationship[] }>(`/v1/customers/${id}/relationships`)).body.cio_relationships

  it('relates people to objects with relationship attributes; a re-import resends and converges', async () => {
    const path = fixture('relationships.csv')
    const { importId, summary } = await plan(path, { kind: 'relationships', identifierType: 'id' })
    expect(counts(summary)).toEqual({ create: 2, update: 0, unchanged: 0, invalid: 0, duplicates: 0 })
    expect(rowsOf(importId).map((r) => r.changes.map((c) => [c.field, c.to]))).toEqual([
      [['object_type_id', '1'], ['object_id', 'acme'], ['attributes.role', 'admin']],
      [['object_type_id', '1'], ['object_id', 'globex']],
    ])
    expect((await push(importId)).summary.push).toMatchObject({ accepted: 2, rejected: 0, requests: 1 })
    expect(await relationshipsOf('42')).toMatchObject([{ identifiers: { object_type_id: '1', object_id: 'acme' }, relationship_attributes: { role: 'admin' } }])
    expect(await relationshipsOf('43')).toMatchObject([{ identifiers: { object_type_id: '1', object_id: 'globex' }, relationship_attributes: {} }])

    const objects = (await state()).objects
    const again = await plan(path, { kind: 'relationships', identifierType: 'id' })
    expect(counts(again.summary)).toEqual({ create: 2, update: 0, unchanged: 0, invalid: 0, duplicates: 0 })
    expect((await push(again.importId)).summary.push).toMatchObject({ accepted: 2, rejected: 0 })
    expect((await state()).objects).toBe(objects)
    expect(await relationshipsOf('42')).toHaveLength(1)
  })

  it('refuses an object type id that is not a whole number from 1', async () => {
    const { summary } = await plan(writeCsv(dir, 'relationships-bad.csv', [['id', 'object_type_id', 'object_id'], ['42', '0', 'acme'], ['42', 'company', 'acme']]), { kind: 'relationships', identifierType: 'id' })
    expect(counts(summary)).toEqual({ create: 0, update: 0, unchanged: 0, invalid: 2, duplicates: 0 })
    expect(summary.errors.map((e) => [e.row, e.column, e.value])).toEqual([[2, 'object_type_id', '0'], [3, 'object_type_id', 'company']])
  })
})

describe('collection', () => {
  type Collection = { id: number; name: string; rows: number }
  const collectionsNamed = async (name: string) => (await app<{ collections: Collection[] }>('/v1/collections')).body.collections.filter((c) => c.name === name)

  it('creates a collection with typed values, and a re-import replaces it instead of making a second one', async () => {
    const options: ImportOptions = { kind: 'collection', collectionName: 'products' }
    const { importId, summary } = await plan(fixture('collection.csv'), options)
    expect(counts(summary)).toEqual({ create: 2, update: 0, unchanged: 0, invalid: 0, duplicates: 0 })
    expect(rowsOf(importId)[1].changes.map((c) => [c.field, c.to])).toEqual([['data.sku', 'B-2'], ['data.name', 'Tee, large'], ['data.price', 19], ['data.in_stock', false]])
    const first = await push(importId)
    expect(first.requests).toEqual(['POST /v1/collections 200'])
    const [created] = await collectionsNamed('products')
    expect((await app(`/v1/collections/${created.id}/content`)).body).toEqual([
      { sku: 'A-1', name: 'Mug', price: 9.5, in_stock: true },
      { sku: 'B-2', name: 'Tee, large', price: 19, in_stock: false },
    ])

    const replaced = writeCsv(dir, 'collection-v2.csv', [['sku', 'name', 'price', 'in_stock'], ['C-3', 'Cap', '12', 'true']])
    const again = await plan(replaced, options)
    expect(counts(again.summary)).toEqual({ create: 1, update: 0, unchanged: 0, invalid: 0, duplicates: 0 })
    const second = await push(again.importId)
    expect(second.requests).toEqual([`PUT /v1/collections/${created.id} 200`])
    expect(await collectionsNamed('products')).toMatchObject([{ id: created.id, rows: 1 }])
    expect((await app(`/v1/collections/${created.id}/content`)).body).toEqual([{ sku: 'C-3', name: 'Cap', price: 12, in_stock: true }])
  })

  it('a row over 10 KB is invalid and the others are sent', async () => {
    const path = writeCsv(dir, 'collection-big.csv', [['sku', 'notes'], ['S-1', 'short'], ['S-2', 'n'.repeat(11 * 1024)]])
    const { importId, summary } = await plan(path, { kind: 'collection', collectionName: 'big rows' })
    expect(counts(summary)).toEqual({ create: 1, update: 0, unchanged: 0, invalid: 1, duplicates: 0 })
    expect(summary.errors[0]).toMatchObject({ row: 3, message: expect.stringContaining('a collection row may be at most 10240 bytes') })
    await push(importId)
    const [big] = await collectionsNamed('big rows')
    expect((await app(`/v1/collections/${big.id}/content`)).body).toEqual([{ sku: 'S-1', notes: 'short' }])
  })
})
