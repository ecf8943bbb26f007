// Incremental pull vs export pull (issue 13: after a day of changes in a 1,000,000-person workspace,
// the pull reads the activity feed and re-reads only the people it names: < 5 s and < 40 App API
// requests, "against tens of seconds" for the export).
//
//   node --import tsx bench/pull/incremental-bench.ts [people=1000000] [changes=1000]
//
// One run, one sandbox, one mirror file:
//   1. the sandbox in its own process (bench/pull/sandbox-process.ts: `cio-sync sandbox` with the
//      admin token printed), seeded with N people, the App API at its real 10 req/s;
//   2. the first pull (export path, as pull-bench.ts times it);
//   3. `changes` remote changes through Track v2 /api/v2/batch, spread over the whole workspace:
//      mostly attribute changes of existing people (some people changed twice, a few gaining an
//      attribute no one had), ~5 % creates, ~0.5 % deletes, ~0.3 % device adds, one merge;
//   4. the incremental pull: wall time, App requests from the sandbox's request log, exports created,
//      counts.peoplePull, and where the time went (feed pages, bulk reads, gaps between requests);
//   5. the changed people in the mirror compared with the sandbox (bulk attributes by id, every
//      attribute, identifiers and devices), and the live people count with the sandbox's;
//   6. the same remote state pulled again with `full: true` (export path, compare mode) into the
//      same mirror: wall time, requests, what it still found to change; checked the same way.
// All pulls are `only: ['people']`, as pull-bench.ts: the target is the people path. The incremental
// figures also carry `liveCountQueryMs`: the live-people count the path runs twice before its first
// request, timed alone afterwards on the same connection (where the time goes at 1M: RESULTS.md).
// INCREMENTAL_BENCH_LIVE_INDEX=1 is a what-if, not the product: the mirror file gets a partial index
// for that count after the first pull. The temp folders (~1.6 GB at 1M) are removed at the end
// unless INCREMENTAL_BENCH_KEEP=1.
import { spawn } from 'node:child_process'
import { rmSync } from 'node:fs'
import { request as httpRequest } from 'node:http'
import { cpus, loadavg, totalmem } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import type { JobFinished, JobProgress } from '../../src-main/contract/jobs'
import type { RequestLogEntry as LoggedRequest } from '../../src-main/sandbox/admin-routes'
import { SyncRunsRepo, type SyncRunRow } from '../../src-main/db/sync-runs-repo'
import { openEngine, tempDir, type Engine, type SandboxKeys } from '../../test/integration/pull/harness'
import { prng } from '../../src-main/sandbox/seed-people'

type Keys = SandboxKeys & { adminToken: string }


const ratio = (a: number, b: number, digits: number) => Number((a / b).toFixed(digits))

async function startSandboxProcess(people: number): Promise<{ keys: Keys; stop: () => Promise<void>; startMs: number; dir: string }> {
  const started = Date.now()
  const dir = tempDir('bench-sandbox')
  const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'sandbox-process.ts'), String(people), dir], { stdio: ['ignore', 'pipe', 'inherit'] })
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve)
    child.once('exit', (code) => reject(new Error(`sandbox exited with ${code}`)))
  })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const stop = async () => {
    child.kill('SIGTERM')
    await exited
  }
  return { keys: JSON.parse(line) as Keys, stop, startMs: Date.now() - started, dir }
}

/**
 * The bench's own calls to the sandbox, each on a fresh connection. Not fetch: its kept-alive socket,
 * idle while this thread is blocked in SQLite for longer than the server's 5 s keep-alive timeout, is
 * reset when reused (ECONNRESET) — the same thing the pull's own client runs into (RESULTS.md).
 */
function send(url: string, method: string, headers: Record<string, string>, body?: unknown): Promise<{ status: number; text: string }> {
  const payload = body === undefined ? undefined : JSON.stringify(body)
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method, agent: false, headers: { ...headers, ...(payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}) } }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }))
      res.on('error', reject)
    })
    req.on('error', reject)
    req.end(payload)
  })
}

function admin(keys: Keys) {
  return async (method: string, path: string, body?: unknown): Promise<Record<string, unknown>> => {
    const res = await send(`${keys.url}${path}`, method, { authorization: `Bearer ${keys.adminToken}` }, body)
    if (res.status !== 200) throw new Error(`${method} ${path}: ${res.status} ${res.text}`)
    return JSON.parse(res.text) as Record<string, unknown>
  }
}

/** A pull job, waited for without the harness's 120 s limit (a 1M compare-mode export takes longer). */
async function pull(engine: Engine, options: Record<string, unknown>): Promise<{ finished: JobFinished; run: SyncRunRow; startedAt: number; endedAt: number }> {
  const startedAt = Date.now()
  const job = engine.jobs.start('pull', 'cli', options)
  for (;;) {
    const finished = engine.events.find((e) => e.name === 'app:jobs:finished' && (e.payload as JobFinished).jobId === job.id)
    if (finished) {
      const run = new SyncRunsRepo(engine.mirror.sqlite).get(job.id)!
      return { finished: finished.payload as JobFinished, run, startedAt, endedAt: finished.at }
    }
    if (Date.now() - startedAt > 15 * 60_000) throw new Error('pull did not finish in 15 minutes')
    await new Promise((r) => setTimeout(r, 5))
  }
}

/** Phase changes of one job, in ms since `startedAt`. */
function timeline(engine: Engine, jobId: string | undefined, startedAt: number): [string, number][] {
  const out: [string, number][] = []
  for (const e of engine.events) {
    if (e.name !== 'app:jobs:progress') continue
    const p = e.payload as JobProgress
    if (jobId && p.jobId !== jobId) continue
    if (p.phase !== out.at(-1)?.[0]) out.push([p.phase, e.at - startedAt])
  }
  return out
}

const sbx = (pk: number) => 'sbx-' + String(pk).padStart(7, '0')

interface Plan {
  ops: Record<string, unknown>[]
  mix: Record<string, number>
  touchedIds: string[]
  expectedRemotePeople: number
}

/** A day of remote changes over people 1..N (the sandbox seeds sbx-0000001…, pk = index). */
function planChanges(people: number, changes: number): Plan {
  const rand = prng(20261127 + people + changes)
  const creates = Math.max(1, Math.round(changes * 0.05))
  const deletes = Math.max(1, Math.round(changes * 0.005))
  const devices = Math.max(1, Math.round(changes * 0.003))
  const merges = 1
  const updates = Math.max(0, changes - creates - deletes - devices - merges)
  const reserved = new Set<number>()
  const pickPk = (): number => {
    for (;;) {
      const pk = 1 + Math.floor(rand() * people)
      if (!reserved.has(pk)) {
        reserved.add(pk)
        return pk
      }
    }
  }
  const ops: Record<string, unknown>[] = []
  const touched = new Set<string>()
  const now = Math.floor(Date.now() / 1000)
  const plans = ['free', 'basic', 'pro', 'enterprise']
  // deletes, the merge and device owners first, so attribute changes never land on them
  for (let i = 0; i < deletes; i++) {
    const id = sbx(pickPk())
    ops.push({ type: 'person', action: 'delete', identifiers: { id } })
    touched.add(id)
  }
  const primary = sbx(pickPk())
  const secondary = sbx(pickPk())
  ops.push({ type: 'person', action: 'merge', primary: { id: primary }, secondary: { id: secondary } })
  touched.add(primary).add(secondary)
  for (let i = 0; i < devices; i++) {
    const id = sbx(pickPk())
    ops.push({ type: 'person', action: 'add_device', identifiers: { id }, device: { token: `apns-bench-${i}-${now}`, platform: 'ios', attributes: { app_version: '9.9.9', device_os: '18.1' } } })
    touched.add(id)
  }
  const updated: string[] = []
  let twice = 0
  let gainedNew = 0
  for (let i = 0; i < updates; i++) {
    // about one change in ten is a second change of someone already changed today
    const again = updated.length > 0 && rand() < 0.1
    const id = again ? updated[Math.floor(rand() * updated.length)] : sbx(pickPk())
    if (again) twice++
    else updated.push(id)
    const attributes: Record<string, unknown> = { last_seen_at: now + i }
    if (rand() < 0.3) attributes.plan = plans[Math.floor(rand() * plans.length)]
    if (rand() < 0.05) {
      attributes.bench_tier = 'gold' // an attribute no seeded person has
      gainedNew++
    }
    ops.push({ type: 'person', action: 'identify', identifiers: { id }, attributes })
    touched.add(id)
  }
  for (let i = 1; i <= creates; i++) {
    const id = `bench-new-${i}`
    ops.push({ type: 'person', action: 'identify', identifiers: { id }, attributes: { email: `bench.new.${i}@example.com`, first_name: `New${i}`, plan: 'free', created_at: now } })
    touched.add(id)
  }
  // interleaved as a day would be (Fisher–Yates), except that a person's changes keep their order
  for (let i = ops.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1))
    ;[ops[i], ops[j]] = [ops[j], ops[i]]
  }
  return {
    ops,
    mix: { attributeChanges: updates, ofWhichSecondChangeOfSamePerson: twice, ofWhichGainAnAttributeNoOneHad: gainedNew, creates, deletes, deviceAdds: devices, merges },
    touchedIds: [...touched],
    expectedRemotePeople: people + creates - deletes - merges,
  }
}

async function sendChanges(keys: Keys, ops: Record<string, unknown>[]): Promise<{ requests: number; ms: number }> {
  const started = Date.now()
  const auth = 'Basic ' + Buffer.from(`${keys.siteId}:${keys.trackApiKey}`).toString('base64')
  let requests = 0
  for (let i = 0; i < ops.length; i += 200) {
    const res = await send(`${keys.url}/api/v2/batch`, 'POST', { authorization: auth }, { batch: ops.slice(i, i + 200) })
    requests++
    if (res.status !== 200) throw new Error(`v2 batch: ${res.status} ${res.text}`)
  }
  return { requests, ms: Date.now() - started }
}

interface RemoteCopy {
  cioId: string
  email: string | null
  attributes: Record<string, string>
  devices: string[]
}

/** The sandbox's copy of these people (bulk attributes by id, 100 per request, limiter off meanwhile). */
async function remoteByIds(keys: Keys, ids: string[]): Promise<Map<string, RemoteCopy>> {
  const call = admin(keys)
  await call('PUT', '/__sandbox/rate-limits', { enabled: false })
  const out = new Map<string, RemoteCopy>()
  try {
    for (let i = 0; i < ids.length; i += 100) {
      const res = await send(`${keys.url}/v1/customers/attributes?id_type=id`, 'POST', { authorization: `Bearer ${keys.appApiKey}` }, { ids: ids.slice(i, i + 100) })
      if (res.status !== 200) throw new Error(`bulk attributes: ${res.status} ${res.text}`)
      const body = JSON.parse(res.text) as { customers: { customer: { identifiers: { id: string; email: string | null; cio_id: string }; attributes: Record<string, string>; devices: { id: string }[] } }[] }
      for (const { customer } of body.customers) {
        const attributes = { ...customer.attributes }
        delete attributes.id
        delete attributes.email
        delete attributes.cio_id
        out.set(customer.identifiers.id, { cioId: customer.identifiers.cio_id, email: customer.identifiers.email, attributes, devices: customer.devices.map((d) => d.id).sort() })
      }
    }
  } finally {
    await call('PUT', '/__sandbox/rate-limits', { enabled: true })
  }
  return out
}

const sortedJson = (o: Record<string, string>) => JSON.stringify(Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))))

/** The touched people of the mirror against the sandbox's, exactly; and the live totals. */
async function verify(engine: Engine, keys: Keys, touchedIds: string[], compareDevices: boolean) {
  const remote = await remoteByIds(keys, touchedIds)
  const row = engine.mirror.sqlite.prepare('SELECT cio_id, email, attributes, devices FROM people WHERE ws = (SELECT ws FROM workspaces WHERE id = ?) AND id = ? AND deleted_at IS NULL')
  const mismatches: string[] = []
  let live = 0
  let gone = 0
  for (const id of touchedIds) {
    const mine = row.get(engine.workspaceId, id) as { cio_id: string; email: string | null; attributes: string; devices: string | null } | undefined
    const theirs = remote.get(id)
    if (!theirs && !mine) {
      gone++
      continue
    }
    if (!theirs) {
      mismatches.push(`${id}: live in the mirror, gone from the sandbox`)
      continue
    }
    if (!mine) {
      mismatches.push(`${id}: in the sandbox (${theirs.cioId}), not live in the mirror`)
      continue
    }
    live++
    if (mine.cio_id !== theirs.cioId) mismatches.push(`${id}: cio_id ${mine.cio_id} vs ${theirs.cioId}`)
    if (mine.email !== theirs.email) mismatches.push(`${id}: email ${mine.email} vs ${theirs.email}`)
    const a = sortedJson(JSON.parse(mine.attributes) as Record<string, string>)
    const b = sortedJson(theirs.attributes)
    if (a !== b) mismatches.push(`${id}: attributes mirror ${a} vs sandbox ${b}`)
    if (compareDevices) {
      const devices = JSON.stringify(((JSON.parse(mine.devices ?? '[]') as { id: string }[]) ?? []).map((d) => d.id).sort())
      if (devices !== JSON.stringify(theirs.devices)) mismatches.push(`${id}: devices mirror ${devices} vs sandbox ${JSON.stringify(theirs.devices)}`)
    }
  }
  const state = await admin(keys)('GET', '/__sandbox/state')
  const mirrorLive = engine.mirror.sqlite.prepare('SELECT count(*) FROM people WHERE ws = (SELECT ws FROM workspaces WHERE id = ?) AND deleted_at IS NULL').pluck().get(engine.workspaceId) as number
  return { touchedLive: live, touchedGone: gone, mismatches: mismatches.length, firstMismatches: mismatches.slice(0, 10), mirrorLivePeople: mirrorLive, sandboxPeople: state.people as number, totalsEqual: mirrorLive === state.people }
}

/** App requests of one pull from the sandbox's log, by kind, and where its wall time went. */
function appRequestFigures(log: LoggedRequest[], startedAt: number, endedAt: number) {
  const app = log.filter((r) => r.realm === 'app').sort((a, b) => a.at - b.at)
  const kind = (r: LoggedRequest) =>
    r.path.startsWith('/v1/activities') ? 'feed' : r.path.startsWith('/v1/customers/attributes') ? 'bulkAttributes' : r.path.startsWith('/v1/exports') ? 'exports' : r.path.startsWith('/v1/customers') ? 'customers' : r.path.replace(/\?.*$/, '')
  const byKind: Record<string, { requests: number; serverMs: number }> = {}
  for (const r of app) {
    const k = (byKind[kind(r)] ??= { requests: 0, serverMs: 0 })
    k.requests++
    k.serverMs += r.ms
  }
  const starts = app.map((r) => r.at)
  const spacing = starts.slice(1).map((t, i) => t - starts[i])
  const firstBulk = app.find((r) => kind(r) === 'bulkAttributes')
  const lastFeed = app.filter((r) => kind(r) === 'feed').at(-1)
  const last = app.at(-1)
  return {
    appRequests: app.length,
    byKind,
    statuses: [...new Set(app.map((r) => r.status))],
    // the client's governor spaces App requests 100 ms apart (10/s): this is the floor the budget sets
    rateFloorMs: Math.max(0, app.length - 1) * 100,
    requestSpacingMs: spacing.length ? { min: Math.min(...spacing), median: spacing.sort((a, b) => a - b)[Math.floor(spacing.length / 2)], max: Math.max(...spacing) } : null,
    jobStartToFirstRequestMs: app.length ? app[0].at - startedAt : null,
    feedMs: lastFeed && app.length ? lastFeed.at + lastFeed.ms - app[0].at : null,
    bulkReadsMs: firstBulk && last ? last.at + last.ms - firstBulk.at : null,
    lastResponseToFinishedMs: last ? endedAt - (last.at + last.ms) : null,
  }
}

async function main(): Promise<void> {
  const people = Number(process.argv[2] ?? 1_000_000)
  const changes = Number(process.argv[3] ?? 1000)
  const load = [loadavg()[0]]
  const sandbox = await startSandboxProcess(people)
  const call = admin(sandbox.keys)
  const requestLog = async () => ((await call('GET', '/__sandbox/requests?limit=1000')) as unknown as { requests: LoggedRequest[] }).requests
  const exportsNow = async () => (await call('GET', '/__sandbox/state')).exports as number
  const mirrorDir = tempDir('bench-incremental')
  const file = join(mirrorDir, 'mirror.db')
  const engine = await openEngine(file, sandbox.keys)
  try {
    // 2. first pull: export into the empty mirror
    await call('DELETE', '/__sandbox/requests')
    const first = await pull(engine, { only: ['people'] })
    if (first.finished.state !== 'succeeded') throw new Error(`first pull: ${first.finished.message}`)
    const firstLog = await requestLog()
    // What-if, not the product: INCREMENTAL_BENCH_LIVE_INDEX=1 gives this mirror file a partial index
    // that answers the live-people count from an index instead of the whole table (RESULTS.md).
    let whatIf: { liveCountPartialIndex: boolean; createMs?: number } = { liveCountPartialIndex: false }
    if (process.env.INCREMENTAL_BENCH_LIVE_INDEX === '1') {
      const t = Date.now()
      engine.mirror.sqlite.exec('CREATE INDEX IF NOT EXISTS bench_people_ws_live ON people (ws) WHERE deleted_at IS NULL')
      whatIf = { liveCountPartialIndex: true, createMs: Date.now() - t }
    }

    // 3. a day of remote changes
    const plan = planChanges(people, changes)
    const sent = await sendChanges(sandbox.keys, plan.ops)
    load.push(loadavg()[0])

    // 4. incremental pull
    const exportsBefore = await exportsNow()
    await call('DELETE', '/__sandbox/requests')
    const incr = await pull(engine, { only: ['people'] })
    const incrLog = await requestLog()
    const incrExports = (await exportsNow()) - exportsBefore
    if (incr.finished.state !== 'succeeded') throw new Error(`incremental pull: ${incr.finished.message}`)
    // 5. correctness of what it left in the mirror (before the full pull overwrites anything)
    const incrCheck = await verify(engine, sandbox.keys, plan.touchedIds, true)
    // The query the incremental path runs twice before its first request (people-pull.ts: the
    // small-pull check; people-incremental.ts: the feed limits), timed alone on the same connection.
    const liveCount = engine.mirror.sqlite.prepare('SELECT count(*) FROM people WHERE ws = (SELECT ws FROM workspaces WHERE id = ?) AND deleted_at IS NULL').pluck()
    const liveCountMs: number[] = []
    for (let i = 0; i < 2; i++) {
      const t = performance.now()
      liveCount.get(engine.workspaceId)
      liveCountMs.push(Math.round(performance.now() - t))
    }
    load.push(loadavg()[0])

    // 6. the same state by export, into the same mirror
    await call('DELETE', '/__sandbox/requests')
    const full = await pull(engine, { only: ['people'], full: true })
    const fullLog = await requestLog()
    const fullExports = (await exportsNow()) - exportsBefore - incrExports
    if (full.finished.state !== 'succeeded') throw new Error(`full pull: ${full.finished.message}`)
    const fullCheck = await verify(engine, sandbox.keys, plan.touchedIds, true)
    load.push(loadavg()[0])

    const ms = (p: { startedAt: number; endedAt: number }) => p.endedAt - p.startedAt
    const figures = (p: typeof first, log: LoggedRequest[]) => ({
      state: p.finished.state,
      message: p.finished.message,
      wallMs: ms(p),
      runRequests: (p.run.counts as { requests: number }).requests,
      runRetries: p.run.retries,
      peoplePull: p.run.counts?.peoplePull,
      peopleCounts: p.run.counts?.people,
      phasesAtMs: timeline(engine, p.run.id, p.startedAt).map(([k, v]) => `${k} @ ${v}`),
      ...appRequestFigures(log, p.startedAt, p.endedAt),
    })
    const incremental = { ...figures(incr, incrLog), exportsCreated: incrExports, liveCountQueryMs: liveCountMs, verify: incrCheck }
    const export_ = { ...figures(full, fullLog), exportsCreated: fullExports, verify: fullCheck }
    const result = {
      machine: { cpus: `${cpus().length}× ${cpus()[0]?.model}`, totalMemGb: Math.round(totalmem() / 1e9), node: process.version, loadAvg1m: { start: load[0], afterChanges: load[1], afterIncremental: load[2], end: load[3] } },
      command: `${whatIf.liveCountPartialIndex ? 'INCREMENTAL_BENCH_LIVE_INDEX=1 ' : ''}node --import tsx bench/pull/incremental-bench.ts ${people} ${changes}`,
      whatIf,
      people,
      changes,
      mix: plan.mix,
      distinctPeopleTouched: plan.touchedIds.length,
      changesSent: sent,
      sandboxStartMs: sandbox.startMs,
      firstPull: { state: first.finished.state, wallMs: ms(first), runRequests: (first.run.counts as { requests: number }).requests, appRequests: firstLog.filter((r) => r.realm === 'app').length, peoplePull: first.run.counts?.peoplePull, phasesAtMs: timeline(engine, first.run.id, first.startedAt).map(([k, v]) => `${k} @ ${v}`) },
      incremental,
      fullExport: export_,
      targets: {
        incrementalUnder5s: incremental.wallMs < 5000,
        incrementalUnder40Requests: incremental.appRequests < 40,
        noExport: incrExports === 0,
        incrementalMode: (incremental.peoplePull as { mode?: string } | undefined)?.mode === 'incremental',
        correct: incrCheck.mismatches === 0 && incrCheck.totalsEqual && incrCheck.sandboxPeople === plan.expectedRemotePeople,
      },
      ratios: {
        incrementalOverExportTime: ratio(incremental.wallMs, export_.wallMs, 3),
        exportOverIncrementalTime: ratio(export_.wallMs, incremental.wallMs, 1),
        incrementalOverFirstPullTime: ratio(incremental.wallMs, ms(first), 3),
        incrementalOverExportAppRequests: export_.appRequests ? ratio(incremental.appRequests, export_.appRequests, 2) : null,
      },
    }
    process.stdout.write(JSON.stringify(result, null, 2) + '\n')
  } finally {
    engine.close()
    await sandbox.stop()
    // ~1.6 GB at 1M people (mirror + sandbox); INCREMENTAL_BENCH_KEEP=1 keeps them for a look
    if (process.env.INCREMENTAL_BENCH_KEEP !== '1') for (const dir of [mirrorDir, sandbox.dir]) rmSync(dir, { recursive: true, force: true })
  }
}

main().catch((err) => {
  process.stderr.write(String(err?.stack ?? err) + '\n')
  process.exit(1)
})
