import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSandbox, type SandboxHandle } from '../../../src-main/sandbox'
import { setFaults } from '../pull/harness'
import { admin, appAttributes, openImportEngine, tempDir, waitFor, writeCsv, type ImportEngine, type RequestLog } from './harness'

// Partial failures (207 with batch_index) mapped back to rows, a fixed row re-pushed alone, and an
// events import that completes exactly through injected 429s and 5xx.

let sandbox: SandboxHandle
let engine: ImportEngine
const dir = tempDir('import-repair')

beforeAll(async () => {
  sandbox = await startSandbox({ people: 5 })
  engine = await openImportEngine(sandbox, 'repair')
})
afterAll(async () => {
  engine?.close()
  await sandbox?.close()
})

async function run(jobId: string) {
  const done = await engine.finished(jobId, 90_000)
  expect(done.state, done.message ?? '').toBe('succeeded')
}

describe('report and repair', () => {
  it('maps a 207 batch_index back to its row, exports it, and re-pushes the fixed row alone', async () => {
    const path = writeCsv(dir, 'three.csv', [['id', 'plan'], ['r-1', 'pro'], ['r-2', 'pro'], ['r-3', 'pro']])
    const { importId, jobId } = engine.imports.plan(engine.workspaceId, { path }, { kind: 'people', identifierType: 'id' })
    await run(jobId)
    // Row 3's (r-2; the header is row 1) stored operation is made one the sandbox refuses (a value over 1000 bytes), as if
    // Customer.io's rules had moved past our validation: the batch answers 207 for index 1.
    engine.mirror.sqlite.prepare('UPDATE import_row_results SET changes = ? WHERE job = (SELECT num FROM import_jobs WHERE id = ?) AND row = 3').run(JSON.stringify({ plan: { to: 'p'.repeat(1001) } }), importId)
    await run(engine.imports.push(importId, {}).jobId)
    const s = engine.imports.summary(importId)
    expect(s.push).toMatchObject({ sent: 3, accepted: 2, rejected: 1, requests: 1, status: 'done with rejected rows' })
    const rejected = engine.imports.rows({ importId, bucket: 'rejected', offset: 0, limit: 10 })
    expect(rejected.total).toBe(1)
    expect(rejected.rows[0]).toMatchObject({ row: 3, outcome: 'rejected', identifier: 'r-2' })
    expect(rejected.rows[0].message).toBe("attributes.plan: value for attribute 'plan' cannot be longer than 1000 bytes")
    expect(await appAttributes(sandbox, 'r-2')).toBeNull()
    expect((await appAttributes(sandbox, 'r-3'))!.plan).toBe('pro')
    const report = await engine.imports.rejectedCsv(importId)
    expect(report.csv).toBe(`id,plan,error\r\nr-2,pro,attributes.plan: value for attribute 'plan' cannot be longer than 1000 bytes\r\n`)

    // The user fixes the row in the grid; only it is pushed again.
    const fixed = await engine.imports.fix({ importId, row: 3, values: { plan: 'team' } })
    expect(fixed.errors).toEqual([])
    expect(fixed.row).toMatchObject({ row: 3, bucket: 'create', outcome: null, changes: [{ field: 'plan', to: 'team', kind: 'set' }] })
    const bad = await engine.imports.fix({ importId, row: 4, values: { id: '' } })
    expect(bad.row.bucket).toBe('invalid')
    expect(bad.errors[0]).toMatchObject({ row: 4, column: 'id' })
    await engine.imports.fix({ importId, row: 4, values: { id: 'r-3' } })
    await admin(sandbox, '/__sandbox/requests', { method: 'DELETE' })
    await run(engine.imports.push(importId, { rows: [3] }).jobId)
    const after = engine.imports.summary(importId)
    expect(after.push).toMatchObject({ accepted: 3, rejected: 0 })
    expect((await appAttributes(sandbox, 'r-2'))!.plan).toBe('team')
    const sent = (await admin<RequestLog>(sandbox, '/__sandbox/requests')).requests.filter((r) => r.path === '/api/v2/batch')
    expect(sent).toHaveLength(1)
    expect(engine.imports.rows({ importId, bucket: 'rejected', offset: 0, limit: 10 }).total).toBe(0)
  })
})

describe('an events import under 429s and 5xx', () => {
  it('completes, every event lands exactly once, and the report is exact', async () => {
    const rows = 6_000
    const csv: string[][] = [['id', 'event_name', 'timestamp', 'note']]
    for (let i = 1; i <= rows; i++) csv.push([`ev-${i % 50}`, 'purchase', String(1_700_000_000 + i), `row ${i} ${'n'.repeat(120)}`])
    const path = writeCsv(dir, 'events.csv', csv)
    const { importId, jobId } = engine.imports.plan(engine.workspaceId, { path }, { kind: 'events', identifierType: 'id' })
    await run(jobId)
    expect(engine.imports.summary(importId)).toMatchObject({ rows, create: rows, invalid: 0 })
    const before = (await admin<{ events: unknown[] }>(sandbox, '/__sandbox/events?name=purchase')).events.length
    await setFaults(sandbox, { burst429: 3, retryAfterSeconds: 1, errorNext: 2, errorStatus: 503, realms: ['track'] })
    try {
      await run(engine.imports.push(importId, {}).jobId)
    } finally {
      await admin(sandbox, '/__sandbox/faults', { method: 'DELETE' })
    }
    const s = engine.imports.summary(importId)
    const batches = engine.mirror.sqlite.prepare("SELECT count(*) FROM import_batches WHERE job_id = ? AND state = 'acknowledged'").pluck().get(importId) as number
    expect(batches).toBeGreaterThan(1)
    // 3 refusals and 2 server errors were retried: five more requests than batches
    expect(s.push).toMatchObject({ sent: rows, accepted: rows, rejected: 0, requests: batches + 5, status: 'done' })
    const events = (await admin<{ events: { id: string }[] }>(sandbox, '/__sandbox/events?name=purchase')).events
    expect(events.length - before).toBe(rows)
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length)
  })
})

describe('pause and resume', () => {
  it('a paused push keeps its books; pushing again sends only what was left', async () => {
    const rows = 9_000
    const csv: string[][] = [['id', 'event_name', 'note']]
    for (let i = 1; i <= rows; i++) csv.push([`pz-${i % 20}`, 'paused_test', `row ${i} ${'p'.repeat(120)}`])
    const { importId, jobId } = engine.imports.plan(engine.workspaceId, { path: writeCsv(dir, 'pause.csv', csv) }, { kind: 'events', identifierType: 'id' })
    await run(jobId)
    await setFaults(sandbox, { latencyMs: 300, realms: ['track'] })
    try {
      const push = engine.imports.push(importId, {})
      const acknowledged = () => engine.mirror.sqlite.prepare("SELECT count(*) FROM import_batches WHERE job_id = ? AND state = 'acknowledged'").pluck().get(importId) as number
      await waitFor(() => (acknowledged() >= 1 ? true : undefined), 30_000)
      expect(engine.imports.pause(importId)).toEqual({ jobId: push.jobId })
      expect((await engine.finished(push.jobId)).state).toBe('cancelled')
      const paused = engine.imports.summary(importId)
      expect(paused.state).toBe('paused')
      expect(paused.push!.accepted).toBeGreaterThan(0)
      expect(paused.push!.accepted).toBeLessThan(rows)
      expect(engine.imports.pause(importId)).toEqual({ jobId: null })
      await run(engine.imports.push(importId, {}).jobId)
    } finally {
      await admin(sandbox, '/__sandbox/faults', { method: 'DELETE' })
    }
    expect(engine.imports.summary(importId).push).toMatchObject({ sent: rows, accepted: rows, rejected: 0 })
    const events = (await admin<{ events: { id: string }[] }>(sandbox, '/__sandbox/events?name=paused_test')).events
    expect(events).toHaveLength(rows)
    expect(new Set(events.map((e) => e.id)).size).toBe(rows)
  })
})
