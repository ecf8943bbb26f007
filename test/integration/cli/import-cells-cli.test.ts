import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSandbox, type SandboxHandle } from '../../../src-main/sandbox'
import { appAttributes } from '../import/harness'
import { setFaults } from '../pull/harness'
import { addActiveSandboxWorkspace, runCli } from '../support/cli'
import { requireKeyring } from '../support/keyring'

// Issue 14 item 17, from a terminal against a sandbox: the cells a plan converts or flags (NULs
// removed, control characters, �, formula-like) are listed with row and column in the dry run
// (JSON and text) and in the run's summary, a NUL never reaches Customer.io, and a push that
// fails says why in its --json document.
requireKeyring()
const home = mkdtempSync(join(tmpdir(), 'cio-sync-cellscli-'))
const dir = mkdtempSync(join(tmpdir(), 'cio-sync-cellscsv-'))
let peer: SandboxHandle
const cli = (args: string[]) => runCli(['--home', home, ...args])

const file = join(dir, 'cells.csv')
const rows = [
  'id,email,notes,code',
  'cell-a,a@example.com,x\u0000y,=SUM(A1)', // row 2 (the header is row 1): NUL removed from notes; code looks like a formula
  'cell-b,b@example.com,bell\u0007,plain', // row 3: a control character
  'cell-c,c@example.com,caf\ufffd,plain', // row 4: a character that could not be decoded
]

beforeAll(async () => {
  peer = await startSandbox({ people: 0 })
  await addActiveSandboxWorkspace(home, peer)
  writeFileSync(file, rows.join('\n') + '\n')
}, 60_000)
afterAll(() => peer?.close())

interface Warning {
  row: number
  column: string | null
  message: string
}

describe('converted and flagged cells', () => {
  it('are in the dry run, JSON and text, with row and column', async () => {
    const dry = await cli(['--json', 'import', file, '--kind', 'people', '--dry-run'])
    expect(dry.code, dry.stderr).toBe(0)
    const plan = JSON.parse(dry.stdout) as { create: number; rowWarnings: Warning[]; rowWarningCount: number }
    expect(plan.create).toBe(3)
    expect(plan.rowWarningCount).toBe(4)
    expect(plan.rowWarnings.map((w) => [w.row, w.column])).toEqual([[2, 'notes'], [2, 'code'], [3, 'notes'], [4, 'notes']])
    expect(plan.rowWarnings[0].message).toBe('column "notes": "x\\u0000y" held 1 NUL character (U+0000), which Customer.io cannot store; removed: "x\\u0000y" → "xy"')
    expect(plan.rowWarnings[1].message).toMatch(/starts like a spreadsheet formula/)
    expect(plan.rowWarnings[2].message).toMatch(/control characters/)
    expect(plan.rowWarnings[3].message).toMatch(/could not be decoded/)

    const text = await cli(['import', file, '--kind', 'people', '--dry-run'])
    expect(text.stdout).toContain('4 cells were converted or flagged')
    expect(text.stdout).toContain('  row 2, column notes: column "notes": "x\\u0000y" held 1 NUL character')
    expect(text.stdout).toMatch(/ {2}row 4, column notes: .*could not be decoded/)
  }, 60_000)

  it('are in the run summary, and the NUL never reaches Customer.io', async () => {
    const run = await cli(['import', file, '--kind', 'people', '--yes'])
    expect(run.code, run.stderr).toBe(0)
    expect(run.stdout).toMatch(/3 accepted, 0 rejected/)
    expect(run.stdout).toContain('4 cells were converted or flagged')
    expect(run.stdout).toMatch(/ {2}row 2, column code: .*formula/)
    expect((await appAttributes(peer, 'cell-a'))?.notes).toBe('xy')
    expect((await appAttributes(peer, 'cell-b'))?.notes).toBe('bell\u0007')
  }, 60_000)

  it('a failed push says why in --json', async () => {
    const other = join(dir, 'other.csv')
    writeFileSync(other, 'id,email,plan\ncell-d,d@example.com,pro\n')
    await setFaults(peer, { errorRate: 1, errorStatus: 500, realms: ['track'] })
    try {
      const run = await cli(['--json', 'import', other, '--kind', 'people', '--yes'])
      expect(run.code).toBe(1)
      const doc = JSON.parse(run.stdout) as { status: string; message: string | null; error?: { code: string; message: string } }
      expect(doc.status).toBe('failed')
      expect(doc.error?.code).toBe('FAILED')
      expect(doc.error?.message.length).toBeGreaterThan(10)
      expect(doc.message).toBe(doc.error?.message)
    } finally {
      await setFaults(peer, { errorRate: 0, realms: [] })
    }
  }, 60_000)
})
