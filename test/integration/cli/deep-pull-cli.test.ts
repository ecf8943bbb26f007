import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSandbox, type SandboxHandle } from '../../../src-main/sandbox'
import { runCli } from '../support/cli'
import { requireKeyring } from '../support/keyring'

// Issue 13 from a terminal: `pull --deep` runs a deep-pull job (not a pull) with the same summary
// and exit codes, refuses --only/--full as a usage error before anything starts, `status` says how
// complete the mirror is, `runs --kind deep-pull` finds the run, and `schedule add --kind
// deep-pull` adds a schedule without parts.
requireKeyring()
const home = mkdtempSync(join(tmpdir(), 'cio-sync-deepcli-'))
let peer: SandboxHandle

const cli = (args: string[], env: Record<string, string> = {}) => runCli(['--home', home, ...args], env)

beforeAll(async () => {
  peer = await startSandbox({ people: 40 })
  const added = await cli(['workspace', 'add', 'Remote', '--url', peer.url], { CIO_SITE_ID: peer.siteId, CIO_TRACK_API_KEY: peer.trackApiKey, CIO_APP_API_KEY: peer.appApiKey, CIO_WRITE_KEY: peer.writeKey })
  expect(added.code, added.stderr).toBe(0)
}, 60_000)
afterAll(() => peer?.close())

describe('deep pull from the CLI', () => {
  it('says what the three pulls are in the help', async () => {
    const r = await cli(['pull', '--help'])
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('--deep')
    expect(r.stdout).toMatch(/activity feed/)
    expect(r.stdout).toMatch(/export/)
  })

  it('refuses --deep with --only or --full as a usage error, before starting anything', async () => {
    const only = await cli(['--workspace', 'Remote', 'pull', '--deep', '--only', 'people'])
    expect(only.code).toBe(2)
    expect(only.stderr).toContain('--deep')
    expect(only.stderr).toContain('--only')
    const full = await cli(['--workspace', 'Remote', '--json', 'pull', '--deep', '--full'])
    expect(full.code).toBe(2)
    expect(JSON.parse(full.stdout).error).toMatchObject({ code: 'USAGE', message: expect.stringContaining('--full') })
    const runs = JSON.parse((await cli(['--workspace', 'Remote', '--json', 'runs'])).stdout)
    expect(runs.runs).toEqual([])
  })

  it('says in status that no deep pull has run yet', async () => {
    const r = await cli(['--workspace', 'Remote', 'status'])
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toMatch(/^attribute names\s+0$/m)
    expect(r.stdout).toMatch(/^last deep pull\s+never/m)
    expect(r.stdout).toMatch(/^last people pull\s+never$/m)
  })

  it('runs a deep-pull job to its summary and records when it finished', async () => {
    const pulled = await cli(['--workspace', 'Remote', '--json', 'pull', '--deep'])
    expect(pulled.code, pulled.stderr).toBe(0)
    const doc = JSON.parse(pulled.stdout)
    expect(doc).toMatchObject({ workspace: 'Remote', kind: 'deep-pull', state: 'succeeded', message: expect.stringContaining('deep pull') })
    expect(doc.counts).toMatchObject({ read: 40 })

    const status = JSON.parse((await cli(['--workspace', 'Remote', '--json', 'status'])).stdout)
    expect(status.people).toBe(40)
    expect(status.attributeCoverage.deepPullFinishedAt).toBeGreaterThan(0)
    expect(status.attributeCoverage.names.length).toBeGreaterThan(0)

    const human = await cli(['--workspace', 'Remote', 'status'])
    expect(human.stdout).toContain(`last deep pull   ${new Date(status.attributeCoverage.deepPullFinishedAt).toISOString()}`)
    const names: string[] = status.attributeCoverage.names
    const line = human.stdout.split('\n').find((l) => l.startsWith('attribute names'))
    // the names themselves up to 20, only the count beyond
    expect(line).toBe(names.length <= 20 ? `attribute names  ${names.length}: ${names.join(', ')}` : `attribute names  ${names.length}`)

    const runs = JSON.parse((await cli(['--workspace', 'Remote', '--json', 'runs', '--kind', 'deep-pull'])).stdout).runs
    expect(runs).toHaveLength(1)
    expect(runs[0]).toMatchObject({ id: doc.job, kind: 'deep-pull', trigger: 'cli', state: 'succeeded' })

    const plain = await cli(['--workspace', 'Remote', 'pull', '--deep'])
    expect(plain.code, plain.stderr).toBe(0)
    expect(plain.stdout).toMatch(/^Remote: deep pull succeeded — deep pull: /)
  }, 60_000)

  it('names the path of the last people pull in status', async () => {
    const pulled = await cli(['--workspace', 'Remote', '--json', 'pull', '--only', 'people'])
    expect(pulled.code, pulled.stderr).toBe(0)
    expect(JSON.parse(pulled.stdout)).toMatchObject({ kind: 'pull', state: 'succeeded' })
    const status = JSON.parse((await cli(['--workspace', 'Remote', '--json', 'status'])).stdout)
    const mode: string = status.attributeCoverage.lastPeoplePull
    expect(['incremental', 'export', 'search']).toContain(mode)
    const text = { incremental: 'incremental (activity feed)', export: 'full export', search: 'one search page' }[mode]
    const reason: string | null = status.attributeCoverage.lastPeoplePullReason
    const human = await cli(['--workspace', 'Remote', 'status'])
    expect(human.stdout).toContain(`last people pull ${text}${reason ? ` — ${reason}` : ''}`)
  }, 60_000)

  it('adds a deep-pull schedule, without parts', async () => {
    const added = await cli(['--workspace', 'Remote', '--json', 'schedule', 'add', '--every', '6h', '--kind', 'deep-pull'])
    expect(added.code, added.stderr).toBe(0)
    expect(JSON.parse(added.stdout)).toMatchObject({ kind: 'deep-pull', parts: null, everySeconds: 6 * 3600, enabled: true })
    const withParts = await cli(['--workspace', 'Remote', 'schedule', 'add', '--every', '6h', '--kind', 'deep-pull', '--only', 'people'])
    expect(withParts.code).toBe(2)
    expect(withParts.stderr).toContain('--only applies to --kind pull')
    const unknown = await cli(['--workspace', 'Remote', 'schedule', 'add', '--every', '6h', '--kind', 'deep'])
    expect(unknown.code).toBe(2)
    expect(unknown.stderr).toContain('--kind must be pull, deep-pull, push')
    const list = await cli(['--workspace', 'Remote', 'schedule', 'list'])
    expect(list.stdout).toMatch(/deep-pull\s+every 6 h/)
  })
})
