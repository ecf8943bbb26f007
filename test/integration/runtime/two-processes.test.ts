import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSandbox, type SandboxHandle } from '../../../src-main/sandbox'
import { spawnRuntimeChild, type RuntimeChild } from '../support/child-process'
import { addActiveSandboxWorkspace, runCli } from '../support/cli'
import { requireKeyring } from '../support/keyring'

// Two processes on one data folder: a `cio-sync pull` while another process (lock-holder.ts, as a
// CLI import's long batch would) holds a write transaction on the same mirror.db. A lock that
// clears within seconds is waited out; one that does not is reported with the process holding it,
// not as a raw "database is locked".
requireKeyring()
const home = mkdtempSync(join(tmpdir(), 'cio-sync-2proc-'))
let peer: SandboxHandle
let holder: RuntimeChild | null = null

async function hold(ms: number, asRuntime: boolean): Promise<RuntimeChild> {
  const child = spawnRuntimeChild(join(__dirname, 'lock-holder.ts'), { HOME_DIR: home, HOLD_MS: String(ms), AS_RUNTIME: asRuntime ? '1' : '0' })
  const deadline = Date.now() + 20_000
  while (child.lines.length === 0) {
    if (Date.now() > deadline || child.proc.exitCode !== null) throw new Error(`lock holder did not start: ${await child.exited}`)
    await new Promise((r) => setTimeout(r, 25))
  }
  return child
}

beforeAll(async () => {
  peer = await startSandbox({ people: 50 })
  await addActiveSandboxWorkspace(home, peer)
}, 60_000)
afterAll(async () => {
  if (holder && holder.proc.exitCode === null) holder.proc.kill('SIGTERM')
  await holder?.exited
  await peer?.close()
})

describe('two processes on one data folder', () => {
  it('a pull waits for a write transaction another process holds for 12 s, then succeeds', async () => {
    holder = await hold(12_000, false)
    const started = Date.now()
    const pulled = await runCli(['--home', home, '--json', 'pull'])
    expect(pulled.code, pulled.stderr).toBe(0)
    expect(JSON.parse(pulled.stdout)).toMatchObject({ state: 'succeeded' })
    expect(pulled.stderr).not.toMatch(/locked/i)
    expect(await holder.exited).toMatch(/^0 /)
    expect(Date.now() - started).toBeGreaterThan(5000) // it did wait for the other process
  }, 60_000)

  it('a lock held past the wait is reported with the process that holds the folder', async () => {
    holder = await hold(60_000, true)
    const pulled = await runCli(['--home', home, 'pull'], { CIO_SYNC_BUSY_TIMEOUT_MS: '1500' })
    expect(pulled.code).toBe(1)
    expect(pulled.stderr).not.toMatch(/database is locked/)
    expect(pulled.stderr).toContain(`pid ${holder.proc.pid}`)
    expect(pulled.stderr).toContain('lock-holder.ts')
    holder.proc.kill('SIGTERM')
    expect(await holder.exited).toMatch(/^0 /)
    // and once it has gone, the same command goes through
    const again = await runCli(['--home', home, '--json', 'pull'])
    expect(again.code, again.stderr).toBe(0)
  }, 60_000)
})
