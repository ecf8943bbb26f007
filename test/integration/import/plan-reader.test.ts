// The plan's reader thread against the inline path: the same file and mirror must give the same
// plan row for row, a cancel stops the thread, and a file that breaks down mid-way fails the plan
// with the reader's error (file and row named), not a crash.
import { readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { openMirror, type Mirror } from '../../../src-main/db/connection'
import type { RowResult, StoredRowError } from '../../../src-main/import/import-repo'
import { suggestMapping } from '../../../src-main/import/mapping'
import { MirrorLookup } from '../../../src-main/import/plan/mirror-lookup'
import { planBatches, type PlanReaderFindings, type PlanReaderInput } from '../../../src-main/import/plan/plan-reader'
import { Planner } from '../../../src-main/import/plan/planner'
import { sniffFile } from '../../../src-main/csv/sniff'
import type { ImportOptions } from '../../../src-main/import/types'
import { tempDir } from '../pull/harness'

const opened: Mirror[] = []
afterEach(() => opened.splice(0).forEach((m) => m.close()))

function mirrorWithPeople(dir: string, people: number): Mirror {
  const mirror = openMirror(join(dir, 'mirror.db'))
  opened.push(mirror)
  const db = mirror.sqlite
  db.prepare("INSERT INTO workspaces (id, name, kind, created_at) VALUES ('w', 'W', 'custom', 0)").run()
  const insert = db.prepare("INSERT INTO people (ws, cio_id, id, email, attributes, base_attributes, created_at, updated_at) VALUES ((SELECT ws FROM workspaces WHERE id = 'w'), ?, ?, ?, ?, ?, 0, 0)")
  db.transaction(() => {
    for (let i = 1; i <= people; i++) {
      const json = JSON.stringify({ plan: i % 2 ? 'free' : 'pro', city: 'Oslo' })
      insert.run(`c${i}`, `u${i}`, `u${i}@example.com`, json, json)
    }
  })()
  return mirror
}

/** rows 1..n: unchanged, changed, new, duplicates, bad emails, someone else's email, one new email given twice */
function peopleFile(dir: string, rows: number): string {
  const lines = ['id,email,plan,city']
  for (let i = 1; i <= rows; i++) {
    if (i % 97 === 0) lines.push(`u${i - 1},u${i - 1}@example.com,pro,Oslo`) // repeats the row before
    else if (i % 89 === 0) lines.push(`u${i},not-an-email,free,Oslo`)
    else if (i % 83 === 0) lines.push(`u${i},u1@example.com,free,Oslo`) // u1's email
    else if (i % 79 === 0) lines.push(`n${i},twice@example.com,free,`) // a new email, given to several new people
    else if (i % 7 === 0) lines.push(`n${i},n${i}@example.com,pro,Bergen`)
    else lines.push(`u${i},U${i}@Example.com,${i % 5 === 0 ? 'team' : i % 2 ? 'free' : 'pro'},Oslo`)
  }
  const path = join(dir, 'people.csv')
  writeFileSync(path, lines.join('\n') + '\n')
  return path
}

async function plan(mirror: Mirror, path: string, onThread: boolean, signal = new AbortController().signal) {
  const options: ImportOptions = { kind: 'people', identifierType: 'id', blank: 'clear' }
  const sniff = await sniffFile(path)
  const mapping = suggestMapping('people', sniff.header, sniff.sample, { identifierType: 'id', blank: 'clear' })
  const input: PlanReaderInput = { path, sniff, mapping, options, problems: [], batchSize: 500 }
  const results: RowResult[] = []
  const errors: StoredRowError[] = []
  const findings: PlanReaderFindings = { conversions: [] }
  // a batch the reader judged holds verdicts; one it handed over (hand-over.ts) validated rows
  const batches = { judged: 0, handedOver: 0 }
  const planner = new Planner(options, new MirrorLookup(mirror.sqlite, 'w'), {
    write: (r, e) => {
      results.push(...r)
      errors.push(...e)
    },
    demote: () => undefined,
  })
  for await (const batch of planBatches(input, onThread ? { file: mirror.sqlite.name, workspaceId: 'w' } : null, signal, findings)) {
    if (batch.items.some((item) => 'verdict' in item)) batches.judged++
    else batches.handedOver++
    planner.addBatch(batch.items, batch.people)
  }
  return { results, errors, counts: planner.counts, conversions: findings.conversions, batches }
}

describe('the plan reader thread', () => {
  it('gives the same plan, row for row, as planning inline', async () => {
    const dir = tempDir('plan-reader')
    const mirror = mirrorWithPeople(dir, 3000)
    const path = peopleFile(dir, 4000)
    const inline = await plan(mirror, path, false)
    const threaded = await plan(mirror, path, true)
    expect(threaded.counts).toEqual(inline.counts)
    expect(threaded.results).toEqual(inline.results)
    expect(threaded.errors).toEqual(inline.errors)
    expect(threaded.conversions).toEqual(inline.conversions)
    // the reader judged some batches and handed others to the planner (the second always: only a
    // judged one is queued then), and both kinds gave the inline plan
    expect(threaded.batches.judged).toBeGreaterThan(0)
    expect(threaded.batches.handedOver).toBeGreaterThan(0)
    // the file exercises every bucket and both email checks
    expect(inline.counts).toMatchObject({ rows: 4000 })
    for (const bucket of ['create', 'update', 'unchanged', 'invalid', 'duplicate'] as const) expect(inline.counts[bucket]).toBeGreaterThan(0)
    expect(inline.errors.some((e) => e.message.includes('already belongs to another person (id u1)'))).toBe(true)
    expect(inline.errors.some((e) => e.message.includes('twice@example.com is also given to id n79'))).toBe(true)
  })

  it('lists the conversions of every batch, judged or handed over, as planning inline does', async () => {
    const dir = tempDir('plan-reader-conversions')
    const mirror = mirrorWithPeople(dir, 3000)
    const lines = ['id,email,plan,city,score']
    // trimmed ids and emails, and numbers whose text changes, in several batches; the first change of each kind past the first batch (rows are numbered from 2, after the header)
    for (let i = 1; i <= 4000; i++) lines.push(`${i % 611 === 0 ? ` u${i}` : `u${i}`},${i % 701 === 0 ? `u${i}@example.com ` : `u${i}@example.com`},free,Oslo,${i % 907 === 0 ? `${i}.50` : i}`)
    const path = join(dir, 'scores.csv')
    writeFileSync(path, lines.join('\n') + '\n')
    const inline = await plan(mirror, path, false)
    const threaded = await plan(mirror, path, true)
    expect(threaded.batches.handedOver).toBeGreaterThan(0)
    expect(threaded.results).toEqual(inline.results)
    expect(threaded.conversions).toEqual(inline.conversions)
    expect(inline.conversions).toEqual([
      { column: 'id', attribute: 'id', conversion: 'trimmed', cells: 6, changed: 6, example: { row: 612, before: ' u611', after: '"u611"' } },
      { column: 'email', attribute: 'email', conversion: 'trimmed', cells: 5, changed: 5, example: { row: 702, before: 'u701@example.com ', after: '"u701@example.com"' } },
      { column: 'score', attribute: 'score', conversion: 'text → number', cells: 4000, changed: 4, example: { row: 908, before: '907.50', after: '907.5' } },
    ])
  })

  it('stops its thread when the plan is cancelled', async () => {
    const dir = tempDir('plan-reader-cancel')
    const mirror = mirrorWithPeople(dir, 100)
    const path = peopleFile(dir, 20_000)
    const abort = new AbortController()
    // a worker thread is an OS thread of this process (Linux: one entry in /proc/self/task)
    const threads = () => readdirSync('/proc/self/task').length
    const before = threads()
    const options: ImportOptions = { kind: 'people', identifierType: 'id' }
    const sniff = await sniffFile(path)
    const mapping = suggestMapping('people', sniff.header, sniff.sample, { identifierType: 'id' })
    let batches = 0
    const reading = (async () => {
      for await (const _ of planBatches({ path, sniff, mapping, options, problems: [], batchSize: 500 }, { file: mirror.sqlite.name, workspaceId: 'w' }, abort.signal)) {
        if (++batches === 2) {
          expect(threads()).toBe(before + 1)
          abort.abort()
        }
      }
    })()
    await expect(reading).rejects.toMatchObject({ code: 'CANCELLED' })
    expect(batches).toBe(2)
    expect(threads()).toBe(before)
  })

  it("fails with the reader's error, naming file and row, when the file breaks down mid-way", async () => {
    const dir = tempDir('plan-reader-broken')
    const mirror = mirrorWithPeople(dir, 10)
    const path = join(dir, 'runaway.csv')
    writeFileSync(path, 'id,plan\nu1,free\nu2,"' + 'x'.repeat(9 * 1024 * 1024) + '\n')
    await expect(plan(mirror, path, true)).rejects.toMatchObject({ code: 'VALIDATION', message: expect.stringMatching(/runaway\.csv, row 3: .*quote/) })
  })
})
