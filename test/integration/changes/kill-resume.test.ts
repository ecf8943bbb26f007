import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSandbox, type SandboxHandle } from '../../../src-main/sandbox'
import { admin, appAttributes, tempDir, waitFor, type RequestLog } from '../import/harness'
import { setFaults } from '../pull/harness'
import { queryMirror, sandboxEnv, spawnRuntimeChild } from '../support/child-process'
import { requireKeyring } from '../support/keyring'

// A push of 300 offline edits through the real runtime, SIGKILLed while its batch is on the wire,
// then pushed again from a new process: every edit reaches Customer.io, none is lost, and none is
// sent twice — the resumed push refreshes first, so a batch the kill cut off that did apply is
// settled without being resent.
requireKeyring()
const PEOPLE = 300
const LATENCY_MS = 1500
let sandbox: SandboxHandle
const dir = tempDir('changes-kill')
const home = join(dir, 'home')

beforeAll(async () => {
  sandbox = await startSandbox({ people: PEOPLE + 20 })
})
afterAll(() => sandbox?.close())

const child = (env: Record<string, string>) => spawnRuntimeChild(join(__dirname, 'push-child.ts'), { HOME_DIR: home, PEOPLE: String(PEOPLE), ...env })
const outbox = () => queryMirror<{ state: string; n: number }>(join(home, 'mirror.db'), 'SELECT state, count(*) AS n FROM outbox GROUP BY state ORDER BY state')

describe('a push killed mid-request', () => {
  it('survives the restart with every edit, and resumes without losing or duplicating one', async () => {
    const prepare = child({ MODE: 'prepare', SANDBOX: sandboxEnv(sandbox) })
    const prepared = await prepare.exited
    expect(prepared.startsWith('0'), prepared).toBe(true)
    // the engine stopped and the edits are still there
    expect(outbox()).toEqual([{ state: 'pending', n: PEOPLE }])

    await setFaults(sandbox, { latencyMs: LATENCY_MS, realms: ['track'] })
    await admin(sandbox, '/__sandbox/requests', { method: 'DELETE' })
    const first = child({ MODE: 'push' })
    await waitFor(() => (outbox().some((s) => s.state === 'sending') ? true : undefined), 60_000)
    await new Promise((r) => setTimeout(r, 300)) // the request body is on the wire
    first.proc.kill('SIGKILL')
    await first.exited
    expect(outbox()).toEqual([{ state: 'sending', n: PEOPLE }])

    // Let the sandbox finish with the orphaned request, then see whether it applied.
    await new Promise((r) => setTimeout(r, LATENCY_MS + 500))
    await setFaults(sandbox, { latencyMs: 0 })
    const appliedBeforeResume = (await appAttributes(sandbox, 'sbx-0000001'))?.kill_marker === 'edited-1'
    await admin(sandbox, '/__sandbox/requests', { method: 'DELETE' })

    const second = child({ MODE: 'push' })
    const code = await second.exited
    expect(code.startsWith('0'), code).toBe(true)
    const { finished, counts } = second.lines[1] as { finished: { state: string }; counts: Record<string, number> }
    expect(finished.state).toBe('succeeded')
    expect(outbox()).toEqual([{ state: 'sent', n: PEOPLE }])
    // Applied by the killed request: settled by the refresh, nothing resent. Not applied: sent once.
    const batches = (await admin<RequestLog>(sandbox, '/__sandbox/requests?limit=10000')).requests.filter((r) => r.path === '/api/v2/batch')
    if (appliedBeforeResume) {
      expect(batches).toHaveLength(0)
      expect(counts).toMatchObject({ settled: PEOPLE, sent: 0 })
    } else {
      expect(batches).toHaveLength(1)
      expect(counts).toMatchObject({ sent: PEOPLE })
    }
    for (const i of [1, 150, PEOPLE]) expect((await appAttributes(sandbox, `sbx-${String(i).padStart(7, '0')}`))?.kill_marker).toBe(`edited-${i}`)
    // the mirror's base holds the pushed values: nothing is pending for anyone
    const db = new Database(join(home, 'mirror.db'), { readonly: true })
    const unsynced = db.prepare("SELECT count(*) FROM people WHERE json_extract(attributes, '$.kill_marker') IS NOT json_extract(coalesce(base_attributes, attributes), '$.kill_marker')").pluck().get()
    db.close()
    expect(unsynced).toBe(0)
  }, 120_000)
})
