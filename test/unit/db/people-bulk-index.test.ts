import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { openMirror, type Mirror } from '../../../src-main/db/connection'
import { hasPeopleEmailIndex, PEOPLE_EMAIL_INDEX_SQL, restorePeopleEmailIndex, suspendPeopleEmailIndex } from '../../../src-main/db/people-bulk-index'

// A first bulk pull drops the (ws, lower(email)) index for its load and builds it once at the end
// (people-bulk-index.ts); a load cut off by a kill leaves it missing until the next open.
const mirrors: Mirror[] = []
afterEach(() => {
  for (const m of mirrors.splice(0)) m.close()
})

function open(file = join(mkdtempSync(join(tmpdir(), 'cio-sync-email-index-')), 'mirror.db')): Mirror {
  const mirror = openMirror(file)
  mirrors.push(mirror)
  return mirror
}

const indexSql = (m: Mirror) => m.sqlite.prepare("SELECT sql FROM sqlite_master WHERE type = 'index' AND name = 'people_ws_email_ci'").pluck().get()
const planOfEmailLookup = (m: Mirror) =>
  (m.sqlite.prepare('EXPLAIN QUERY PLAN SELECT pk FROM people WHERE ws = 1 AND lower(email) = lower(?)').all('a@example.com') as { detail: string }[]).map((r) => r.detail).join('; ')

describe('the people email index around a bulk load', () => {
  it('is created by the code exactly as the migrations create it', () => {
    expect(indexSql(open())).toBe(PEOPLE_EMAIL_INDEX_SQL)
  })

  it('is dropped inside the load’s transaction and put back identical, serving email lookups again', () => {
    const m = open()
    m.sqlite.transaction(() => suspendPeopleEmailIndex(m.sqlite))()
    expect(hasPeopleEmailIndex(m.sqlite)).toBe(false)
    expect(planOfEmailLookup(m)).not.toContain('people_ws_email_ci')
    expect(restorePeopleEmailIndex(m.sqlite)).toBe(true)
    expect(indexSql(m)).toBe(PEOPLE_EMAIL_INDEX_SQL)
    expect(planOfEmailLookup(m)).toContain('people_ws_email_ci')
    expect(restorePeopleEmailIndex(m.sqlite)).toBe(false)
  })

  it('is put back by the next open after a load that was cut off', () => {
    const first = open()
    first.sqlite.prepare("INSERT INTO workspaces (id, name, kind, created_at) VALUES ('w', 'W', 'custom', 0)").run()
    suspendPeopleEmailIndex(first.sqlite)
    first.sqlite.prepare("INSERT INTO people (ws, cio_id, id, email, attributes, created_at, updated_at) VALUES ((SELECT ws FROM workspaces WHERE id = 'w'), 'c1', 'p1', 'Ann@Example.com', '{}', 0, 0)").run()
    first.close()
    const again = open(first.file)
    expect(indexSql(again)).toBe(PEOPLE_EMAIL_INDEX_SQL)
    expect(again.sqlite.prepare("SELECT id FROM people WHERE ws = 1 AND lower(email) = lower('ann@example.COM')").pluck().get()).toBe('p1')
    expect(again.sqlite.pragma('integrity_check', { simple: true })).toBe('ok')
  })
})
