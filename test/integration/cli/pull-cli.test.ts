import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSandbox, type SandboxHandle } from '../../../src-main/sandbox'
import { runCli } from '../support/cli'
import { requireKeyring } from '../support/keyring'

// Issue 4's contract from a terminal: `pull --json` fills the mirror, `status --json` reports
// exactly the sandbox's counts, a second pull applies only the remote changes, and the mirror can
// be searched offline.
requireKeyring()
const home = mkdtempSync(join(tmpdir(), 'cio-sync-pullcli-'))
let peer: SandboxHandle

const cli = (args: string[], env: Record<string, string> = {}) => runCli(['--home', home, ...args], env)

async function admin(path: string, init: RequestInit = {}): Promise<Record<string, number>> {
  const res = await fetch(`${peer.url}${path}`, { ...init, headers: { Authorization: `Bearer ${peer.adminToken}`, ...(init.headers ?? {}) } })
  return res.json()
}

async function track(method: string, path: string, body?: unknown): Promise<void> {
  const auth = Buffer.from(`${peer.siteId}:${peer.trackApiKey}`).toString('base64')
  const res = await fetch(`${peer.url}/api/v1${path}`, { method, headers: { Authorization: `Basic ${auth}`, 'Content-Type': 'application/json' }, body: body ? JSON.stringify(body) : undefined })
  expect(res.status).toBe(200)
}

beforeAll(async () => {
  peer = await startSandbox({ people: 20_000, exportDelayMs: 200 })
  const added = await cli(['workspace', 'add', 'Remote', '--url', peer.url], { CIO_SITE_ID: peer.siteId, CIO_TRACK_API_KEY: peer.trackApiKey, CIO_APP_API_KEY: peer.appApiKey, CIO_WRITE_KEY: peer.writeKey })
  expect(added.code, added.stderr).toBe(0)
}, 60_000)
afterAll(() => peer?.close())

describe('pull from the CLI', () => {
  let someone: { id: string; email: string }

  it('fills the mirror with exactly what the sandbox holds', async () => {
    const pulled = await cli(['--workspace', 'Remote', '--json', 'pull'])
    expect(pulled.code, pulled.stderr).toBe(0)
    const doc = JSON.parse(pulled.stdout)
    expect(doc).toMatchObject({ state: 'succeeded', workspace: 'Remote', counts: { people: { created: 20_000 } } })
    const status = JSON.parse((await cli(['--workspace', 'Remote', '--json', 'status'])).stdout)
    const remote = await admin('/__sandbox/state')
    expect(status).toMatchObject({ people: remote.people, segments: remote.segments, segmentMembers: remote.segmentMembers, collections: remote.collections, outbox: 0, conflicts: 0 })
    expect(status.lastPull).toBeGreaterThan(0)
  }, 60_000)

  it('finds people offline by part of an email and gets one by email', async () => {
    const found = JSON.parse((await cli(['--workspace', 'Remote', '--json', 'people', 'search', 'a', '--limit', '5'])).stdout)
    expect(found.total).toBeGreaterThan(0)
    someone = found.rows[0]
    const part = someone.email.slice(0, someone.email.indexOf('@') + 2)
    const again = JSON.parse((await cli(['--workspace', 'Remote', '--json', 'people', 'search', part])).stdout)
    expect(again.rows.map((r: { email: string }) => r.email)).toContain(someone.email)
    const got = await cli(['--workspace', 'Remote', '--json', 'people', 'get', someone.email.toUpperCase()])
    expect(got.code, got.stderr).toBe(0)
    expect(JSON.parse(got.stdout).person).toMatchObject({ id: someone.id, email: someone.email })
    const missing = await cli(['--workspace', 'Remote', 'people', 'get', 'nobody@nowhere.invalid'])
    expect(missing.code).toBe(1)
    expect(missing.stderr).toMatch(/nobody@nowhere\.invalid/)
  }, 30_000)

  it('applies only the remote changes on the next pull', async () => {
    await track('PUT', `/customers/${encodeURIComponent(someone.id)}`, { plan: 'enterprise-cli-test' })
    await track('DELETE', '/customers/cli-gone-check')
    const victim = JSON.parse((await cli(['--workspace', 'Remote', '--json', 'people', 'search', 'e', '--limit', '3'])).stdout).rows.find((r: { id: string }) => r.id !== someone.id)
    await track('DELETE', `/customers/${encodeURIComponent(victim.id)}`)
    await track('PUT', '/customers/cli-new-person', { email: 'cli-new-person@example.com', first_name: 'Newton' })
    await admin('/__sandbox/flush', { method: 'POST' })

    const pulled = JSON.parse((await cli(['--workspace', 'Remote', '--json', 'pull'])).stdout)
    // through the activity feed: only the three people it names are read (issue 13)
    expect(pulled.counts.people).toMatchObject({ created: 1, updated: 1, deleted: 1, unchanged: 0 })
    expect(pulled.counts.peoplePull).toMatchObject({ mode: 'incremental', reason: null })
    const got = JSON.parse((await cli(['--workspace', 'Remote', '--json', 'people', 'get', someone.id])).stdout)
    expect(got.person.attributes.plan).toBe('enterprise-cli-test')
    const status = JSON.parse((await cli(['--workspace', 'Remote', '--json', 'status'])).stdout)
    expect(status.people).toBe((await admin('/__sandbox/state')).people)
  }, 60_000)

  it('refuses an unknown part with a usage error', async () => {
    const r = await cli(['--workspace', 'Remote', 'pull', '--only', 'people,unicorns'])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('unicorns')
  })
})
