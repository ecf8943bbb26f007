import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DeliveryInfo } from '../../../src-main/cio/app-reads'
import { startSandbox, type SandboxHandle } from '../../../src-main/sandbox'
import { queryMirror } from '../support/child-process'
import { addActiveSandboxWorkspace, runCli } from '../support/cli'
import { requireKeyring } from '../support/keyring'
import { identify, remoteAttributes } from './helpers'

// `cio-sync send` and `cio-sync edit` for someone created in Customer.io after the last pull
// (issue 13): a real process per command, the real keychain, a real mirror file and the real
// sandbox over HTTP. Before the online lookup, the send failed with "this person has no email
// address" and the edit with "No person matches".
requireKeyring()
const home = mkdtempSync(join(tmpdir(), 'cio-sync-lookup-cli-'))
const mirrorFile = join(home, 'mirror.db')
let sandbox: SandboxHandle
const cli = (args: string[]) => runCli(['--home', home, ...args])

interface MirrorRow {
  pk: number
  id: string | null
  email: string | null
  cio_id: string | null
  attributes: string
  base_attributes: string | null
}
const mirrorRow = (id: string) => queryMirror<MirrorRow>(mirrorFile, `SELECT pk, id, email, cio_id, attributes, coalesce(base_attributes, attributes) AS base_attributes FROM people WHERE id = '${id}'`)[0]

beforeAll(async () => {
  sandbox = await startSandbox({ people: 5 })
  await addActiveSandboxWorkspace(home, sandbox)
  const pulled = await cli(['--json', 'pull', '--only', 'people'])
  expect(pulled.code, pulled.stderr + pulled.stdout).toBe(0)
}, 120_000)
afterAll(() => sandbox?.close())

describe('commands on a person the mirror does not hold yet', () => {
  it('send email --to ID delivers to the email Customer.io has for them and adds them to the mirror', async () => {
    await identify(sandbox, 'cli-late-1', { email: 'cli-late-1@example.com', plan: 'basic', first_name: 'Carla' })
    expect(mirrorRow('cli-late-1')).toBeUndefined()

    const r = await cli(['--json', 'send', 'email', '--to', 'cli-late-1', '--message', 'welcome'])
    expect(r.code, r.stderr + r.stdout).toBe(0)
    const sent = JSON.parse(r.stdout) as { status: string; deliveryId: string }
    expect(sent).toMatchObject({ status: 'queued', deliveryId: expect.any(String) })

    // the sandbox recorded the delivery, to the person's email
    const res = await fetch(`${sandbox.url}/v1/messages?limit=100`, { headers: { authorization: `Bearer ${sandbox.appApiKey}` } })
    const delivery = ((await res.json()) as { messages: DeliveryInfo[] }).messages.find((m) => m.id === sent.deliveryId)
    expect(delivery).toMatchObject({ recipient: 'cli-late-1@example.com', customer_identifiers: expect.objectContaining({ id: 'cli-late-1' }) })

    const row = mirrorRow('cli-late-1')
    expect(row).toMatchObject({ email: 'cli-late-1@example.com', cio_id: expect.any(String) })
    expect(JSON.parse(row.attributes)).toMatchObject({ plan: 'basic', first_name: 'Carla' })
    expect(JSON.parse(row.base_attributes!)).toEqual(JSON.parse(row.attributes))
  })

  it('send still goes to a typed address for a person nobody knows yet', async () => {
    const r = await cli(['--json', 'send', 'email', '--to', 'brand-new@example.com', '--message', 'welcome'])
    expect(r.code, r.stderr + r.stdout).toBe(0)
    expect(JSON.parse(r.stdout)).toMatchObject({ status: 'queued' })
  })

  it('edit ID plan=pro queues the edit against the remote value, and the push sends it without a conflict', async () => {
    await identify(sandbox, 'cli-late-2', { email: 'cli-late-2@example.com', plan: 'basic' })

    const r = await cli(['--json', 'edit', 'cli-late-2', 'plan=pro'])
    expect(r.code, r.stderr + r.stdout).toBe(0)
    const doc = JSON.parse(r.stdout) as { person: { pk: number; id: string }; entries: { field: string; old: unknown; new: unknown; state: string }[] }
    expect(doc.person).toMatchObject({ id: 'cli-late-2', email: 'cli-late-2@example.com', cioId: expect.any(String) })
    expect(doc.entries).toEqual([expect.objectContaining({ field: 'plan', old: 'basic', new: 'pro', state: 'pending' })])

    const row = mirrorRow('cli-late-2')
    expect(JSON.parse(row.attributes)).toMatchObject({ plan: 'pro' })
    expect(JSON.parse(row.base_attributes!)).toMatchObject({ plan: 'basic' })

    const pushed = await cli(['--json', 'push', '--yes'])
    expect(pushed.code, pushed.stderr + pushed.stdout).toBe(0)
    expect(JSON.parse(pushed.stdout).outbox).toMatchObject({ pending: 0, conflicts: 0, failed: 0 })
    expect(await remoteAttributes(sandbox, 'cli-late-2')).toMatchObject({ plan: 'pro' })
  }, 60_000)

  it('people get finds a remote-created person; an unknown one stays a failure that names it', async () => {
    await identify(sandbox, 'cli-late-3', { plan: 'trial' })
    const got = await cli(['--json', 'people', 'get', 'cli-late-3'])
    expect(got.code, got.stderr).toBe(0)
    expect(JSON.parse(got.stdout).person).toMatchObject({ id: 'cli-late-3', attributes: { plan: 'trial' } })
    const missing = await cli(['people', 'get', 'nobody@nowhere.invalid'])
    expect(missing.code).toBe(1)
    expect(missing.stderr).toMatch(/nobody@nowhere\.invalid/)
  })
})
