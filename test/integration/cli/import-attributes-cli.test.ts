import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSandbox, type SandboxHandle } from '../../../src-main/sandbox'
import { addActiveSandboxWorkspace, remoteAttributes, runCli } from '../support/cli'
import { requireKeyring } from '../support/keyring'

// Issue 14, item 4: "LTV" mapped to a new `ltv` turned 50 unchanged rows into updates, and the
// push created the attribute on everyone. Now the plan names every attribute the workspace does
// not have, with the people who would get it and how many rows change only because of it (dry-run
// JSON, human output, and again before a push), and mapping suggests the workspace's own spelling
// of a name ("Account Tier" → accountTier), never a different name ("LTV" is not lifetime_value).
requireKeyring()
const home = mkdtempSync(join(tmpdir(), 'cio-sync-attrcli-'))
const dir = mkdtempSync(join(tmpdir(), 'cio-sync-attrcsv-'))
const ids = Array.from({ length: 50 }, (_, i) => `lt-${i + 1}`)
let peer: SandboxHandle

const cli = (args: string[]) => runCli(['--home', home, ...args])
const csv = (name: string, header: string, row: (id: string, i: number) => string) => {
  const path = join(dir, name)
  writeFileSync(path, [header, ...ids.map(row)].join('\n') + '\n')
  return path
}

async function track(path: string, body: unknown): Promise<void> {
  const auth = Buffer.from(`${peer.siteId}:${peer.trackApiKey}`).toString('base64')
  const res = await fetch(`${peer.url}/api/v1${path}`, { method: 'PUT', headers: { Authorization: `Basic ${auth}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body) })
  expect(res.status).toBe(200)
}

const remote = (id: string) => remoteAttributes(peer, id)

beforeAll(async () => {
  peer = await startSandbox({ people: 0, exportDelayMs: 50 })
  for (const [i, id] of ids.entries()) await track(`/customers/${id}`, { lifetime_value: String((i + 1) * 10), plan: 'pro', accountTier: 'gold' })
  await fetch(`${peer.url}/__sandbox/flush`, { method: 'POST', headers: { Authorization: `Bearer ${peer.adminToken}` } })
  await addActiveSandboxWorkspace(home, peer)
  const pulled = await cli(['--json', 'pull', '--only', 'people'])
  expect(pulled.code, pulled.stderr).toBe(0)
}, 60_000)
afterAll(() => peer?.close())

describe('attributes the workspace does not have', () => {
  it('are named before any push: "new attribute ltv on 50 people", 50 rows changing only because of it', async () => {
    const file = csv('ltv.csv', 'id,Plan,LTV', (id, i) => `${id},pro,${(i + 1) * 10}`)
    const r = await cli(['--json', 'import', file, '--kind', 'people', '--dry-run'])
    expect(r.code, r.stderr).toBe(0)
    const plan = JSON.parse(r.stdout)
    expect(plan).toMatchObject({ rows: 50, update: 50, unchanged: 0 })
    expect(plan.newAttributes).toEqual([{ attribute: 'ltv', column: 'LTV', people: 50, existingPeople: 50, onlyChange: 50, similar: [] }])
    const human = await cli(['import', file, '--kind', 'people', '--dry-run'])
    expect(human.stdout).toContain('warning: new attribute "ltv" (column "LTV") on 50 people, 50 of whom change only because of it: the workspace has no such attribute yet; check the mapping before pushing')
    // and again on the way to a push (stderr, before the question); nothing is created here
    const pushed = await cli(['import', file, '--kind', 'people', '--map', 'LTV=lifetime_value', '--dry-run'])
    expect(pushed.stdout).not.toContain('new attribute')
  }, 60_000)

  it('point at the existing name a typo misses', async () => {
    const file = csv('typo.csv', 'id,lifetime_valeu', (id, i) => `${id},${(i + 1) * 10}`)
    const plan = JSON.parse((await cli(['--json', 'import', file, '--kind', 'people', '--dry-run'])).stdout)
    expect(plan.newAttributes).toEqual([{ attribute: 'lifetime_valeu', column: 'lifetime_valeu', people: 50, existingPeople: 50, onlyChange: 50, similar: ['lifetime_value'] }])
    const run = await cli(['import', file, '--kind', 'people', '--yes'])
    expect(run.stderr).toContain('warning: new attribute "lifetime_valeu" (column "lifetime_valeu") on 50 people')
    expect(run.stderr).toContain('the workspace has "lifetime_value": a typo? (--map "lifetime_valeu=lifetime_value")')
  }, 60_000)

  it('are not created by a header that spells an existing name differently: it maps to the workspace\'s name', async () => {
    const file = csv('spelled.csv', 'id,Lifetime Value,lifetime-value,PLAN,Account Tier', (id, i) => `${id},${(i + 1) * 10},${(i + 1) * 10},pro,platinum`)
    const plan = JSON.parse((await cli(['--json', 'import', file, '--kind', 'people', '--map', 'lifetime-value=', '--dry-run'])).stdout)
    expect(plan).toMatchObject({ rows: 50, update: 50, newAttributes: [] })
    const run = await cli(['--json', 'import', file, '--kind', 'people', '--map', 'lifetime-value=', '--yes'])
    expect(run.code, run.stderr).toBe(0)
    const person = await remote('lt-7')
    expect(person).toMatchObject({ accountTier: 'platinum', lifetime_value: '70', plan: 'pro' })
    expect(person).not.toHaveProperty('account_tier')
  }, 60_000)
})
