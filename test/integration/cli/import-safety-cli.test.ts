import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSandbox, type SandboxHandle } from '../../../src-main/sandbox'
import { addActiveSandboxWorkspace, runCli } from '../support/cli'
import { requireKeyring } from '../support/keyring'

// Issue 14 from a terminal: an undo that deletes people is never pushed unconfirmed.
requireKeyring()
const home = mkdtempSync(join(tmpdir(), 'cio-sync-importsafety-'))
const dir = mkdtempSync(join(tmpdir(), 'cio-sync-importsafety-csv-'))
let peer: SandboxHandle

const cli = (args: string[]) => runCli(['--home', home, ...args])

async function admin(method: string, path: string): Promise<void> {
  await fetch(`${peer.url}${path}`, { method, headers: { Authorization: `Bearer ${peer.adminToken}` } })
}

async function remote(id: string): Promise<Record<string, string> | null> {
  await admin('POST', '/__sandbox/flush')
  const res = await fetch(`${peer.url}/v1/customers/${encodeURIComponent(id)}/attributes`, { headers: { Authorization: `Bearer ${peer.appApiKey}` } })
  if (res.status === 404) return null
  return ((await res.json()) as { customer: { attributes: Record<string, string> } }).customer.attributes
}

function csv(name: string, lines: string[]): string {
  const file = join(dir, name)
  writeFileSync(file, lines.join('\n') + '\n')
  return file
}

beforeAll(async () => {
  peer = await startSandbox({ people: 0, exportDelayMs: 50 })
  await addActiveSandboxWorkspace(home, peer)
  expect((await cli(['--json', 'pull', '--only', 'people'])).code).toBe(0)
}, 60_000)
afterAll(() => peer?.close())

describe('an undo that deletes people', () => {
  it('counts the deletions apart and refuses to push them without --yes', async () => {
    const file = csv('created.csv', ['id,email,plan', 'del-1,del1@example.com,pro', 'del-2,del2@example.com,pro'])
    const imported = await cli(['--json', 'import', file, '--kind', 'people', '--yes'])
    expect(imported.code, imported.stderr).toBe(0)
    const { job } = JSON.parse(imported.stdout) as { job: string }
    expect(await remote('del-1')).not.toBeNull()

    const dry = await cli(['--json', 'import', 'undo', job, '--dry-run'])
    expect(dry.code, dry.stderr).toBe(0)
    expect(JSON.parse(dry.stdout)).toMatchObject({ rows: 2, create: 0, update: 0, delete: 2 })

    // no terminal and no --yes: refused, and nobody is deleted
    const refused = await cli(['--json', 'import', 'undo', job])
    expect(refused.code).toBe(2)
    expect(JSON.parse(refused.stdout).error.message).toMatch(/deletes 2 people .*--yes/)
    expect(await remote('del-1')).not.toBeNull()
    expect(await remote('del-2')).not.toBeNull()

    const confirmed = await cli(['--json', 'import', 'undo', job, '--yes'])
    expect(confirmed.code, confirmed.stderr).toBe(0)
    expect(JSON.parse(confirmed.stdout)).toMatchObject({ accepted: 2, rejected: 0 })
    expect(await remote('del-1')).toBeNull()
    expect(await remote('del-2')).toBeNull()
  }, 90_000)
})
