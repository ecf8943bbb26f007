import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSandbox, type SandboxHandle } from '../../../src-main/sandbox'
import { runCli } from '../support/cli'
import { requireKeyring } from '../support/keyring'

// Issue 5's dry-run contract from a terminal: exact counts and errors for a file with creates,
// updates, unchanged rows, blanks, duplicates, a bad email and an oversize value; the run leaves
// the sandbox with exactly the planned values; the same file again sends nothing.
requireKeyring()
const home = mkdtempSync(join(tmpdir(), 'cio-sync-importcli-'))
const dir = mkdtempSync(join(tmpdir(), 'cio-sync-importcsv-'))
let peer: SandboxHandle

const cli = (args: string[], env: Record<string, string> = {}) => runCli(['--home', home, ...args], env)

async function track(method: string, path: string, body?: unknown): Promise<void> {
  const auth = Buffer.from(`${peer.siteId}:${peer.trackApiKey}`).toString('base64')
  const res = await fetch(`${peer.url}/api/v1${path}`, { method, headers: { Authorization: `Basic ${auth}`, 'Content-Type': 'application/json' }, body: body ? JSON.stringify(body) : undefined })
  expect(res.status).toBe(200)
}

async function remote(id: string): Promise<Record<string, string> | null> {
  const res = await fetch(`${peer.url}/v1/customers/${encodeURIComponent(id)}/attributes`, { headers: { Authorization: `Bearer ${peer.appApiKey}` } })
  if (res.status === 404) return null
  return ((await res.json()) as { customer: { attributes: Record<string, string> } }).customer.attributes
}

async function requests(): Promise<number> {
  const res = await fetch(`${peer.url}/__sandbox/requests`, { headers: { Authorization: `Bearer ${peer.adminToken}` } })
  return ((await res.json()) as { requests: { path: string }[] }).requests.filter((r) => r.path.startsWith('/api/')).length
}

const file = join(dir, 'people.csv')

beforeAll(async () => {
  peer = await startSandbox({ people: 0, exportDelayMs: 50 })
  await track('PUT', '/customers/imp-a', { email: 'a@example.com', first_name: 'Ann', plan: 'basic' })
  await track('PUT', '/customers/imp-b', { email: 'b@example.com', first_name: 'Bea', plan: 'pro' })
  await track('PUT', '/customers/imp-c', { email: 'c@example.com', first_name: 'Cy', plan: 'team' })
  await fetch(`${peer.url}/__sandbox/flush`, { method: 'POST', headers: { Authorization: `Bearer ${peer.adminToken}` } })
  const keys = { CIO_SITE_ID: peer.siteId, CIO_TRACK_API_KEY: peer.trackApiKey, CIO_APP_API_KEY: peer.appApiKey, CIO_WRITE_KEY: peer.writeKey }
  expect((await cli(['workspace', 'add', 'Peer', '--url', peer.url], keys)).code).toBe(0)
  expect((await cli(['workspace', 'use', 'Peer'])).code).toBe(0)
  const pulled = await cli(['--json', 'pull', '--only', 'people'])
  expect(pulled.code, pulled.stderr).toBe(0)
  writeFileSync(
    file,
    [
      'id,email,first_name,plan', // row 1: the rows are numbered as in a spreadsheet
      'imp-a,a@example.com,Ann,enterprise', // 2 update: plan basic → enterprise
      'imp-b,b@example.com,Bea,pro', //         3 unchanged
      'imp-new,new@example.com,Nia,basic', //   4 create
      'imp-new,new@example.com,Nia,pro', //     5 duplicate of row 4 (the first counts)
      'imp-bad,not-an-email,Bad,basic', //       6 invalid: email
      `imp-big,big@example.com,${'x'.repeat(1001)},basic`, // 7 invalid: value over 1000 bytes
      'imp-c,c@example.com,Cyrus,', //          8 update: first_name; blank plan is skipped
      'imp-other,NEW@example.com,Ola,basic', // 9 invalid: row 4 gives that new email to imp-new
    ].join('\n') + '\n',
  )
}, 60_000)
afterAll(() => peer?.close())

describe('import from the CLI', () => {
  it('plans exactly, without sending anything, on --dry-run', async () => {
    const before = await requests()
    const r = await cli(['--json', 'import', file, '--kind', 'people', '--dry-run'])
    expect(r.code, r.stderr).toBe(0)
    const plan = JSON.parse(r.stdout)
    expect(plan).toMatchObject({ rows: 8, create: 1, update: 2, unchanged: 1, invalid: 3, duplicates: 1 })
    expect(plan.create + plan.update + plan.unchanged + plan.invalid + plan.duplicates).toBe(plan.rows)
    const byRow = new Map<number, { column: string | null; message: string }>(plan.errors.map((e: { row: number; column: string | null; message: string }) => [e.row, e]))
    expect(byRow.get(6)).toMatchObject({ column: 'email' })
    expect(byRow.get(7)).toMatchObject({ column: 'first_name' })
    expect(byRow.get(7)!.message).toMatch(/1000 bytes/)
    expect(byRow.get(9)).toMatchObject({ column: 'email', message: expect.stringContaining('also given to id imp-new on row 4') })
    expect(await requests()).toBe(before)
  }, 60_000)

  it('leaves the workspace with exactly the planned values, and reports the rows not applied', async () => {
    const r = await cli(['--json', 'import', file, '--kind', 'people', '--yes'])
    expect(r.code, r.stderr).toBe(3) // done, with rows not applied (the three invalid ones)
    const run = JSON.parse(r.stdout)
    expect(run).toMatchObject({ accepted: 3, rejected: 0 })
    expect(run.requests).toBeGreaterThanOrEqual(1)
    await fetch(`${peer.url}/__sandbox/flush`, { method: 'POST', headers: { Authorization: `Bearer ${peer.adminToken}` } })
    expect(await remote('imp-a')).toMatchObject({ plan: 'enterprise', first_name: 'Ann' })
    expect(await remote('imp-b')).toMatchObject({ plan: 'pro', first_name: 'Bea' })
    expect(await remote('imp-new')).toMatchObject({ email: 'new@example.com', first_name: 'Nia', plan: 'basic' })
    expect(await remote('imp-c')).toMatchObject({ first_name: 'Cyrus', plan: 'team' })
    expect(await remote('imp-bad')).toBeNull()
    expect(await remote('imp-big')).toBeNull()
    expect(await remote('imp-other')).toBeNull()
  }, 60_000)

  it('sends nothing when the same file is imported again', async () => {
    const before = await requests()
    const dry = JSON.parse((await cli(['--json', 'import', file, '--kind', 'people', '--dry-run'])).stdout)
    expect(dry).toMatchObject({ rows: 8, create: 0, update: 0, unchanged: 4, invalid: 3, duplicates: 1 })
    const again = await cli(['--json', 'import', file, '--kind', 'people', '--yes'])
    expect(JSON.parse(again.stdout)).toMatchObject({ sent: 0 })
    expect(await requests()).toBe(before)
  }, 60_000)

  it('refuses a missing --kind and an unknown file with clear messages', async () => {
    const noKind = await cli(['import', file])
    expect(noKind.code).toBe(2)
    expect(noKind.stderr).toContain('--kind')
    const missing = await cli(['import', join(dir, 'nope.csv'), '--kind', 'people', '--dry-run'])
    expect(missing.code).not.toBe(0)
    expect(missing.stderr).toContain('nope.csv')
  }, 30_000)
})
