import { readdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { JobFinished, JobProgress } from '../../../src-main/contract/jobs'
import { hasPeopleEmailIndex, PEOPLE_EMAIL_INDEX_SQL } from '../../../src-main/db/people-bulk-index'
import { startSandbox, type SandboxHandle } from '../../../src-main/sandbox'
import { runningExportWorkers } from '../../../src-main/sync/pull/people-export-reader'
import type { PullState } from '../../../src-main/sync/pull/pull-state'
import { openEngine, tempDir, waitFor, type Engine } from './harness'

// A first bulk pull (≥ 10,000 people) builds people_fts aside on the export worker and swaps it in
// at the end (people-fts-scratch.ts, people-fts-adopt.ts). The index must be the one a rebuild
// gives: FTS5's integrity-check passes and searches answer the same pks as a rebuild of a copy.

let sandbox: SandboxHandle
const engines: Engine[] = []

beforeAll(async () => {
  sandbox = await startSandbox({ people: 12_000, exportDelayMs: 100 })
}, 60_000)
afterAll(async () => {
  for (const e of engines) e.close()
  await sandbox?.close()
})

const QUERIES = ['names:lovelace', 'names:zoe', 'names:gr*', 'email:"ada.lo"*', 'email:"grace"*', 'id:"sbx-00011"*', 'names:other', 'lovelace OR hopper']

async function engineOn(file: string, opts: { peopleBatchRows?: number } = {}): Promise<Engine> {
  const engine = await openEngine(file, sandbox, opts)
  engines.push(engine)
  return engine
}

function answers(db: Database.Database): number[][] {
  return QUERIES.map((q) => db.prepare('SELECT rowid FROM people_fts WHERE people_fts MATCH ? ORDER BY rowid').pluck().all(q) as number[])
}

/** The same searches on a copy of the mirror whose index was rebuilt the usual way. */
function answersAfterRebuild(engine: Engine): number[][] {
  const copy = join(tempDir('fts-copy'), 'copy.db')
  engine.mirror.sqlite.prepare('VACUUM INTO ?').run(copy)
  const db = new Database(copy)
  try {
    db.exec("INSERT INTO people_fts(people_fts) VALUES('rebuild')")
    return answers(db)
  } finally {
    db.close()
  }
}

function expectConsistentIndex(engine: Engine): void {
  const db = engine.mirror.sqlite
  db.exec("INSERT INTO people_fts(people_fts, rank) VALUES('integrity-check', 1)")
  expect(db.prepare('SELECT count(*) FROM people_fts_docsize').pluck().get()).toBe(db.prepare('SELECT count(*) FROM people').pluck().get())
  expect(db.prepare("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'people_fts_%'").pluck().get()).toBe(3)
  // the email index the load went without is back, as the migrations create it (people-bulk-index.ts)
  expect(db.prepare("SELECT sql FROM sqlite_master WHERE type = 'index' AND name = 'people_ws_email_ci'").pluck().get()).toBe(PEOPLE_EMAIL_INDEX_SQL)
  // no scratch file left next to the mirror
  expect(readdirSync(dirname(engine.mirror.file)).filter((f) => f.includes('scratch'))).toEqual([])
  expect(runningExportWorkers()).toBe(0)
}

const phases = (engine: Engine) => engine.events.filter((e) => e.name === 'app:jobs:progress').map((e) => e.payload as JobProgress)
const swapped = (engine: Engine) => phases(engine).some((p) => p.phase === 'people: index swap' && p.done === 1)

describe('the search index of a bulk pull, built aside', () => {
  it('is swapped in and answers as a rebuild does', async () => {
    const engine = await engineOn(join(tempDir('fts-aside'), 'mirror.db'))
    const { finished } = await engine.pull({ only: ['people'] })
    expect(finished.state, finished.message ?? '').toBe('succeeded')
    expect(swapped(engine)).toBe(true)
    expectConsistentIndex(engine)
    const got = answers(engine.mirror.sqlite)
    expect(got[0].length).toBeGreaterThan(0)
    expect(got[5].length).toBeGreaterThan(0)
    expect(got).toEqual(answersAfterRebuild(engine))
  }, 60_000)

  it('also indexes the people of another workspace already in the mirror', async () => {
    const engine = await engineOn(join(tempDir('fts-aside-other'), 'mirror.db'))
    const db = engine.mirror.sqlite
    db.exec("INSERT INTO workspaces (id, name, kind, created_at) VALUES ('other', 'Other', 'custom', 0)")
    const insert = db.prepare("INSERT INTO people (ws, cio_id, id, email, attributes, created_at, updated_at) VALUES ((SELECT ws FROM workspaces WHERE id = 'other'), ?, ?, ?, ?, 0, 0)")
    for (let i = 0; i < 40; i++) insert.run(`o${i}`, `sbx-00011${i}`, `grace.${i}@other.example`, JSON.stringify({ first_name: i % 2 ? 'Zoë' : 'Grace', name: 'Other' }))
    const { finished } = await engine.pull({ only: ['people'] })
    expect(finished.state, finished.message ?? '').toBe('succeeded')
    expect(swapped(engine)).toBe(true)
    expectConsistentIndex(engine)
    const got = answers(engine.mirror.sqlite)
    expect(got[QUERIES.indexOf('names:other')]).toHaveLength(40)
    expect(got).toEqual(answersAfterRebuild(engine))
  }, 60_000)

  it('leaves no worker and a consistent index when the pull is cancelled half-way', async () => {
    const engine = await engineOn(join(tempDir('fts-aside-cancel'), 'mirror.db'), { peopleBatchRows: 200 })
    const job = engine.jobs.start('pull', 'cli', { only: ['people'] })
    const checkpoint = () => {
      const raw = engine.mirror.sqlite.prepare('SELECT checkpoint FROM jobs WHERE id = ?').pluck().get(job.id) as string | null
      return raw ? (JSON.parse(raw) as PullState) : null
    }
    await waitFor(() => ((checkpoint()?.people?.rowsApplied ?? 0) >= 2000 ? true : undefined), 60_000)
    // the load runs without the email index (built once at the end, or when the load stops)
    expect(hasPeopleEmailIndex(engine.mirror.sqlite)).toBe(false)
    engine.jobs.cancel(job.id)
    const finished = await waitFor(() => engine.events.find((e) => e.name === 'app:jobs:finished')?.payload as JobFinished | undefined, 60_000)
    expect(finished.state).toBe('cancelled')
    const applied = engine.mirror.sqlite.prepare('SELECT count(*) FROM people').pluck().get() as number
    expect(applied).toBeGreaterThanOrEqual(2000)
    expect(applied).toBeLessThan(12_000)
    expect(swapped(engine)).toBe(false)
    expectConsistentIndex(engine)
    expect(answers(engine.mirror.sqlite)).toEqual(answersAfterRebuild(engine))
  }, 60_000)
})
