// The activity feed's retention window (SandboxOptions.activityWindowSeconds, the admin route
// /__sandbox/activity-window, `cio-sync sandbox --activity-window`), the upgrade of a sandbox file whose
// `activities` table predates the feed, and the App-route machinery (faults, rate limit) on /v1/activities.

import { afterAll, describe, expect, it } from 'vitest'
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { createInterface } from 'node:readline'
import Database from 'better-sqlite3'
import { basic, request, startClient, type Client, type Json } from './helpers'
import { generateKeys } from '../../../src-main/sandbox/auth'
import { cioIdOf } from '../../../src-main/sandbox/store/db'

const cleanup: (() => unknown)[] = []
afterAll(async () => {
  for (const fn of cleanup.reverse()) await fn()
})
async function client(opts: Parameters<typeof startClient>[0] = {}): Promise<Client> {
  const c = await startClient({ people: 5, ...opts })
  cleanup.push(() => c.close())
  return c
}
const names = async (c: Client, query = ''): Promise<string[]> => {
  const r = await c.app('GET', '/v1/activities?limit=100' + query)
  expect(r.status, r.text).toBe(200)
  return r.json.activities.map((a: Json) => `${a.type}:${a.customer_id ?? a.name}`)
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

describe('activity window', () => {
  it('defaults to 30 days; the admin route reads and sets it, validating the body', async () => {
    const c = await client()
    expect((await c.admin('GET', '/__sandbox/activity-window')).json).toEqual({ seconds: 30 * 86400 })
    for (const body of [{ seconds: -1 }, { seconds: 'x' }, {}, { seconds: 5, extra: 1 }]) expect((await c.admin('PUT', '/__sandbox/activity-window', body)).status).toBe(400)
    expect((await c.admin('PUT', '/__sandbox/activity-window', { seconds: 60 })).json).toEqual({ seconds: 60 })
    expect((await c.admin('GET', '/__sandbox/activity-window')).json).toEqual({ seconds: 60 })
    expect((await c.app('GET', '/__sandbox/activity-window')).status).toBe(401)
  })

  it('hides what was logged longer ago than the window (by log time, not the event timestamp); 0 hides everything', async () => {
    const c = await client()
    await c.track('PUT', '/api/v1/customers/old', {})
    await c.admin('PUT', '/__sandbox/activity-window', { seconds: 1.5 })
    await sleep(1800)
    await c.track('PUT', '/api/v1/customers/new', {})
    // Backdated by a year, but logged just now: inside the window.
    await c.track('POST', '/api/v1/customers/new/events', { name: 'backdated', timestamp: Math.floor(Date.now() / 1000) - 365 * 86400 })
    expect(await names(c)).toEqual(['event:new', 'profile_create:new'])
    expect(await names(c, '&customer_id=old')).toEqual([])
    expect((await c.app('GET', '/v1/customers/old/activities')).json).toEqual({ activities: [] })
    expect((await c.app('GET', '/v1/customers/new/activities')).json.activities).toHaveLength(2)
    // Widening the window again shows the older rows: nothing was thrown away.
    await c.admin('PUT', '/__sandbox/activity-window', { seconds: 3600 })
    expect(await names(c)).toEqual(['event:new', 'profile_create:new', 'profile_create:old'])
    await c.admin('PUT', '/__sandbox/activity-window', { seconds: 0 })
    expect(await names(c)).toEqual([])
    expect(await names(c, '&deleted=true')).toEqual([])
  })

  it('is set at start through SandboxOptions.activityWindowSeconds', async () => {
    const c = await client({ activityWindowSeconds: 0 })
    expect((await c.admin('GET', '/__sandbox/activity-window')).json).toEqual({ seconds: 0 })
    await c.track('PUT', '/api/v1/customers/x', { plan: 'a' })
    expect(await names(c)).toEqual([])
  })

  it('is set by `cio-sync sandbox --activity-window SECONDS`', async () => {
    const root = resolve(__dirname, '../../..')
    const home = mkdtempSync(join(tmpdir(), 'cio-feed-cli-'))
    cleanup.push(() => rmSync(home, { recursive: true, force: true }))
    const run = (window: string) => spawn(process.execPath, [join(root, 'bin/cio-sync.js'), '--home', home, 'sandbox', '--people', '1', '--activity-window', window], { cwd: root, env: { ...process.env, HOME: home }, stdio: ['ignore', 'pipe', 'pipe'] })
    const bad = run('-5')
    expect(await new Promise((res) => bad.once('exit', res))).toBe(2)
    const child = run('0')
    const stopped = new Promise((res) => child.once('exit', res))
    cleanup.push(() => (child.exitCode === null ? (child.kill('SIGTERM'), stopped) : undefined))
    const info = JSON.parse(await new Promise<string>((res) => createInterface({ input: child.stdout! }).once('line', res)))
    await request(`${info.url}/api/v1/customers/cli-1`, 'PUT', { plan: 'a' }, { authorization: basic(info.siteId, info.trackApiKey) })
    const r = await request(`${info.url}/v1/activities`, 'GET', undefined, { authorization: `Bearer ${info.appApiKey}` })
    expect(r.json).toEqual({ activities: [] })
    const attrs = await request(`${info.url}/v1/customers/cli-1/attributes`, 'GET', undefined, { authorization: `Bearer ${info.appApiKey}` })
    expect(attrs.json.customer.attributes.plan).toBe('a') // the write happened; only the feed hides it
  })
})

describe('the App route machinery applies to /v1/activities', () => {
  it('injected faults and the 10/s rate limit', async () => {
    const c = await client({ rateLimits: { enabled: true, appPerSecond: 2 } })
    await c.admin('PUT', '/__sandbox/faults', { errorNext: 1, errorStatus: 503, realms: ['app'] })
    const fault = await c.app('GET', '/v1/activities')
    expect(fault.status).toBe(503)
    expect(fault.json.errors[0].status).toBe('503')
    await c.admin('DELETE', '/__sandbox/faults')
    const statuses: number[] = []
    for (let i = 0; i < 6; i++) statuses.push((await c.app('GET', '/v1/activities')).status)
    expect(statuses).toContain(429)
  })
})

describe('a sandbox file from before the feed', () => {
  it('is upgraded in place: new columns, old rows readable, deleted people detected, new writes logged', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'cio-feed-upgrade-'))
    cleanup.push(() => rmSync(dataDir, { recursive: true, force: true }))
    const now = Math.floor(Date.now() / 1000)
    const old = new Database(join(dataDir, 'sandbox.sqlite'))
    old.exec(`
      CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      CREATE TABLE people (pk INTEGER PRIMARY KEY, id TEXT, email TEXT, email_lc TEXT, anonymous_id TEXT, attrs TEXT NOT NULL DEFAULT '{}',
        ts TEXT NOT NULL DEFAULT '{}', unsubscribed INTEGER NOT NULL DEFAULT 0, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL);
      CREATE TABLE activities (seq INTEGER PRIMARY KEY, pk INTEGER, anonymous_id TEXT, event_id TEXT, type TEXT NOT NULL, name TEXT,
        data TEXT NOT NULL DEFAULT '{}', timestamp INTEGER NOT NULL);
      CREATE UNIQUE INDEX activities_event_id ON activities(event_id) WHERE event_id IS NOT NULL;
      CREATE INDEX activities_pk ON activities(pk, seq) WHERE pk IS NOT NULL;
    `)
    old.prepare("INSERT INTO meta (key, value) VALUES ('keys', ?)").run(JSON.stringify(generateKeys()))
    old.prepare("INSERT INTO people (pk, id, email, email_lc, created_at, updated_at) VALUES (1, 'kept', 'kept@example.com', 'kept@example.com', ?, ?)").run(now, now)
    const act = old.prepare('INSERT INTO activities (pk, anonymous_id, event_id, type, name, data, timestamp) VALUES (?, ?, ?, ?, ?, ?, ?)')
    act.run(1, null, 'old-evt-1', 'event', 'old-purchase', '{"n":1}', now - 60)
    act.run(1, null, null, 'attribute_change', null, '{"attributes":{"plan":"pro"}}', now - 50)
    act.run(2, null, null, 'event', 'of-someone-deleted', '{}', now - 40) // person 2 no longer exists
    act.run(null, 'anon-x', null, 'page', 'https://x.example', '{}', now - 30)
    act.run(1, null, null, 'event', 'forty-days-ago', '{}', now - 40 * 86400)
    old.close()

    const c = await client({ dataDir })
    expect(await names(c)).toEqual(['page:https://x.example', 'attribute_change:kept', 'event:kept'])
    const kept = (await c.app('GET', '/v1/activities?customer_id=kept')).json.activities
    expect(kept[1]).toMatchObject({ id: 'a1', name: 'old-purchase', event_id: 'old-evt-1', timestamp: now - 60, customer_identifiers: { id: 'kept', email: 'kept@example.com', cio_id: cioIdOf(1) } })
    expect((await c.app('GET', '/v1/activities?deleted=true')).json.activities).toEqual([
      { id: 'a3', type: 'event', name: 'of-someone-deleted', timestamp: now - 40, customer_id: null, customer_identifiers: { id: null, email: null, cio_id: cioIdOf(2) }, data: {} },
    ])
    // New writes land in the upgraded table, after the old rows; the old event id still dedupes.
    await c.track('POST', '/api/v1/customers/kept/events', { name: 'old-purchase', id: 'old-evt-1' })
    await c.track('PUT', '/api/v1/customers/fresh', { plan: 'free' })
    const fresh = (await c.app('GET', '/v1/activities?customer_id=fresh')).json.activities
    expect(fresh.map((a: Json) => a.type)).toEqual(['attribute_change', 'profile_create'])
    expect(fresh[1].id).toBe('a6')
    expect((await c.app('GET', '/v1/activities?name=old-purchase')).json.activities).toHaveLength(1)
    await c.close()

    const db = new Database(join(dataDir, 'sandbox.sqlite'), { readonly: true })
    const columns = (db.prepare('PRAGMA table_info(activities)').all() as { name: string }[]).map((col) => col.name)
    const indexes = (db.prepare('PRAGMA index_list(activities)').all() as { name: string }[]).map((i) => i.name)
    db.close()
    expect(columns).toEqual(expect.arrayContaining(['logged_at', 'snap_id', 'snap_email', 'gone']))
    expect(indexes).toEqual(expect.arrayContaining(['activities_type', 'activities_logged']))
    // Opening the upgraded file again is a no-op upgrade.
    const again = await client({ dataDir })
    expect(await names(again, '&customer_id=fresh')).toEqual(['attribute_change:fresh', 'profile_create:fresh'])
  })
})
