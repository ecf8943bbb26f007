// The Pipelines route of an events import against the sandbox: the same CSV through Track v2 and
// through Pipelines lands as the same events (person, name, data, timestamp), and a push SIGKILLed
// while a Pipelines batch is on the wire, then resumed, loses no row and duplicates no event (every
// call carries the row's deterministic messageId, which the sandbox dedupes on, as Track dedupes `id`).

import { spawn } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ImportSummary } from '../../../src-main/ipc/contracts/imports'
import { startSandbox, type SandboxHandle } from '../../../src-main/sandbox'
import { setFaults } from '../pull/harness'
import { requireKeyring } from '../support/keyring'
import { admin, tempDir, waitFor, writeCsv, type RequestLog } from '../import/harness'
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
    const sb = { url: sandbox.url, siteId: sandbox.siteId, trackApiKey: sandbox.trackApiKey, appApiKey: sandbox.appApiKey, writeKey: sandbox.writeKey }
    const child = (env: Record<string, string>) => {
      const proc = spawn(process.execPath, ['--import', 'tsx', join(__dirname, '../import/import-child.ts')], { env: { ...process.env, HOME_DIR: home, VIA: 'pipelines', ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
      const out: unknown[] = []
      let err = ''
      proc.stdout!.on('data', (d: Buffer) => { for (const l of d.toString().split('\n').filter(Boolean)) out.push(JSON.parse(l)) })
      proc.stderr!.on('data', (d) => (err += d))
      return { proc, out, exited: new Promise<string>((res) => proc.on('exit', (code, signal) => res(`${code ?? signal} ${err}`))) }
    }
    const batches = (): { seq: number; state: string }[] => {
      let db: Database.Database | undefined
      try {
        db = new Database(join(home, 'mirror.db'), { readonly: true, fileMustExist: true })
        return db.prepare('SELECT seq, state FROM import_batches ORDER BY seq').all() as { seq: number; state: string }[]
      } catch {
        return []
      } finally {
        db?.close()
      }
    }

    const first = child({ MODE: 'start', FILE: file, SANDBOX: JSON.stringify(sb) })
    await waitFor(() => {
      const b = batches()
      return b.filter((x) => x.state === 'acknowledged').length >= 2 && b.some((x) => x.state === 'sent') ? true : undefined
    }, 60_000)
    first.proc.kill('SIGKILL')
    await first.exited
    const { importId } = first.out[0] as { importId: string }
    // killed well before the end: 30,000 rows of ~330 bytes fill about 20 batches of 500 KB
    expect(batches().filter((b) => b.state === 'acknowledged').length).toBeLessThan(15)

    const second = child({ MODE: 'resume', IMPORT_ID: importId })
    const code = await second.exited
    expect(code.startsWith('0'), code).toBe(true)
    const { finished, summary } = second.out[1] as { finished: { state: string }; summary: ImportSummary }
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
