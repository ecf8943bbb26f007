// Import benchmark (issue 5 "Done when"): a 1,000,000-row, 10-column people file planned against a
// 1,000,000-person mirror (target ≤ 6 s, peak RSS ≤ 400 MB), then the rows that differ pushed into
// the sandbox through Track v2 batches.
//
//   node --import tsx bench/import/import-bench.ts [rows=1000000]
//   IMPORT_BENCH_VIA=pipelines node --import tsx bench/import/import-bench.ts 200000   (the Pipelines route)
//
// The mirror is filled directly (the pull has its own bench), the file is generated: 85 % of rows
// unchanged, 10 % with one attribute changed, 5 % new people. The plan runs in a child process of
// its own so its peak RSS is the plan's alone (getrusage maxRSS of that process). The push goes to
// a sandbox in a separate process (`cio-sync sandbox`), like a remote workspace.
import { spawn } from 'node:child_process'
import { createWriteStream, mkdirSync } from 'node:fs'
import { cpus, totalmem } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { openMirror } from '../../src-main/db/connection'
import { JobsRepo } from '../../src-main/jobs/jobs-repo'
import { WorkspacesRepo } from '../../src-main/db/workspaces-repo'
import { ImportService } from '../../src-main/import/import-service'
import { GovernorRegistry } from '../../src-main/cio/rate-governor'
import { MAX_BATCH_BYTES } from '../../src-main/cio/packer'
import { PIPELINES_LIMITS } from '../../src-main/import/push/pipelines-units'
import type { JobFinished } from '../../src-main/contract/jobs'
import { JobService } from '../../src-main/jobs/job-service'
import { SandboxManager } from '../../src-main/workspaces/sandbox-manager'
import { WorkspaceService } from '../../src-main/workspaces/workspace-service'
import { MemorySecrets } from '../../test/integration/pull/harness'
import { openImportEngine, tempDir, waitFor, type SandboxKeys } from '../../test/integration/import/harness'

const PLANS = ['free', 'basic', 'pro', 'enterprise']
const COUNTRIES = ['US', 'GB', 'DE', 'FR', 'NO', 'JP']
const attrs = (i: number) => ({ first_name: `First${i}`, last_name: `Last${i}`, plan: PLANS[i % 4], country: COUNTRIES[i % 6], city: `City${i % 1000}`, ltv: String(i % 5000), newsletter: i % 2 === 0 ? 'true' : 'false', company: `Company ${i % 20000}` })

async function startSandboxProcess(): Promise<{ keys: SandboxKeys; stop: () => void }> {
  const child = spawn(process.execPath, [join(__dirname, '../../bin/cio-sync.js'), 'sandbox', '--people', '1', '--data', tempDir('bench-import-sandbox')], { stdio: ['ignore', 'pipe', 'inherit'] })
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve)
    child.once('exit', (code) => reject(new Error(`sandbox exited with ${code}`)))
  })
  return { keys: JSON.parse(line) as SandboxKeys, stop: () => child.kill('SIGTERM') }
}

async function writeFile(path: string, rows: number): Promise<void> {
  const out = createWriteStream(path)
  const write = (s: string) => (out.write(s) ? Promise.resolve() : new Promise<void>((r) => out.once('drain', () => r())))
  await write('id,email,first_name,last_name,plan,country,city,ltv,newsletter,company\n')
  let chunk = ''
  for (let i = 1; i <= rows; i++) {
    const a = attrs(i)
    const isNew = i % 20 === 0
    const changed = !isNew && i % 10 === 1
    const id = isNew ? `new-${i}` : `p-${i}`
    chunk += `${id},${id}@example.com,${a.first_name},${a.last_name},${changed ? 'changed' : a.plan},${a.country},${a.city},${a.ltv},${a.newsletter},${a.company}\n`
    if (i % 10_000 === 0) {
      await write(chunk)
      chunk = ''
    }
  }
  await write(chunk)
  await new Promise<void>((r) => out.end(r))
}

/** Child mode: plan the file against the mirror and report time and this process's peak RSS. */
async function planOnly(mirrorFile: string, workspaceId: string, csv: string): Promise<void> {
  const mirror = openMirror(mirrorFile)
  const sink = { emit: () => undefined }
  const workspaces = new WorkspaceService(new WorkspacesRepo(mirror.db), new MemorySecrets(), new SandboxManager(() => Promise.reject(new Error('unused')), tempDir('unused'), 0), sink)
  const finished: JobFinished[] = []
  const jobs = new JobService(new JobsRepo(mirror.db), { emit: (name, payload) => void (name === 'app:jobs:finished' && finished.push(payload as JobFinished)) }, {}, () => workspaceId)
  const imports = new ImportService({ mirror, workspaces, home: tempDir('bench-home'), jobs, governors: new GovernorRegistry(), actor: 'bench' })
  const started = performance.now()
  // IMPORT_BENCH_VIA=pipelines plans (and so pushes) through the Data Pipelines route instead of Track v2
  const via = process.env.IMPORT_BENCH_VIA === 'pipelines' ? { via: 'pipelines' as const } : {}
  const { importId, jobId } = imports.plan(workspaceId, { path: csv }, { kind: 'people', identifierType: 'id', ...via })
  const done = await waitFor(() => finished.find((f) => f.jobId === jobId), 600_000)
  const ms = performance.now() - started
  const s = imports.summary(importId)
  const gc = (globalThis as { gc?: () => void }).gc
  if (gc) {
    gc()
    process.stderr.write(`heap after gc: ${Math.round(process.memoryUsage().heapUsed / 1048576)} MB\n`)
    if (process.env.IMPORT_BENCH_HEAP_SNAPSHOT) (await import('node:v8')).writeHeapSnapshot(process.env.IMPORT_BENCH_HEAP_SNAPSHOT)
  }
  mirror.close()
  process.stdout.write(JSON.stringify({ importId, state: done.state, message: done.message, planMs: Math.round(ms), cpuMs: Math.round((process.cpuUsage().user + process.cpuUsage().system) / 1000), peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024), endMemoryMb: Object.fromEntries(Object.entries(process.memoryUsage()).map(([k, v]) => [k, Math.round(v / 1048576)])), counts: { rows: s.rows, create: s.create, update: s.update, unchanged: s.unchanged, invalid: s.invalid, duplicates: s.duplicates } }) + '\n')
}

async function main(): Promise<void> {
  if (process.argv[2] === '--plan-only') return planOnly(process.argv[3], process.argv[4], process.argv[5])
  const rows = Number(process.argv[2] ?? 1_000_000)
  const dir = tempDir('bench-import')
  mkdirSync(dir, { recursive: true })
  const sandbox = await startSandboxProcess()
  const engine = await openImportEngine(sandbox.keys, 'bench-import', dir)
  const { sqlite } = engine.mirror

  let t = performance.now()
  // as a pull leaves the mirror: the workspace's number, the merge base NULL (the same as attributes)
  const ws = sqlite.prepare('SELECT ws FROM workspaces WHERE id = ?').pluck().get(engine.workspaceId) as number
  const insert = sqlite.prepare('INSERT INTO people (ws, cio_id, id, email, attributes, created_at, updated_at, synced_at) VALUES (?, ?, ?, ?, ?, 0, 0, 0)')
  const fillMirror = sqlite.transaction((from: number, to: number) => {
    for (let i = from; i <= to; i++) {
      if (i % 20 === 0) continue // the file's new people
      const json = JSON.stringify(attrs(i))
      insert.run(ws, `c-${i}`, `p-${i}`, `p-${i}@example.com`, json)
    }
  })
  for (let i = 1; i <= rows; i += 50_000) fillMirror(i, Math.min(rows, i + 49_999))
  sqlite.prepare("INSERT INTO sync_runs (id, workspace_id, kind, trigger, state, started_at, finished_at) VALUES ('bench', ?, 'pull', 'cli', 'succeeded', ?, ?)").run(engine.workspaceId, Date.now(), Date.now())
  const mirrorMs = performance.now() - t
  const csv = join(dir, 'people-1m.csv')
  t = performance.now()
  await writeFile(csv, rows)
  const fileMs = performance.now() - t

  const child = spawn(process.execPath, ['--import', 'tsx', __filename, '--plan-only', engine.mirror.file, engine.workspaceId, csv], { stdio: ['ignore', 'pipe', 'inherit'] })
  const planLine = await new Promise<string>((resolve) => createInterface({ input: child.stdout! }).once('line', resolve))
  const plan = JSON.parse(planLine) as { importId: string; planMs: number; peakRssMb: number; counts: Record<string, number>; state: string; message: string }
  if (process.env.IMPORT_BENCH_NO_PUSH === '1') {
    // plan only (for iterating on the plan): keep the mirror and the file for `--plan-only` reruns
    engine.close()
    sandbox.stop()
    console.log(JSON.stringify({ rows, mirrorFillMs: Math.round(mirrorMs), fileWriteMs: Math.round(fileMs), mirror: engine.mirror.file, workspaceId: engine.workspaceId, csv, plan }, null, 2))
    return
  }

  t = performance.now()
  const { jobId } = engine.imports.push(plan.importId, {})
  const pushed = await engine.finished(jobId, 3_600_000)
  const pushMs = performance.now() - t
  const s = engine.imports.summary(plan.importId)
  const batches = sqlite.prepare('SELECT bytes, ops FROM import_batches WHERE job_id = ? ORDER BY seq').all(plan.importId) as { bytes: number; ops: number }[]
  const full = batches.slice(0, -1)
  const maxBatchBytes = process.env.IMPORT_BENCH_VIA === 'pipelines' ? PIPELINES_LIMITS.maxBatchBytes : MAX_BATCH_BYTES
  const fill = full.length ? full.reduce((a, b) => a + b.bytes, 0) / full.length / maxBatchBytes : null
  engine.close()
  sandbox.stop()
  console.log(JSON.stringify({
    machine: { cpus: cpus().length, model: cpus()[0]?.model, memGb: Math.round(totalmem() / 1024 ** 3), node: process.version },
    rows, via: process.env.IMPORT_BENCH_VIA === 'pipelines' ? 'pipelines' : 'track', mirrorFillMs: Math.round(mirrorMs), fileWriteMs: Math.round(fileMs),
    plan,
    push: {
      state: pushed.state, message: pushed.message, ms: Math.round(pushMs), sent: s.push?.sent, accepted: s.push?.accepted, rejected: s.push?.rejected,
      requests: s.push?.requests, bytes: s.push?.bytes, batches: batches.length, avgOpsPerBatch: Math.round((s.push?.sent ?? 0) / Math.max(1, batches.length)),
      batchFillPct: fill === null ? null : Math.round(fill * 1000) / 10, rowsPerSecond: Math.round((s.push?.sent ?? 0) / (pushMs / 1000)),
      oneIdentifyPerRowRequests: s.push?.sent,
    },
  }, null, 2))
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
