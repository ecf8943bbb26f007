import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSandbox, type SandboxHandle } from '../../../src-main/sandbox'
import { appAttributes } from '../import/harness'
import { runCli } from '../support/cli'
import { requireKeyring } from '../support/keyring'

// The other two ways out of a conflict, from a terminal: keep theirs (the edit is dropped and the
// mirror takes the remote value, nothing is sent) and a typed value (pushed instead of either
// side). And the usage errors of the edit commands, which must exit 2 without touching anything.
requireKeyring()
const home = mkdtempSync(join(tmpdir(), 'cio-sync-resolve-'))
let peer: SandboxHandle

const cli = async (args: string[]) => {
  const r = await runCli(['--home', home, '--workspace', 'Remote', '--json', ...args])
  return { ...r, doc: r.stdout.trim() ? (JSON.parse(r.stdout) as Record<string, any>) : null } // eslint-disable-line @typescript-eslint/no-explicit-any
}

async function remoteChange(id: string, attributes: Record<string, string>): Promise<void> {
  const auth = Buffer.from(`${peer.siteId}:${peer.trackApiKey}`).toString('base64')
  const res = await fetch(`${peer.url}/api/v1/customers/${id}`, { method: 'PUT', headers: { Authorization: `Basic ${auth}`, 'Content-Type': 'application/json' }, body: JSON.stringify(attributes) })
  expect(res.status).toBe(200)
  await fetch(`${peer.url}/__sandbox/flush`, { method: 'POST', headers: { Authorization: `Bearer ${peer.adminToken}` } })
}

/** An offline edit of `plan`, a different remote change of it, and the pull that makes the conflict. */
async function conflictOn(id: string, mine: string, theirs: string): Promise<number> {
  expect((await cli(['edit', id, `plan=${mine}`])).code).toBe(0)
  await remoteChange(id, { plan: theirs })
  expect((await cli(['pull', '--only', 'people'])).code).toBe(0)
  const open = (await cli(['conflicts'])).doc!.conflicts as { id: number; label: string }[]
  const conflict = open.find((c) => c.label === id)
  expect(conflict).toBeDefined()
  return conflict!.id
}

beforeAll(async () => {
  peer = await startSandbox({ people: 10 })
  const added = await runCli(['--home', home, 'workspace', 'add', 'Remote', '--url', peer.url], { CIO_SITE_ID: peer.siteId, CIO_TRACK_API_KEY: peer.trackApiKey, CIO_APP_API_KEY: peer.appApiKey, CIO_WRITE_KEY: peer.writeKey })
  expect(added.code, added.stderr).toBe(0)
  expect((await cli(['pull'])).code).toBe(0)
}, 60_000)
afterAll(() => peer?.close())

describe('resolving conflicts from the command line', () => {
  it('keep theirs drops the edit and takes the remote value; nothing is pushed', async () => {
    const id = await conflictOn('sbx-0000004', 'mine-4', 'theirs-4')
    const resolved = await cli(['resolve', String(id), '--keep', 'theirs'])
    expect(resolved.code, resolved.stderr).toBe(0)
    expect(resolved.doc!.conflict).toMatchObject({ state: 'resolved', resolution: 'theirs' })
    expect(resolved.doc!.counts).toEqual({ pending: 0, failed: 0, conflicts: 0 })
    expect((await cli(['people', 'get', 'sbx-0000004'])).doc!.person).toMatchObject({ attributes: expect.objectContaining({ plan: 'theirs-4' }), pending: [] })
    const pushed = await cli(['push', '--yes'])
    expect(pushed.doc!.counts).toMatchObject({ selected: 0, sent: 0 })
  }, 60_000)

  it('a typed value replaces both sides and is what Customer.io ends with', async () => {
    const id = await conflictOn('sbx-0000005', 'mine-5', 'theirs-5')
    const resolved = await cli(['resolve', String(id), '--value', 'typed-5'])
    expect(resolved.code, resolved.stderr).toBe(0)
    expect(resolved.doc!.conflict).toMatchObject({ state: 'resolved', resolution: 'edited' })
    const pushed = await cli(['push', '--yes'])
    expect(pushed.code, pushed.stderr).toBe(0)
    expect(pushed.doc!.counts).toMatchObject({ selected: 1, sent: 1, conflicts: 0 })
    expect(await appAttributes(peer, 'sbx-0000005')).toMatchObject({ plan: 'typed-5' })
    expect((await cli(['people', 'get', 'sbx-0000005'])).doc!.person).toMatchObject({ attributes: expect.objectContaining({ plan: 'typed-5' }), pending: [] })
  }, 60_000)

  it('answers usage errors with exit 2 and records nothing', async () => {
    for (const args of [
      ['edit', 'sbx-0000006', 'plan'], // no "="
      ['edit', 'sbx-0000006', 'email='], // an identifier cannot be cleared
      ['resolve', '1'], // no --keep
      ['resolve', 'one', '--keep', 'mine'],
      ['resolve', '1', '--keep', 'edited'], // edited without --value
      ['resolve', '1', '--keep', 'theirs', '--value', 'x'],
      ['outbox', '--state', 'nonsense'],
      ['push', 'x1'],
    ]) {
      const r = await cli(args)
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(2)
      // --json: the error is the one document on stdout, and says what was wrong
      expect(r.doc?.error?.message, args.join(' ')).toEqual(expect.any(String))
    }
    expect((await cli(['outbox'])).doc!.counts).toEqual({ pending: 0, failed: 0, conflicts: 0 })
  }, 60_000)
})
