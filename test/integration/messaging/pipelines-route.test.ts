// The Pipelines route of an events import against the sandbox: the same CSV through Track v2 and
// through Pipelines lands as the same events (person, name, data, timestamp), and a push SIGKILLed
// while a Pipelines batch is on the wire, then resumed, loses no row and duplicates no event (every
// call carries the row's deterministic messageId, which the sandbox dedupes on, as Track dedupes `id`).

import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ImportSummary } from '../../../src-main/contract/imports'
import { startSandbox, type SandboxHandle } from '../../../src-main/sandbox'
import { setFaults } from '../pull/harness'
import { sandboxEnv, spawnRuntimeChild } from '../support/child-process'
import { requireKeyring } from '../support/keyring'
import { admin, importBatches, killMidBatch, tempDir, writeCsv, type RequestLog } from '../import/harness'
import { openMessagingEngine, runImport } from './harness'

requireKeyring()
const PEOPLE = 10
let track: SandboxHandle
let pipelines: SandboxHandle
const sandboxes: SandboxHandle[] = []

beforeAll(async () => {
  track = await startSandbox({ people: 1 })
  pipelines = await startSandbox({ people: 1 })
  sandboxes.push(track, pipelines)
})
afterAll(() => sandboxes.forEach((s) => s.close()))

type StoredEvent = { id: string; name: string; data: Record<string, unknown>; timestamp: number }
const eventsOf = async (h: SandboxHandle, customer: string, name: string) =>
  (await admin<{ events: StoredEvent[] }>(h, `/__sandbox/events?customer=${encodeURIComponent(customer)}&name=${name}`)).events
    .map((ev) => ({ name: ev.name, data: ev.data, timestamp: ev.timestamp }))
    .sort((a, b) => a.timestamp - b.timestamp)

describe('events through the Pipelines route', () => {
  it('land exactly as they do through Track v2', async () => {
    const rows = [['id', 'event_name', 'timestamp', 'amount', 'sku']]
    for (let i = 1; i <= 600; i++) rows.push([`eq-${i % PEOPLE}`, 'equiv', String(1_700_000_000 + i), String(i), `sku-${i % 7}`])
    const viaTrack = await openMessagingEngine(track, 'route-track')
    const viaPipelines = await openMessagingEngine(pipelines, 'route-pipelines')
    try {
      const a = await runImport(viaTrack, writeCsv(viaTrack.dir, 'events.csv', rows), { kind: 'events', identifierType: 'id' })
      const b = await runImport(viaPipelines, writeCsv(viaPipelines.dir, 'events.csv', rows), { kind: 'events', identifierType: 'id', via: 'pipelines' })
      expect(b.push.state).toBe('succeeded')
      expect(b.summary.push).toMatchObject({ sent: 600, accepted: 600, rejected: 0 })
      expect({ ...b.summary.push, requests: 0, bytes: 0 }).toEqual({ ...a.summary.push, requests: 0, bytes: 0 })
      for (let p = 0; p < PEOPLE; p++) {
        const expected = await eventsOf(track, `eq-${p}`, 'equiv')
        expect(expected).toHaveLength(60)
        expect(await eventsOf(pipelines, `eq-${p}`, 'equiv')).toEqual(expected)
      }
      const log = (await admin<RequestLog>(pipelines, '/__sandbox/requests?limit=10000')).requests
      expect(log.some((r) => r.path === '/v1/batch' && r.status === 200)).toBe(true)
      expect(log.some((r) => r.path === '/api/v2/batch')).toBe(false)
      for (const r of log.filter((x) => x.path === '/v1/batch')) expect(r.requestBytes).toBeLessThanOrEqual(500 * 1024)
    } finally {
      viaTrack.close()
      viaPipelines.close()
    }
  }, 120_000)

  it('resumes after a SIGKILL mid-push without losing a row or duplicating an event', async () => {
    const ROWS = 30_000
    const dir = tempDir('pipelines-kill')
    const home = join(dir, 'home')
    const sandbox = await startSandbox({ people: 1 })
    sandboxes.push(sandbox)
    await setFaults(sandbox, { latencyMs: 150, realms: ['pipelines'] })
    const file = join(dir, 'events.csv')
    const lines = ['id,event_name,timestamp,amount']
    for (let i = 1; i <= ROWS; i++) lines.push(`pk-${i % 300},pipe_kill,${1_700_000_000 + i},${i}`)
    writeFileSync(file, lines.join('\n') + '\n')
    const child = (env: Record<string, string>) => spawnRuntimeChild(join(__dirname, '../import/import-child.ts'), { HOME_DIR: home, VIA: 'pipelines', ...env })
    const batches = () => importBatches(home)

    const first = child({ MODE: 'start', FILE: file, SANDBOX: sandboxEnv(sandbox) })
    await killMidBatch(first, home, 2)
    const { importId } = first.lines[0] as { importId: string }
    // killed well before the end: 30,000 rows of ~330 bytes fill about 20 batches of 500 KB
    expect(batches().filter((b) => b.state === 'acknowledged').length).toBeLessThan(15)

    const second = child({ MODE: 'resume', IMPORT_ID: importId })
    const code = await second.exited
    expect(code.startsWith('0'), code).toBe(true)
    const { finished, summary } = second.lines[1] as { finished: { state: string }; summary: ImportSummary }
    expect(finished.state).toBe('succeeded')
    expect(summary.push).toMatchObject({ sent: ROWS, accepted: ROWS, rejected: 0, status: 'done' })
    const events = (await admin<{ events: { id: string; data: { amount?: unknown } }[] }>(sandbox, '/__sandbox/events?name=pipe_kill')).events
    expect(events).toHaveLength(ROWS)
    expect(new Set(events.map((ev) => String(ev.data.amount))).size).toBe(ROWS)
    const posted = (await admin<RequestLog>(sandbox, '/__sandbox/requests?limit=100000')).requests.filter((r) => r.path === '/v1/batch').length
    // each acknowledged batch was posted at least once; the one cut off by the kill was resent, not more
    const after = batches()
    expect(posted).toBeGreaterThanOrEqual(after.filter((b) => b.state === 'acknowledged').length)
    expect(posted).toBeLessThanOrEqual(after.filter((b) => b.state === 'acknowledged').length + after.filter((b) => b.state === 'may_have_applied').length)
  }, 180_000)
})
