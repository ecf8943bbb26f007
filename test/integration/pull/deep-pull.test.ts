import { spawn } from 'node:child_process'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { TrackClient } from 'customerio-node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSandbox, type SandboxHandle } from '../../../src-main/sandbox'
import type { DeepPullState } from '../../../src-main/sync/pull/deep-pull'
import { PeopleSyncStateRepo } from '../../../src-main/db/people-sync-state-repo'
import { openEngine, tempDir, waitFor } from './harness'
import { clearSandboxRequests, expectMirrorEqualsSandbox, sandboxRequests } from './mirror-equality'

// Issue 13, "Done when": a deep pull over 20,000 people with heterogeneous attributes (names only a
// few people carry, which an export's sampled columns miss) leaves the mirror equal to the sandbox
// for everyone; killed half-way (SIGKILL, in a child process), it resumes from its last page
// instead of starting over.

let sandbox: SandboxHandle
const dir = tempDir('deep-pull')
const file = join(dir, 'mirror.db')
const keys = () => JSON.stringify({ url: sandbox.url, siteId: sandbox.siteId, trackApiKey: sandbox.trackApiKey, appApiKey: sandbox.appApiKey, writeKey: sandbox.writeKey })

beforeAll(async () => {
  sandbox = await startSandbox({ people: 20_000, exportDelayMs: 300 })
  const track = new TrackClient(sandbox.siteId, sandbox.trackApiKey, { url: `${sandbox.url}/api/v1` })
  // 300 people with a name of their own, spread over the workspace; 200 more with one of 20 rare names
  for (let n = 1; n <= 300; n++) await track.identify('sbx-' + String(n * 61).padStart(7, '0'), { [`only_${n}`]: `v${n}` })
  for (let n = 1; n <= 200; n++) await track.identify('sbx-' + String(n * 97 + 5).padStart(7, '0'), { [`rare_${n % 20}`]: `r${n}`, score: n })
}, 120_000)
afterAll(() => sandbox?.close())

function child(mode: 'start' | 'resume') {
  const proc = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'pull-child.ts')], { env: { ...process.env, MIRROR_FILE: file, MODE: mode, KIND: 'deep-pull', SANDBOX: keys() }, stdio: ['ignore', 'pipe', 'pipe'] })
  let out = ''
  proc.stdout!.on('data', (d) => (out += d))
  proc.stderr!.on('data', (d) => (out += d))
  const done = new Promise<string>((resolve) => proc.on('exit', (code, signal) => resolve(`${code ?? signal}: ${out}`)))
  return { proc, done }
}

function deepCheckpoint(): DeepPullState | null {
  let db: Database.Database | undefined
  try {
    db = new Database(file, { readonly: true, fileMustExist: true })
    const raw = db.prepare("SELECT checkpoint FROM jobs WHERE kind = 'deep-pull'").pluck().get() as string | null | undefined
    return raw ? (JSON.parse(raw) as DeepPullState) : null
  } catch {
    return null
  } finally {
    db?.close()
  }
}

describe('deep pull', () => {
  it('completes everyone through bulk attributes, resuming after a kill without starting over', async () => {
    // An export pull first: its columns come from a sample, so people with names of their own miss them.
    const engine = await openEngine(file, sandbox)
    const pulled = await engine.pull({ only: ['people'] })
    expect(pulled.finished.state, pulled.finished.message ?? '').toBe('succeeded')
    const carrying = (name: string) => engine.mirror.sqlite.prepare(`SELECT count(*) FROM people WHERE ws = (SELECT ws FROM workspaces WHERE id = ?) AND json_extract(attributes, '$.' || ?) IS NOT NULL`).pluck().get(engine.workspaceId, name) as number
    const missed = Array.from({ length: 300 }, (_, i) => carrying(`only_${i + 1}`)).filter((c) => c === 0).length
    expect(missed).toBeGreaterThan(250) // the gap the deep pull closes
    engine.close()

    // Killed once it has read at least 5 pages of 1,000.
    const first = child('start')
    const killedAt = await waitFor(() => {
      const s = deepCheckpoint()
      return s && s.read >= 5000 ? s : undefined
    }, 90_000)
    first.proc.kill('SIGKILL')
    await first.done
    const atKill = deepCheckpoint()!
    expect(atKill.cursor).not.toBeNull()
    expect(atKill.read).toBeGreaterThanOrEqual(killedAt.read)

    await clearSandboxRequests(sandbox)
    const second = child('resume')
    const out = await second.done
    expect(out).toMatch(/^0: .*"state":"succeeded"/s)
    // Resumed: the search pages already done were not read again.
    const searches = (await sandboxRequests(sandbox)).filter((r) => r.realm === 'app' && r.method === 'POST' && r.path === '/v1/customers')
    const pagesLeft = Math.ceil((20_000 - atKill.read) / 1000)
    expect(searches.length).toBeLessThanOrEqual(pagesLeft + 1)
    expect(deepCheckpoint()!.read).toBe(20_000)

    const after = await openEngine(file, sandbox)
    try {
      const everyone = after.mirror.sqlite.prepare('SELECT cio_id FROM people WHERE ws = (SELECT ws FROM workspaces WHERE id = ?) AND deleted_at IS NULL').pluck().all(after.workspaceId) as string[]
      expect(await expectMirrorEqualsSandbox(after, sandbox, everyone)).toBe(20_000)
      const state = new PeopleSyncStateRepo(after.mirror.sqlite).get(after.workspaceId)
      expect(state.deepFinishedAt).not.toBeNull()
      expect(state.attributeNames.only_150).toEqual(['bulk'])
      const run = after.mirror.sqlite.prepare("SELECT kind, state, counts FROM sync_runs WHERE kind = 'deep-pull'").get() as { kind: string; state: string; counts: string }
      expect(run.state).toBe('succeeded')
      expect(JSON.parse(run.counts)).toMatchObject({ read: 20_000 })
    } finally {
      after.close()
    }
  }, 180_000)

  it('carries on from a deep pull the user stopped instead of starting over', async () => {
    const engine = await openEngine(file, sandbox)
    try {
      const job = engine.jobs.start('deep-pull', 'user', {})
      await waitFor(() => {
        const s = deepCheckpointOf(job.id)
        return s && s.read >= 3000 ? s : undefined
      }, 90_000)
      engine.jobs.cancel(job.id)
      await waitFor(() => engine.events.find((e) => e.name === 'app:jobs:finished' && (e.payload as { jobId: string }).jobId === job.id))
      const stopped = deepCheckpointOf(job.id)!
      expect(stopped.cursor).not.toBeNull()

      await clearSandboxRequests(sandbox)
      const again = await engine.deepPull()
      expect(again.finished.state, again.finished.message ?? '').toBe('succeeded')
      const searches = (await sandboxRequests(sandbox)).filter((r) => r.realm === 'app' && r.method === 'POST' && r.path === '/v1/customers')
      expect(searches.length).toBeLessThanOrEqual(Math.ceil((20_000 - stopped.read) / 1000) + 1)
      expect(again.run.counts).toMatchObject({ read: 20_000 })
    } finally {
      engine.close()
    }
  }, 180_000)
})

function deepCheckpointOf(jobId: string): DeepPullState | null {
  const db = new Database(file, { readonly: true, fileMustExist: true })
  try {
    const raw = db.prepare('SELECT checkpoint FROM jobs WHERE id = ?').pluck().get(jobId) as string | null | undefined
    return raw ? (JSON.parse(raw) as DeepPullState) : null
  } finally {
    db.close()
  }
}
