// Pull benchmark (docs/DESIGN.md "Targets": a 1,000,000-person export pulled into the mirror ≤ 10 s).
//
//   node --import tsx bench/pull/pull-bench.ts [people=1000000]
//
// The sandbox runs in its own process (`cio-sync sandbox`), as a remote workspace would, so building
// its export file does not share our thread. The pull is the real one: PullService under the job
// service, into an empty mirror file, `--only people`. Reported:
//   - total: job start → final event (attribute sampling, export create + poll, download, parse, upsert, FTS)
//   - local: export ready (download starts) → final event (what cio-sync itself spends on the file)
// The mirror and the sandbox's data (about 1.1 GB at 1M people) are removed after the run unless
// PULL_BENCH_KEEP=1.
import { spawn } from 'node:child_process'
import { rmSync, statSync } from 'node:fs'
import { cpus, totalmem } from 'node:os'
import { dirname, join } from 'node:path'
import { createInterface } from 'node:readline'
import type { JobProgress } from '../../src-main/contract/jobs'
import { openEngine, tempDir, type SandboxKeys } from '../../test/integration/pull/harness'

async function startSandboxProcess(people: number): Promise<{ keys: SandboxKeys; stop: () => Promise<void>; seedMs: number; dir: string }> {
  const started = Date.now()
  const dir = tempDir('bench-sandbox')
  const child = spawn(process.execPath, [join(__dirname, '../../bin/cio-sync.js'), 'sandbox', '--people', String(people), '--data', dir], { stdio: ['ignore', 'pipe', 'inherit'] })
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve)
    child.once('exit', (code) => reject(new Error(`sandbox exited with ${code}`)))
  })
  // stopped and waited for, so its data folder can go
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve()
      child.once('exit', () => resolve())
      child.kill('SIGTERM')
    })
  return { keys: JSON.parse(line) as SandboxKeys, stop, seedMs: Date.now() - started, dir }
}

async function main(): Promise<void> {
  const people = Number(process.argv[2] ?? 1_000_000)
  const sandbox = await startSandboxProcess(people)
  const file = join(tempDir('bench-pull'), 'mirror.db')
  const engine = await openEngine(file, sandbox.keys)
  const started = Date.now()
  const { finished, run } = await engine.pull({ only: ['people'] })
  const ended = Date.now()
  // when each phase began (the sink stamps events as they are emitted; a phase change is never
  // throttled). 'people' is entered twice: before the export (small-pull check) and once the
  // export is ready and its download starts; local work is timed from the latter.
  const timeline: [string, number][] = []
  for (const e of engine.events) {
    const phase = e.name === 'app:jobs:progress' ? (e.payload as JobProgress).phase : null
    if (phase && phase !== timeline.at(-1)?.[0]) timeline.push([phase, e.at])
  }
  const exportAt = timeline.findIndex(([p]) => p === 'people: export')
  const firstRowAt = timeline.slice(exportAt + 1).find(([p]) => p === 'people')?.[1] ?? null
  const count = engine.mirror.sqlite.prepare('SELECT count(*) FROM people').pluck().get() as number
  const fts = engine.mirror.sqlite.prepare("SELECT count(*) FROM people_fts WHERE people_fts MATCH 'email:example'").pluck().get() as number
  engine.close()
  await sandbox.stop()
  const result = {
    people,
    state: finished.state,
    message: finished.message,
    mirrorPeople: count,
    ftsIndexed: fts,
    totalMs: ended - started,
    localMs: firstRowAt ? ended - firstRowAt : null,
    phasesAtMs: timeline.map(([k, v]) => `${k} @ ${v - started}`),
    requests: (run.counts as { requests: number }).requests,
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    dbMb: Math.round((statSync(file).size + (statSync(file + '-wal', { throwIfNoEntry: false })?.size ?? 0)) / 1e6),
    sandboxStartMs: sandbox.seedMs,
    machine: `${cpus().length}× ${cpus()[0]?.model} · ${Math.round(totalmem() / 1e9)} GB · Node ${process.version}`,
  }
  if (process.env.PULL_BENCH_KEEP !== '1') for (const dir of [dirname(file), sandbox.dir]) rmSync(dir, { recursive: true, force: true })
  process.stdout.write(JSON.stringify(result, null, 2) + '\n')
}

main().catch((err) => {
  process.stderr.write(String(err?.stack ?? err) + '\n')
  process.exit(1)
})
