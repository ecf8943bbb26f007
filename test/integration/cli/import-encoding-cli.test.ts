import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSandbox, type SandboxHandle } from '../../../src-main/sandbox'
import { addActiveSandboxWorkspace, remoteAttributes, runCli } from '../support/cli'
import { requireKeyring } from '../support/keyring'

// Issue 14, item 1: a UTF-8 file of 1,000 people with one Windows-1252 byte (row 500, "François")
// was read whole as Windows-1252: 999 names became "JosÃ©", ids like "emoji-ðŸ‘¾-10", 0 invalid
// rows, no warning. Now the file is read as UTF-8, the one row is refused naming row, column and
// byte offset, the plan's JSON says which encoding and why, and the user can accept the row
// (--accept-stray-bytes) or choose the encoding (--encoding).
requireKeyring()
const home = mkdtempSync(join(tmpdir(), 'cio-sync-enccli-'))
const file = join(__dirname, '../../fixtures/csv/bad/utf8-one-latin1-byte.csv')
const strayOffset = readFileSync(file).indexOf(Buffer.from('Fran\xe7ois', 'latin1')) + 4
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

describe('a UTF-8 file with one stray Windows-1252 byte', () => {
  it('is planned as UTF-8 with the one row refused, naming row, column and byte offset', async () => {
    expect(strayOffset).toBeGreaterThan(10_000)
    const r = await cli(['--json', 'import', file, '--kind', 'people', '--dry-run'])
    expect(r.code, r.stderr).toBe(0)
    const plan = JSON.parse(r.stdout)
    expect(plan).toMatchObject({ rows: 1000, create: 999, invalid: 1 })
    expect(plan.encoding).toMatchObject({ name: 'utf-8', chosenBy: 'detected', strayBytes: 1 })
    expect(plan.encoding.reason).toMatch(new RegExp(`1 byte is not UTF-8 \\(byte offset ${strayOffset}\\)`))
    expect(plan.errors).toEqual([{ row: 501, column: 'first_name', message: expect.stringContaining(`byte 0xE7 at byte offset ${strayOffset} of the file is not UTF-8`) }])
    expect(plan.errors[0].message).toContain('"François"')
  }, 60_000)

  it('pushes the 999 good rows exactly as written and never the row with the stray byte', async () => {
    const r = await cli(['--json', 'import', file, '--kind', 'people', '--yes'])
    expect(r.code, r.stderr).toBe(3) // done, with a row not applied
    expect(JSON.parse(r.stdout)).toMatchObject({ accepted: 999, rejected: 0 })
    expect(await remote('u1')).toMatchObject({ first_name: 'Zoë', city: 'São Paulo' })
    expect(await remote('emoji-👾-10')).toMatchObject({ first_name: 'Chloé', email: 'p10@example.com' })
    expect(await remote('emoji-ðŸ‘¾-10')).toBeNull()
    expect(await remote('u500')).toBeNull()
  }, 60_000)

  it('imports the row when the user accepts it, its byte read as Windows-1252', async () => {
    const dry = await cli(['--json', 'import', file, '--kind', 'people', '--accept-stray-bytes', '--dry-run'])
    expect(dry.code, dry.stderr).toBe(0)
    expect(JSON.parse(dry.stdout)).toMatchObject({ rows: 1000, create: 1, unchanged: 999, invalid: 0 })
    const run = await cli(['--json', 'import', file, '--kind', 'people', '--accept-stray-bytes', '--yes'])
    expect(run.code, run.stderr).toBe(0)
    expect(await remote('u500')).toMatchObject({ first_name: 'François' })
  }, 60_000)

  it('reads the file in the encoding the user chooses, and says so', async () => {
    const r = await cli(['--json', 'import', file, '--kind', 'people', '--encoding', 'windows-1252', '--dry-run'])
    expect(r.code, r.stderr).toBe(0)
    const plan = JSON.parse(r.stdout)
    expect(plan.encoding).toMatchObject({ name: 'windows-1252', chosenBy: 'user', strayBytes: 0 })
    expect(plan.encoding.reason).toMatch(/chosen by the user \(detection said UTF-8/)
    // the choice is the user's, and its effect is visible: no row reads as the mirror holds it now
    // (every city is "SÃ£o Paulo"; the emoji ids are new ids whose emails belong to others)
    expect(plan).toMatchObject({ rows: 1000, unchanged: 0 })
    const human = await cli(['import', file, '--kind', 'people', '--dry-run'])
    expect(human.stdout).toMatch(/^encoding: utf-8 \(detected: the file has valid UTF-8 multi-byte characters, but 1 byte is not UTF-8/m)
    const bad = await cli(['import', file, '--kind', 'people', '--encoding', 'latin-9', '--dry-run'])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain('--encoding must be one of utf-8, windows-1252, utf-16le, utf-16be')
  }, 60_000)
})
