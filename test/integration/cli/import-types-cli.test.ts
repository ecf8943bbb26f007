import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ImportSummary } from '../../../src-main/contract/imports'
import type { JobFinished } from '../../../src-main/contract/jobs'
import { startRuntime } from '../../../src-main/runtime/engine-runtime'
import { startSandbox, type SandboxHandle } from '../../../src-main/sandbox'
import { addActiveSandboxWorkspace, remoteAttributes, runCli } from '../support/cli'
import { requireKeyring } from '../support/keyring'

// Issue 14, item 3: a column of phone numbers inferred as a number turned +4915112345678 into
// 4915112345678, silently. Now a leading + or 0, or more than 15 digits, keeps the column as text;
// a column the user types as a number refuses such values (through the IPC contract, where a
// window sends its mapping); and every conversion the plan makes is listed per column with an
// example, before → after, in the dry-run JSON and the human output.
requireKeyring()
const home = mkdtempSync(join(tmpdir(), 'cio-sync-typescli-'))
const file = join(__dirname, '../../fixtures/csv/bad/phone-numbers.csv')
let peer: SandboxHandle

const cli = (args: string[]) => runCli(['--home', home, ...args])

const remote = (id: string) => remoteAttributes(peer, id)

beforeAll(async () => {
  peer = await startSandbox({ people: 0, exportDelayMs: 50 })
  await addActiveSandboxWorkspace(home, peer)
  const pulled = await cli(['--json', 'pull', '--only', 'people'])
  expect(pulled.code, pulled.stderr).toBe(0)
}, 60_000)
afterAll(() => peer?.close())

describe('phone numbers and other digits that are not quantities', () => {
  it('are inferred as text; the one conversion made (score "1.50" → 1.5) is listed with an example', async () => {
    const r = await cli(['--json', 'import', file, '--kind', 'people', '--dry-run'])
    expect(r.code, r.stderr).toBe(0)
    const plan = JSON.parse(r.stdout)
    expect(plan).toMatchObject({ rows: 3, create: 3, invalid: 0, errors: [] })
    expect(plan.conversions).toEqual([{ column: 'score', attribute: 'score', conversion: 'text → number', cells: 3, changed: 2, example: { row: 2, before: '1.50', after: '1.5' } }])
    const human = await cli(['import', file, '--kind', 'people', '--dry-run'])
    expect(human.stdout).toContain('conversion: column "score" → score: text → number, 3 cells (2 written differently), e.g. row 2: "1.50" → 1.5')
  }, 60_000)

  it('reach Customer.io exactly as written', async () => {
    const r = await cli(['--json', 'import', file, '--kind', 'people', '--yes'])
    expect(r.code, r.stderr).toBe(0)
    expect(await remote('p1')).toMatchObject({ contact: '+4915112345678', mobile: '4915112345678', zip: '01234', card_ref: '4111111111111111', score: '1.5' })
    expect(await remote('p3')).toMatchObject({ contact: '+15551234567', zip: '02139', card_ref: '3400000000000009' })
  }, 60_000)
  // last: a plan with a mapping is remembered for the header layout, and would type the CLI's next plan
  it('a column typed as a number by the user refuses +49…, naming row, column and value, and nothing is planned to send', async () => {
    const rt = await startRuntime({ home, mode: 'cli' })
    try {
      const inspected = await rt.invoke('app:imports:inspect', { source: { path: file }, kind: 'people' }, { transport: 'cli' })
      if (!inspected.ok) throw new Error(inspected.error.message)
      const mapping = (inspected.value as { mapping: { columns: { column: string; type: string }[] } }).mapping
      for (const c of mapping.columns) if (c.column === 'contact') c.type = 'number'
      const done = new Promise<JobFinished>((res) => rt.onEvent((name, payload) => name === 'app:jobs:finished' && res(payload as JobFinished)))
      const planned = await rt.invoke('app:imports:plan', { source: { path: file }, options: { kind: 'people' }, mapping }, { transport: 'cli' })
      if (!planned.ok) throw new Error(planned.error.message)
      expect((await done).state).toBe('succeeded')
      const summary = await rt.invoke('app:imports:summary', { importId: (planned.value as { importId: string }).importId })
      const s = (summary.ok ? summary.value : null) as ImportSummary
      expect(s).toMatchObject({ rows: 3, create: 0, invalid: 3 })
      expect(s.errors[0]).toEqual({ row: 2, column: 'contact', value: '+4915112345678', message: 'column "contact": "+4915112345678" starts with a +, which a number would drop (a phone number?): import the column as text' })
    } finally {
      await rt.stop()
    }
  }, 60_000)
})
