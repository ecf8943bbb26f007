import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSandbox, type SandboxHandle } from '../../../src-main/sandbox'
import { mirrorCounts, openEngine, sandboxState, tempDir, type Engine } from './harness'

// A small workspace is pulled through search + bulk attributes: no export, every attribute, and
// the devices an export would not carry. `full` still forces the export.
let sandbox: SandboxHandle
let engine: Engine

async function requestsSince(from: number): Promise<string[]> {
  const res = await fetch(`${sandbox.url}/__sandbox/requests`, { headers: { authorization: `Bearer ${sandbox.adminToken}` } })
  const body = (await res.json()) as { requests: { method: string; path: string; at?: number }[] }
  return body.requests.slice(from).map((r) => `${r.method} ${r.path}`)
}

async function requestCount(): Promise<number> {
  const res = await fetch(`${sandbox.url}/__sandbox/requests`, { headers: { authorization: `Bearer ${sandbox.adminToken}` } })
  return ((await res.json()) as { requests: unknown[] }).requests.length
}

async function track(method: string, path: string, body?: unknown): Promise<void> {
  const auth = Buffer.from(`${sandbox.siteId}:${sandbox.trackApiKey}`).toString('base64')
  const res = await fetch(`${sandbox.url}/api/v1${path}`, { method, headers: { authorization: `Basic ${auth}`, 'content-type': 'application/json' }, body: body ? JSON.stringify(body) : undefined })
  expect(res.status).toBe(200)
}

beforeAll(async () => {
  sandbox = await startSandbox({ people: 400, exportDelayMs: 50 })
  engine = await openEngine(join(tempDir('small-pull'), 'mirror.db'), sandbox)
})
afterAll(async () => {
  engine?.close()
  await sandbox?.close()
})

describe('small pull (search + bulk attributes)', () => {
  it('fills people, attributes and devices without an export', async () => {
    const before = await requestCount()
    const { finished, run } = await engine.pull({ only: ['people'] })
    expect(finished.state, finished.message ?? '').toBe('succeeded')
    const paths = await requestsSince(before)
    expect(paths.some((p) => p.includes('/exports'))).toBe(false)
    expect(paths.filter((p) => p.includes('/customers/attributes')).length).toBe(4)
    expect(run.counts).toMatchObject({ people: { created: 400 } })
    expect(mirrorCounts(engine.mirror, engine.workspaceId).people).toBe((await sandboxState(sandbox)).people)
    const withDevices = engine.mirror.sqlite
      .prepare("SELECT count(*) FROM people WHERE ws = (SELECT ws FROM workspaces WHERE id = ?) AND devices IS NOT NULL AND devices <> '[]'")
      .pluck()
      .get(engine.workspaceId) as number
    // The seed gives a person at most one device, so people with devices = devices.
    expect(withDevices).toBeGreaterThan(0)
    expect(withDevices).toBe((await sandboxState(sandbox)).devices)
  })

  it('applies only what changed remotely, devices included', async () => {
    const someone = engine.mirror.sqlite.prepare('SELECT id, devices FROM people WHERE ws = (SELECT ws FROM workspaces WHERE id = ?) AND id IS NOT NULL ORDER BY pk LIMIT 1').get(engine.workspaceId) as { id: string; devices: string }
    await track('PUT', `/customers/${encodeURIComponent(someone.id)}/devices`, { device: { id: 'small-pull-token', platform: 'android' } })
    const other = engine.mirror.sqlite.prepare('SELECT id FROM people WHERE ws = (SELECT ws FROM workspaces WHERE id = ?) AND id IS NOT NULL ORDER BY pk LIMIT 1 OFFSET 5').pluck().get(engine.workspaceId) as string
    await track('DELETE', `/customers/${encodeURIComponent(other)}`)
    await fetch(`${sandbox.url}/__sandbox/flush`, { method: 'POST', headers: { authorization: `Bearer ${sandbox.adminToken}` } })

    const { finished, run } = await engine.pull({ only: ['people'] })
    expect(finished.state, finished.message ?? '').toBe('succeeded')
    expect(run.counts).toMatchObject({ people: { created: 0, updated: 1, deleted: 1, unchanged: 398 } })
    const devices = engine.mirror.sqlite.prepare('SELECT devices FROM people WHERE ws = (SELECT ws FROM workspaces WHERE id = ?) AND id = ?').pluck().get(engine.workspaceId, someone.id) as string
    expect(JSON.parse(devices).map((d: { id: string }) => d.id)).toContain('small-pull-token')
  })

  it('uses the export when a full pull is asked for, and finds nothing changed', async () => {
    const before = await requestCount()
    const { finished, run } = await engine.pull({ only: ['people'], full: true })
    expect(finished.state, finished.message ?? '').toBe('succeeded')
    expect((await requestsSince(before)).some((p) => p.includes('/exports'))).toBe(true)
    // The export carries no devices: the mirror keeps the ones the small pull read.
    expect(run.counts).toMatchObject({ people: { created: 0, updated: 0, deleted: 0, unchanged: 399 } })
  })
})
