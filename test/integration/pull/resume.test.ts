import { spawn, type ChildProcess } from 'node:child_process'
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSandbox, type SandboxHandle } from '../../../src-main/sandbox'
import type { PullState } from '../../../src-main/sync/pull/pull-state'
import { openEngine, setFaults, tempDir, waitFor } from './harness'

// A pull killed half-way (SIGKILL, no chance to clean up) resumes from its checkpoint and ends with
// the same mirror as an uninterrupted pull. The pull runs in a child process (pull-child.ts) with
// small people batches, so there is a checkpoint to kill it after; it is killed once mid-people and
// once mid-segments, then resumed to the end.

let sandbox: SandboxHandle
const dir = tempDir('resume')

beforeAll(async () => {
  sandbox = await startSandbox({ people: 20_000, exportDelayMs: 300 })
})
afterAll(() => sandbox?.close())

function runChild(file: string, mode: 'start' | 'resume'): { child: ChildProcess; done: Promise<string> } {
  const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'pull-child.ts')], {
    env: { ...process.env, MIRROR_FILE: file, MODE: mode, BATCH: '250', SANDBOX: JSON.stringify({ url: sandbox.url, siteId: sandbox.siteId, trackApiKey: sandbox.trackApiKey, appApiKey: sandbox.appApiKey, writeKey: sandbox.writeKey }) },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  let err = ''
  child.stdout!.on('data', (d) => (out += d))
  child.stderr!.on('data', (d) => (err += d))
  const done = new Promise<string>((resolve) => child.on('exit', (code, signal) => resolve(`${code ?? signal}: ${out}${err}`)))
  return { child, done }
}

/** The checkpoint of the one pull job in the file, read through a separate connection. */
function checkpointOf(file: string): PullState | null {
  let db: Database.Database | undefined
  try {
    db = new Database(file, { readonly: true, fileMustExist: true })
    const raw = db.prepare("SELECT checkpoint FROM jobs WHERE kind = 'pull'").pluck().get() as string | null | undefined
    return raw ? (JSON.parse(raw) as PullState) : null
  } catch {
    return null // the child may not have created the file or its tables yet
  } finally {
    db?.close()
  }
}

async function killWhen(file: string, mode: 'start' | 'resume', ready: (s: PullState) => boolean): Promise<PullState> {
  const { child, done } = runChild(file, mode)
  await waitFor(() => {
    const s = checkpointOf(file)
    return s && ready(s) ? s : undefined
  }, 60_000)
  child.kill('SIGKILL')
  await done
  return checkpointOf(file)!
}

function snapshot(file: string) {
  const db = new Database(file, { readonly: true })
  const rows = (sql: string) => db.prepare(sql).all()
  const result = {
    people: rows('SELECT pk, cio_id, id, email, attributes, base_attributes, deleted_at IS NOT NULL AS gone FROM people ORDER BY cio_id'),
    fts: db.prepare("SELECT count(*) FROM people_fts WHERE people_fts MATCH 'email:example'").pluck().get(),
    // the same people found, by pk, whichever way the index was built (aside, or rebuilt on resume)
    search: ['names:lovelace', 'email:"grace"*', 'id:"sbx-00001"*'].map((q) => db.prepare('SELECT rowid FROM people_fts WHERE people_fts MATCH ? ORDER BY rowid').pluck().all(q)),
    segments: rows('SELECT id, name, type, member_count FROM segments ORDER BY id'),
    members: rows('SELECT segment_id, cio_id, left_at IS NULL AS current FROM segment_members ORDER BY segment_id, cio_id'),
    collections: rows('SELECT c.id, c.name, r.idx, r.data FROM collections c JOIN collection_rows r ON r.collection_id = c.id ORDER BY c.id, r.idx'),
    campaigns: rows('SELECT type, id, name, metrics FROM campaigns ORDER BY type, id'),
    messages: db.prepare('SELECT count(*) FROM messages').pluck().get(),
    triggers: db.prepare("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'people_fts_%'").pluck().get(),
  }
  db.close()
  return result
}

describe('a pull killed half-way', () => {
  it('resumes from its checkpoint and ends with the same mirror as an uninterrupted pull', async () => {
    const killed = join(dir, 'a.db')
    // 1. killed while applying the export (some batches in, not all)
    const midPeople = await killWhen(killed, 'start', (s) => (s.people?.rowsApplied ?? 0) >= 2000)
    expect(midPeople.done).not.toContain('people')
    expect(midPeople.people!.rowsApplied).toBeLessThan(20_000)
    // it was building its search index aside, and was killed before it could remove the file
    expect(readdirSync(dir).filter((f) => f.includes('scratch'))).toHaveLength(1)
    // 2. resumed, then killed between segments (latency makes each membership read take a while)
    await setFaults(sandbox, { latencyMs: 250, realms: ['app'] })
    const midSegments = await killWhen(killed, 'resume', (s) => s.done.includes('people') && s.segments !== undefined)
    await setFaults(sandbox, { latencyMs: 0 })
    expect(midSegments.done).not.toContain('segments')
    expect(midSegments.people!.exportId).toBe(midPeople.people!.exportId) // the same export, not a new one
    // 3. resumed to the end
    const last = runChild(killed, 'resume')
    expect(await last.done).toMatch(/^0: .*"state":"succeeded"/)

    // The uninterrupted reference, against the same (unchanged) sandbox.
    const reference = join(dir, 'b.db')
    const engine = await openEngine(reference, sandbox)
    const { finished } = await engine.pull()
    engine.close()
    expect(finished.state).toBe('succeeded')

    const a = snapshot(killed)
    const b = snapshot(reference)
    expect(a.people).toHaveLength(20_000)
    expect(a.fts).toBe(20_000)
    expect(a.triggers).toBe(3)
    expect(a).toEqual(b)
    for (const file of [killed, reference]) {
      const check = new Database(file)
      check.exec("INSERT INTO people_fts(people_fts, rank) VALUES('integrity-check', 1)")
      check.close()
    }
    // the killed run's scratch index (next to the mirror) was removed by the resumed one
    expect(readdirSync(dir).filter((f) => f.includes('scratch'))).toEqual([])

    // One job, one history row, counted once despite the two kills.
    const db = new Database(killed, { readonly: true })
    const run = db.prepare("SELECT state, counts FROM sync_runs WHERE kind = 'pull'").all() as { state: string; counts: string }[]
    db.close()
    expect(run).toHaveLength(1)
    expect(run[0].state).toBe('succeeded')
    expect(JSON.parse(run[0].counts).people).toMatchObject({ created: 20_000, updated: 0, deleted: 0 })
  }, 120_000)
})
