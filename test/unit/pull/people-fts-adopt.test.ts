import { existsSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { openMirror, type Mirror } from '../../../src-main/db/connection'
import { namesOf } from '../../../src-main/sync/pull/people-batch'
import { hasPeopleFtsInsertTrigger, PEOPLE_FTS_INSERT_TRIGGER_SQL, suspendPeopleFtsInserts } from '../../../src-main/sync/pull/people-fts'
import { adoptScratchIndex, markLiveIndex, type LiveIndexMark } from '../../../src-main/sync/pull/people-fts-adopt'
import { removeScratch, ScratchIndex } from '../../../src-main/sync/pull/people-fts-scratch'

// The index built aside during a bulk load (ScratchIndex, normally on the export worker) and its
// swap into people_fts, over real mirror files: what the pull does, step by step, in one thread.

let mirror: Mirror
afterEach(() => mirror?.close())

const FIRST = ['Ada', 'Grace', 'Zoë', 'Alan', 'Linus']
const LAST = ['Lovelace', 'Hopper', 'Ångström', 'Turing', 'Torvalds']
const QUERIES = ['names:zoe', 'names:lov*', 'names:angstrom', 'email:"ada.lo"*', 'id:"u-1"*', 'names:other', 'email:example', 'gr*']

function open(): { m: Mirror; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'cio-sync-adopt-'))
  mirror = openMirror(join(dir, 'mirror.db'))
  mirror.sqlite.exec("INSERT INTO workspaces (id, name, kind, created_at) VALUES ('w', 'W', 'custom', 0), ('other', 'Other', 'custom', 0)")
  return { m: mirror, dir }
}

/** People of another workspace, indexed by the insert trigger as usual. */
function existing(m: Mirror, n: number): void {
  const insert = m.sqlite.prepare("INSERT INTO people (ws, cio_id, id, email, attributes, created_at, updated_at) VALUES ((SELECT ws FROM workspaces WHERE id = 'other'), ?, ?, ?, ?, 0, 0)")
  for (let i = 0; i < n; i++) insert.run(`o${i}`, `other-${i}`, `other.${i}@example.org`, JSON.stringify({ first_name: FIRST[i % 5], name: 'Other Person' }))
}

/** A bulk load as the pull runs it: trigger dropped, rows inserted; the scratch index fed as acks would. */
function bulkLoad(m: Mirror, scratchFile: string, n: number): { mark: LiveIndexMark } {
  const scratch = ScratchIndex.create(m.file, scratchFile)
  const insert = m.sqlite.prepare("INSERT INTO people (ws, cio_id, id, email, attributes, base_attributes, created_at, updated_at) VALUES ((SELECT ws FROM workspaces WHERE id = 'w'), ?, ?, ?, ?, ?, 0, 0) ON CONFLICT DO NOTHING")
  let mark: LiveIndexMark | null = null
  for (let start = 0; start < n; start += 100) {
    const fields = { id: [] as (string | null)[], email: [] as (string | null)[], names: [] as string[] }
    const pks: number[] = []
    m.sqlite.transaction(() => {
      if (!mark) {
        mark = markLiveIndex(m.sqlite)
        suspendPeopleFtsInserts(m.sqlite)
      }
      for (let i = start; i < Math.min(n, start + 100); i++) {
        const attributes = { first_name: FIRST[i % 5], last_name: LAST[(i * 3) % 5], plan: 'pro' }
        const json = JSON.stringify(attributes)
        // every 50th row repeats an id: skipped by ON CONFLICT DO NOTHING, so not indexed either
        const id = i % 50 === 49 ? `u-${i - 1}` : `u-${i}`
        const email = `${attributes.first_name}.${attributes.last_name}.${i}@example.com`.toLowerCase()
        const info = insert.run(`c${i}`, id, email, json, json)
        pks.push(info.changes ? Number(info.lastInsertRowid) : 0)
        fields.id.push(id)
        fields.email.push(email)
        fields.names.push(namesOf(attributes))
      }
    })()
    if (start === 0) scratch.addExisting(mark!.existingThrough)
    scratch.addBatch(Float64Array.from(pks), fields)
  }
  scratch.finish()
  return { mark: mark! }
}

const answers = (m: Mirror) => QUERIES.map((q) => m.sqlite.prepare('SELECT rowid FROM people_fts WHERE people_fts MATCH ? ORDER BY rowid').pluck().all(q))
const integrityCheck = (m: Mirror) => m.sqlite.exec("INSERT INTO people_fts(people_fts, rank) VALUES('integrity-check', 1)")
const rebuild = (m: Mirror) => m.sqlite.exec("INSERT INTO people_fts(people_fts) VALUES('rebuild')")

describe('adopting the index built aside', () => {
  it('swaps it in for people_fts: same answers as a rebuild, existing people included', () => {
    const { m, dir } = open()
    existing(m, 30)
    const before = answers(m) // the mirror's connection now caches people_fts's structure
    const scratchFile = join(dir, 'scratch.db')
    const { mark } = bulkLoad(m, scratchFile, 2000)
    expect(mark.existingThrough).toBe(30)
    expect(answers(m)).toEqual(before) // nothing of the load is searchable yet

    expect(adoptScratchIndex(m.file, scratchFile, mark)).toEqual({ adopted: true })
    expect(hasPeopleFtsInsertTrigger(m.sqlite)).toBe(true)
    // The swap committed on a connection of its own, so this one re-reads the new structure.
    integrityCheck(m)
    const adopted = answers(m)
    expect(adopted[0].length).toBeGreaterThan(400) // names:zoe, both workspaces
    expect(adopted[5]).toHaveLength(30) // names:other
    expect(m.sqlite.prepare('SELECT count(*) FROM people_fts_docsize').pluck().get()).toBe(30 + 2000 - 40)
    rebuild(m)
    expect(answers(m)).toEqual(adopted)

    // and the index keeps working for writes through the trigger afterwards
    m.sqlite.prepare("INSERT INTO people (ws, cio_id, id, email, attributes, created_at, updated_at) VALUES ((SELECT ws FROM workspaces WHERE id = 'w'), 'late', 'late', 'late@example.com', '{\"first_name\":\"Zoë\"}', 0, 0)").run()
    integrityCheck(m)
    expect(answers(m)[0]).toHaveLength(adopted[0].length + 1)
    removeScratch(scratchFile)
    expect(existsSync(scratchFile)).toBe(false)
  })

  it('refuses when an indexed person changed during the load, and changes nothing', () => {
    const { m, dir } = open()
    existing(m, 5)
    const scratchFile = join(dir, 'scratch.db')
    const { mark } = bulkLoad(m, scratchFile, 300)
    m.sqlite.prepare("UPDATE people SET attributes = '{\"first_name\":\"Renamed\"}' WHERE cio_id = 'o1'").run()
    expect(adoptScratchIndex(m.file, scratchFile, mark)).toEqual({ adopted: false, reason: 'people_fts changed during the load' })
    expect(hasPeopleFtsInsertTrigger(m.sqlite)).toBe(false)
  })

  it('refuses when someone else inserted a person during the load', () => {
    const { m, dir } = open()
    const scratchFile = join(dir, 'scratch.db')
    const { mark } = bulkLoad(m, scratchFile, 300)
    m.sqlite.prepare("INSERT INTO people (ws, cio_id, attributes, created_at, updated_at) VALUES ((SELECT ws FROM workspaces WHERE id = 'other'), 'x', '{}', 0, 0)").run()
    expect(adoptScratchIndex(m.file, scratchFile, mark)).toEqual({ adopted: false, reason: 'the scratch index covers 294 of 295 people' })
  })

  it('refuses when the insert trigger is already back', () => {
    const { m, dir } = open()
    const scratchFile = join(dir, 'scratch.db')
    const { mark } = bulkLoad(m, scratchFile, 300)
    m.sqlite.exec(PEOPLE_FTS_INSERT_TRIGGER_SQL)
    expect(adoptScratchIndex(m.file, scratchFile, mark)).toEqual({ adopted: false, reason: 'the insert trigger was already back' })
  })
})
