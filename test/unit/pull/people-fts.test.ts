import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { openMirror, type Mirror } from '../../../src-main/db/connection'
import { hasPeopleFtsInsertTrigger, PEOPLE_FTS_INSERT_TRIGGER_SQL, repairPeopleFts, suspendPeopleFtsInserts } from '../../../src-main/sync/pull/people-fts'

let mirror: Mirror
afterEach(() => mirror?.close())

function open(): Mirror {
  mirror = openMirror(join(mkdtempSync(join(tmpdir(), 'cio-sync-fts-')), 'mirror.db'))
  mirror.sqlite.prepare("INSERT INTO workspaces (id, name, kind, created_at) VALUES ('w', 'W', 'custom', 0)").run()
  return mirror
}

const insert = (m: Mirror, id: string) =>
  m.sqlite.prepare("INSERT INTO people (ws, cio_id, id, email, attributes, created_at, updated_at) VALUES ((SELECT ws FROM workspaces WHERE id = 'w'), ?, ?, ?, '{\"first_name\":\"Zoë\"}', 0, 0)").run(`c-${id}`, id, `${id}@example.com`)
const search = (m: Mirror, q: string) => m.sqlite.prepare('SELECT count(*) FROM people_fts WHERE people_fts MATCH ?').pluck().get(q)

describe('people_fts around a bulk load', () => {
  it('keeps the insert trigger SQL identical to migration 0001', () => {
    const m = open()
    const sql = m.sqlite.prepare("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'people_fts_after_insert'").pluck().get()
    expect(sql).toBe(PEOPLE_FTS_INSERT_TRIGGER_SQL)
  })

  it('repairs an interrupted bulk load: trigger back, every row indexed', () => {
    const m = open()
    insert(m, 'before')
    suspendPeopleFtsInserts(m.sqlite)
    insert(m, 'during')
    expect(search(m, 'email:during')).toBe(0)
    expect(repairPeopleFts(m.sqlite)).toBe(true)
    expect(hasPeopleFtsInsertTrigger(m.sqlite)).toBe(true)
    expect(search(m, 'email:during')).toBe(1)
    expect(search(m, 'names:zoe')).toBe(2)
    insert(m, 'after')
    expect(search(m, 'email:after')).toBe(1)
    expect(repairPeopleFts(m.sqlite)).toBe(false)
  })
})
