import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { createInterface } from 'node:readline'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSandbox, type SandboxHandle } from '../../../src-main/sandbox'
import { runCli } from '../support/cli'
import { requireKeyring } from '../support/keyring'

// Issue 7's "done when", end to end: `cio-sync serve` runs a pull schedule while the sandbox keeps
// changing a person; the mirror catches up with the first run after the last change, and
// `cio-sync runs --json` lists the scheduled runs. Then the sandbox answers 503 and the runs
// space out (2, then 4 periods), and come back to the normal cadence once it recovers.
//
// The real minimum interval is one minute; CIO_SYNC_SCHEDULE_MIN_SECONDS lowers it for this test
// only, so a period is 2 s here. Everything else (the scheduler, the back-off, the jobs) is the
// code the app runs.
requireKeyring()
const root = resolve(__dirname, '../../..')
const home = mkdtempSync(join(tmpdir(), 'cio-sync-schedule-'))
const PERIOD_S = 2
const env = { CIO_SYNC_SCHEDULE_MIN_SECONDS: '1' }
let peer: SandboxHandle
let serve: ChildProcess | null = null
let workspaceId = ''

const cli = (args: string[]) => runCli(['--home', home, ...args], env)

interface RunRow {
  id: string
  trigger: string
  state: string
  startedAt: number
  finishedAt: number | null
}

/** Reads the history straight from the mirror file (read-only; the serve process owns the writes). */
function runsInDb(): RunRow[] {
  const db = new Database(join(home, 'mirror.db'), { readonly: true, fileMustExist: true })
  try {
    return db
      .prepare("SELECT id, trigger, state, started_at AS startedAt, finished_at AS finishedAt FROM sync_runs WHERE workspace_id = ? AND trigger = 'schedule' ORDER BY started_at")
      .all(workspaceId) as RunRow[]
  } finally {
    db.close()
  }
}

function mirrorValue(id: string): unknown {
  const db = new Database(join(home, 'mirror.db'), { readonly: true, fileMustExist: true })
  try {
    const row = db.prepare('SELECT attributes FROM people WHERE ws = (SELECT ws FROM workspaces WHERE id = ?) AND id = ?').get(workspaceId, id) as { attributes: string } | undefined
    return row ? (JSON.parse(row.attributes) as Record<string, unknown>).sched_counter : undefined
  } finally {
    db.close()
  }
}

async function waitFor<T>(what: string, probe: () => T | undefined | null | false, timeoutMs: number): Promise<T> {
  const end = Date.now() + timeoutMs
  for (;;) {
    const v = probe()
    if (v) return v
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 250))
  }
}

async function setCounter(personId: string, value: number): Promise<void> {
  const auth = Buffer.from(`${peer.siteId}:${peer.trackApiKey}`).toString('base64')
  const res = await fetch(`${peer.url}/api/v1/customers/${encodeURIComponent(personId)}`, {
    method: 'PUT',
    headers: { Authorization: `Basic ${auth}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ sched_counter: value }),
  })
  expect(res.status).toBe(200)
}

async function faults(body: Record<string, unknown> | null): Promise<void> {
  const res = await fetch(`${peer.url}/__sandbox/faults`, {
    method: body ? 'PUT' : 'DELETE',
    headers: { Authorization: `Bearer ${peer.adminToken}`, 'Content-Type': 'application/json' },
    body: body ? JSON.stringify(body) : undefined,
  })
  expect(res.status).toBe(200)
}

beforeAll(async () => {
  peer = await startSandbox({ people: 50 })
  const added = await runCli(['--home', home, '--json', 'workspace', 'add', 'Remote', '--url', peer.url], {
    CIO_SITE_ID: peer.siteId, CIO_TRACK_API_KEY: peer.trackApiKey, CIO_APP_API_KEY: peer.appApiKey, CIO_WRITE_KEY: peer.writeKey,
  })
  expect(added.code, added.stderr).toBe(0)
  workspaceId = JSON.parse(added.stdout).id
  const schedule = await cli(['--workspace', 'Remote', '--json', 'schedule', 'add', '--every', `${PERIOD_S}s`, '--kind', 'pull', '--only', 'people'])
  expect(schedule.code, schedule.stderr).toBe(0)
  expect(JSON.parse(schedule.stdout)).toMatchObject({ kind: 'pull', parts: ['people'], everySeconds: PERIOD_S, enabled: true })
  // a one-shot command does not run schedules: nothing ran yet
  expect(runsInDb()).toEqual([])

  serve = spawn(process.execPath, [join(root, 'bin/cio-sync.js'), '--home', home, '--json', 'serve'], { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  let stderr = ''
  serve.stderr!.on('data', (d) => (stderr += d))
  await new Promise<void>((res, rej) => {
    createInterface({ input: serve!.stdout! }).once('line', () => res())
    serve!.once('exit', (code) => rej(new Error(`serve exited with ${code}: ${stderr}`)))
  })
}, 60_000)

afterAll(async () => {
  if (serve && serve.exitCode === null) {
    const exited = new Promise((r) => serve!.once('exit', r))
    serve.kill('SIGTERM')
    await exited
  }
  await peer?.close()
})

describe('scheduled pulls under cio-sync serve', () => {
  it('keep the mirror within one run of a sandbox that keeps changing', async () => {
    const personId = 'sched-watch'
    let value = 0
    await setCounter(personId, value)
    // the sandbox changes every 700 ms for 10 s while the schedule pulls every 2 s
    const until = Date.now() + 10_000
    while (Date.now() < until) {
      await setCounter(personId, ++value)
      await new Promise((r) => setTimeout(r, 700))
    }
    const lastChange = Date.now()
    const during = runsInDb()
    expect(during.filter((r) => r.state === 'succeeded').length).toBeGreaterThanOrEqual(3)

    // the first run that starts after the last change brings the mirror level with the sandbox
    const caughtUp = await waitFor('a run after the last change', () => runsInDb().find((r) => r.startedAt > lastChange && r.state === 'succeeded'), 20_000)
    expect(caughtUp.startedAt - lastChange).toBeLessThan(PERIOD_S * 1000 + 1500)
    expect(String(mirrorValue(personId))).toBe(String(value)) // attributes come back as strings, as from Customer.io

    const listed = await cli(['--workspace', 'Remote', '--json', 'runs', '--limit', '100'])
    expect(listed.code, listed.stderr).toBe(0)
    const doc = JSON.parse(listed.stdout) as { workspace: string; runs: { id: string; kind: string; trigger: string; state: string }[] }
    expect(doc.workspace).toBe('Remote')
    const scheduled = doc.runs.filter((r) => r.trigger === 'schedule')
    expect(scheduled.length).toBeGreaterThanOrEqual(during.length)
    expect(scheduled.map((r) => r.id)).toContain(caughtUp.id)
    expect(new Set(scheduled.map((r) => r.kind))).toEqual(new Set(['pull']))
  }, 60_000)

  it('back off while the sandbox answers 5xx, then return to the normal cadence', async () => {
    await faults({ errorRate: 1, errorStatus: 503, realms: ['app'] })
    const t0 = Date.now()
    const failing = await waitFor('three failed runs', () => {
      const f = runsInDb().filter((r) => r.startedAt >= t0 && r.state === 'failed' && r.finishedAt)
      return f.length >= 3 && f
    }, 60_000)
    await faults(null)
    // each wait after a failure doubles: 2 periods after the first, 4 after the second
    const gap1 = failing[1].startedAt - failing[0].finishedAt!
    const gap2 = failing[2].startedAt - failing[1].finishedAt!
    expect(gap1).toBeGreaterThanOrEqual(2 * PERIOD_S * 1000 - 100)
    expect(gap2).toBeGreaterThanOrEqual(4 * PERIOD_S * 1000 - 100)
    expect(gap2).toBeGreaterThan(gap1)

    // recovered: a success, then runs one period apart again
    const after = await waitFor('three good runs after recovery', () => {
      const ok = runsInDb().filter((r) => r.startedAt > failing[2].startedAt && r.state === 'succeeded')
      return ok.length >= 3 && ok
    }, 60_000)
    const cadence = after[2].startedAt - after[1].startedAt
    expect(cadence).toBeLessThan(2 * PERIOD_S * 1000)
  }, 120_000)
})
