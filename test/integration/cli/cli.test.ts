import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSandbox, type SandboxHandle } from '../../../src-main/sandbox'
import { runCli } from '../support/cli'
import { requireKeyring } from '../support/keyring'

// The CLI as scripts use it: a real process, real keychain, a real data folder, exit codes.
requireKeyring()
const home = mkdtempSync(join(tmpdir(), 'cio-sync-cli-'))
let peer: SandboxHandle

const cli = runCli

beforeAll(async () => {
  peer = await startSandbox({ people: 3 })
})
afterAll(() => peer?.close())

describe('cio-sync CLI', () => {
  it('lists its commands in --help', async () => {
    const r = await cli(['--help'])
    expect(r.code).toBe(0)
    for (const c of ['workspace', 'status', 'serve', 'sandbox']) expect(r.stdout).toContain(c)
    expect(r.stdout).toContain('--home')
    expect(r.stdout).toContain('--json')
  })

  it('exits 2 on a usage error', async () => {
    expect((await cli(['frobnicate'])).code).toBe(2)
    const both = await cli(['--home', home, 'workspace', 'add', 'x', '--region', 'us', '--url', 'http://127.0.0.1:1'])
    expect(both.code).toBe(2)
    expect(both.stderr).toContain('exactly one of --region')
  })

  it('adds a workspace with keys from the environment and prints one JSON document', async () => {
    const r = await cli(['--home', home, '--json', 'workspace', 'add', 'Staging', '--url', peer.url], {
      CIO_SITE_ID: peer.siteId,
      CIO_TRACK_API_KEY: peer.trackApiKey,
      CIO_APP_API_KEY: peer.appApiKey,
      CIO_WRITE_KEY: peer.writeKey,
    })
    expect(r.code, r.stderr).toBe(0)
    const view = JSON.parse(r.stdout)
    expect(view).toMatchObject({ name: 'Staging', kind: 'custom', url: peer.url })
    expect(view.credentials.writeKey).toEqual({ set: true, last4: peer.writeKey.slice(-4) })
    expect(r.stdout).not.toContain(peer.appApiKey)
  })

  it('tests a workspace by name and reports the region', async () => {
    const r = await cli(['--home', home, '--json', 'workspace', 'test', 'staging'])
    expect(r.code, r.stderr).toBe(0)
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: true, region: 'us' })
    const human = await cli(['--home', home, 'workspace', 'test', 'Staging'])
    expect(human.stdout).toMatch(/connected \(region US\)/)
  })

  it('lists workspaces with masked keys, the first-run sandbox active', async () => {
    const r = await cli(['--home', home, '--json', 'workspace', 'list'])
    const { workspaces } = JSON.parse(r.stdout)
    expect(workspaces.map((w: { name: string }) => w.name).sort()).toEqual(['Sandbox', 'Staging'])
    expect(workspaces.find((w: { active: boolean }) => w.active).name).toBe('Sandbox')
    const human = await cli(['--home', home, 'workspace', 'list'])
    expect(human.stdout).toContain(`•••• ${peer.trackApiKey.slice(-4)}`)
    expect(human.stdout).not.toContain(peer.trackApiKey)
  })

  it('reports mirror counts with status --json', async () => {
    const r = await cli(['--home', home, '--workspace', 'Staging', '--json', 'status'])
    expect(r.code, r.stderr).toBe(0)
    expect(JSON.parse(r.stdout)).toEqual({ workspace: 'Staging', people: 0, segments: 0, segmentMembers: 0, collections: 0, outbox: 0, conflicts: 0, lastPull: null, attributeCoverage: { names: [], deepPullFinishedAt: null, lastPeoplePull: null, lastPeoplePullReason: null } })
  })

  it('fails with exit 1 and a JSON error when a workspace test fails', async () => {
    await cli(['--home', home, 'workspace', 'add', 'Broken', '--url', 'http://127.0.0.1:9'], { CIO_SITE_ID: 'x', CIO_TRACK_API_KEY: 'y' })
    const r = await cli(['--home', home, '--json', 'workspace', 'test', 'Broken'])
    expect(r.code).toBe(1)
    expect(JSON.parse(r.stdout).track.status).toBe('network')
  })

  it('removes a workspace', async () => {
    const r = await cli(['--home', home, '--json', 'workspace', 'remove', 'Broken'])
    expect(r.code).toBe(0)
    const unknown = await cli(['--home', home, 'workspace', 'remove', 'Broken'])
    expect(unknown.code).toBe(2)
    expect(unknown.stderr).toContain('no workspace named "Broken"')
  })
})
