import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ImportSummary } from '../../../src-main/contract/imports'
import { startSandbox, type SandboxHandle } from '../../../src-main/sandbox'
import { sandboxEnv, spawnRuntimeChild } from '../support/child-process'
import { requireKeyring } from '../support/keyring'
import { setFaults } from '../pull/harness'
import { admin, importBatches, killMidBatch, tempDir, type RequestLog } from './harness'

// A 100,000-row events push through the real runtime, SIGKILLed while a batch is on the wire,
// then resumed by pushing again: no row lost, no event duplicated (Customer.io dedupes by the
// deterministic event id, which is why resending an unacknowledged batch is safe).
requireKeyring()
const ROWS = 100_000
let sandbox: SandboxHandle
const dir = tempDir('import-kill')
const home = join(dir, 'home')

beforeAll(async () => {
  sandbox = await startSandbox({ people: 1 })
  // every Track request waits a little, so most of the push's time a batch is 'sent' and unanswered
  await setFaults(sandbox, { latencyMs: 120, realms: ['track'] })
})
afterAll(() => sandbox?.close())

const child = (env: Record<string, string>) => spawnRuntimeChild(join(__dirname, 'import-child.ts'), { HOME_DIR: home, ...env })
const batches = () => importBatches(home)

describe('an import killed mid-push', () => {
  it('resumes without losing a row or duplicating an event', async () => {
    const file = join(dir, 'events.csv')
    const lines = ['id,event_name,timestamp,amount']
    for (let i = 1; i <= ROWS; i++) lines.push(`kill-${i % 500},kill_test,${1_700_000_000 + i},${i}`)
    writeFileSync(file, lines.join('\n') + '\n')

    const first = child({ MODE: 'start', FILE: file, SANDBOX: sandboxEnv(sandbox) })
    // Kill once a few batches are acknowledged and the next one is on the wire.
    await killMidBatch(first, home, 3)
    const { importId } = first.lines[0] as { importId: string }
    const atKill = batches()
    const acknowledgedAtKill = atKill.filter((b) => b.state === 'acknowledged').length
    const inFlight = atKill.filter((b) => b.state === 'sent' || b.state === 'recorded')
    expect(acknowledgedAtKill).toBeLessThan(25) // killed well before the end

    const second = child({ MODE: 'resume', IMPORT_ID: importId })
    const code = await second.exited
    expect(code.startsWith('0'), code).toBe(true)
    const { finished, summary } = second.lines[1] as { finished: { state: string }; summary: ImportSummary }
    expect(finished.state).toBe('succeeded')
    expect(summary.push).toMatchObject({ sent: ROWS, accepted: ROWS, rejected: 0, status: 'done' })

    // Every batch that was on the wire when the process died is accounted for: resent (events are idempotent by id).
    const after = batches()
    for (const b of inFlight) expect(after.find((x) => x.seq === b.seq)?.state ?? 'dropped (never sent)').toMatch(/may_have_applied|dropped/)
    const db = new Database(join(home, 'mirror.db'), { readonly: true })
    const outcomes = db.prepare('SELECT outcome, count(*) AS n FROM import_row_results WHERE job = (SELECT num FROM import_jobs WHERE id = ?) GROUP BY outcome').all(importId)
    db.close()
    expect(outcomes).toEqual([{ outcome: 'accepted', n: ROWS }])

    const events = (await admin<{ events: { id: string; data: { amount?: unknown } }[] }>(sandbox, '/__sandbox/events?name=kill_test')).events
    expect(events).toHaveLength(ROWS)
    expect(new Set(events.map((e) => e.id)).size).toBe(ROWS)
    expect(new Set(events.map((e) => String(e.data.amount))).size).toBe(ROWS) // every row, once
    // Each acknowledged batch was answered once; a batch cut off by the kill may or may not have
    // reached the sandbox (the sandbox logs a request when it answers), never more than once.
    const posted = (await admin<RequestLog>(sandbox, '/__sandbox/requests?limit=100000')).requests.filter((r) => r.path === '/api/v2/batch').length
    const acknowledged = after.filter((b) => b.state === 'acknowledged').length
    expect(posted).toBeGreaterThanOrEqual(acknowledged)
    expect(posted).toBeLessThanOrEqual(acknowledged + after.filter((b) => b.state === 'may_have_applied').length)
  }, 120_000)
})
