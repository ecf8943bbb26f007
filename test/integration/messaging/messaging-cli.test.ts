import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSandbox, type SandboxHandle } from '../../../src-main/sandbox'
import { writeCsv, admin, type RequestLog } from '../import/harness'
import { addActiveSandboxWorkspace, runCli } from '../support/cli'
import { requireKeyring } from '../support/keyring'

// `cio-sync send`, `broadcast trigger` and `import --via pipelines` as scripts use them: a real
// process, the real keychain, one JSON document with --json, and the exit codes of docs/DESIGN.md "The command line".
requireKeyring()
const home = mkdtempSync(join(tmpdir(), 'cio-sync-messaging-cli-'))
let sandbox: SandboxHandle
const cli = (args: string[]) => runCli(['--home', home, ...args])

beforeAll(async () => {
  sandbox = await startSandbox({ people: 5 })
  await addActiveSandboxWorkspace(home, sandbox)
  expect((await cli(['--json', 'pull', '--only', 'people,segments'])).code).toBe(0)
}, 120_000)
afterAll(() => sandbox?.close())

describe('messaging from the command line', () => {
  it('sends a transactional email and prints the delivery id', async () => {
    // an identifier the mirror does not know is sent as typed (here an email, which is also the address)
    const r = await cli(['--json', 'send', 'email', '--to', 'ada.cli@example.com', '--message', 'welcome', '--data', 'name=Ada', '--data', 'n:=3'])
    expect(r.code, r.stderr + r.stdout).toBe(0)
    const doc = JSON.parse(r.stdout)
    expect(doc).toMatchObject({ status: 'queued', deliveryId: expect.any(String) })
    const human = await cli(['send', 'sms', '--to', 'someone@example.com', '--message', 'otp', '--address', '+15555550100'])
    expect(human.code, human.stderr).toBe(0)
    expect(human.stdout.trim()).toMatch(/^\S+$/)
  })

  it('refuses bad usage with exit 2 and sends nothing', async () => {
    expect((await cli(['send', 'fax', '--to', 'x', '--message', '1'])).code).toBe(2)
    expect((await cli(['send', 'email', '--message', '1'])).code).toBe(2)
    expect((await cli(['send', 'email', '--to', 'x', '--message', '1', '--data', 'oops'])).code).toBe(2)
    expect((await cli(['broadcast', 'trigger', '1', '--segment', '1', '--csv', 'x.csv'])).code).toBe(2)
    expect((await cli(['import', 'x.csv', '--kind', 'devices', '--via', 'pipelines'])).code).toBe(2)
  })

  it('triggers a broadcast, then refuses the next one within 10 s with the seconds to wait', async () => {
    const first = await cli(['--json', 'broadcast', 'trigger', '1', '--data', 'promo=spring'])
    expect(first.code, first.stderr + first.stdout).toBe(0)
    expect(JSON.parse(first.stdout)).toMatchObject({ status: 'triggered', triggerId: expect.any(Number) })
    const second = await cli(['--json', 'broadcast', 'trigger', '1', '--segment', '1'])
    expect(second.code).toBe(1)
    const doc = JSON.parse(second.stdout)
    expect(doc.status).toBe('wait')
    expect(doc.waitSeconds).toBeGreaterThan(0)
    expect(doc.waitSeconds).toBeLessThanOrEqual(10)
  })

  it('checks a per-user-data CSV like an import and lists its bad rows', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bcsv-'))
    const bad = writeCsv(dir, 'bad.csv', [['email', 'coupon'], ['not-an-email', 'A1'], ['', 'B2']])
    const r = await cli(['--json', 'broadcast', 'trigger', '1', '--csv', bad])
    expect(r.code).toBe(1)
    const doc = JSON.parse(r.stdout)
    expect(doc.error.code).toBe('INVALID_ROWS')
    expect(doc.error.errors.map((e: { row: number }) => e.row)).toEqual([2, 3]) // as a spreadsheet numbers them: the header is row 1
  })

  it('imports events through the Pipelines route', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pcsv-'))
    const file = writeCsv(dir, 'events.csv', [['id', 'event_name', 'plan'], ['cli-1', 'cli_piped', 'pro'], ['cli-2', 'cli_piped', 'basic']])
    const r = await cli(['--json', 'import', file, '--kind', 'events', '--identifier', 'id', '--via', 'pipelines', '--yes'])
    expect(r.code, r.stderr + r.stdout).toBe(0)
    expect(JSON.parse(r.stdout)).toMatchObject({ sent: 2, accepted: 2, rejected: 0 })
    const log = (await admin<RequestLog>(sandbox, '/__sandbox/requests?limit=1000')).requests
    expect(log.some((x) => x.path === '/v1/batch' && x.status === 200)).toBe(true)
  })
})
