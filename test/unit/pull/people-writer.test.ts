import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { openMirror, type Mirror } from '../../../src-main/db/connection'
import { emptyPeopleCounts, PeopleWriter } from '../../../src-main/merge/people-writer'
import { personFromRecord } from '../../../src-main/merge/person-merge'

// How pulled people meet the people created here before their first pull (no cio_id yet).
let mirror: Mirror
afterEach(() => mirror?.close())

function open(): Mirror {
  mirror = openMirror(join(mkdtempSync(join(tmpdir(), 'cio-sync-writer-')), 'mirror.db'))
  mirror.sqlite.prepare("INSERT INTO workspaces (id, name, kind, created_at) VALUES ('w', 'W', 'custom', 0)").run()
  return mirror
}

const local = (m: Mirror, id: string | null, email: string | null) =>
  m.sqlite.prepare("INSERT INTO people (ws, cio_id, id, email, attributes, created_at, updated_at) VALUES ((SELECT ws FROM workspaces WHERE id = 'w'), NULL, ?, ?, '{\"plan\":\"pro\"}', 0, 0)").run(id, email).lastInsertRowid as number
const rows = (m: Mirror) => m.sqlite.prepare("SELECT pk, cio_id, id, email FROM people WHERE ws = (SELECT ws FROM workspaces WHERE id = 'w') ORDER BY pk").all()

describe('PeopleWriter and people created here', () => {
  it('adopts a person created by id when they come back with a cio_id', () => {
    const m = open()
    const pk = local(m, 'u1', 'u1@example.com')
    const counts = emptyPeopleCounts()
    new PeopleWriter(m.sqlite, 'w', 'compare', 1).apply([{ cioId: 'c1', id: 'u1', email: 'u1@example.com', attributes: { plan: 'pro' } }], counts)
    expect(rows(m)).toEqual([{ pk, cio_id: 'c1', id: 'u1', email: 'u1@example.com' }])
    expect(counts.created).toBe(0)
  })

  it('adopts a person created by email only, whatever the case of the address', () => {
    const m = open()
    const pk = local(m, null, 'Ann@Example.com')
    const counts = emptyPeopleCounts()
    new PeopleWriter(m.sqlite, 'w', 'compare', 1).apply([{ cioId: 'c2', id: null, email: 'ann@example.com', attributes: { plan: 'pro' } }], counts)
    expect(rows(m)).toEqual([{ pk, cio_id: 'c2', id: null, email: 'ann@example.com' }])
    expect(counts.created).toBe(0)
  })

  it('does not adopt someone who already has a cio_id of their own', () => {
    const m = open()
    m.sqlite.prepare("INSERT INTO people (ws, cio_id, id, email, attributes, created_at, updated_at) VALUES ((SELECT ws FROM workspaces WHERE id = 'w'), 'c-old', NULL, 'bo@example.com', '{}', 0, 0)").run()
    const counts = emptyPeopleCounts()
    new PeopleWriter(m.sqlite, 'w', 'compare', 1).apply([{ cioId: 'c-new', id: null, email: 'bo@example.com', attributes: {} }], counts)
    expect(rows(m)).toHaveLength(2)
    expect(counts.created).toBe(1)
  })

  it("answers the pk of each person a 'fresh' batch inserts, 0 for one ON CONFLICT skipped", () => {
    const m = open()
    const before = local(m, 'u2', null) // holds id u2 already
    const counts = emptyPeopleCounts()
    const json = '{"first_name":"Ada"}'
    const batch = { firstRow: 0, rowCount: 3, cioId: ['c1', 'c2', 'c3'], id: ['u1', 'u2', null], email: ['a@x.com', null, null], attributes: [json, json, json] }
    const pks = new PeopleWriter(m.sqlite, 'w', 'fresh', 1).applyFreshBatch(batch, counts)
    const stored = rows(m) as { pk: number; cio_id: string | null }[]
    expect(Array.from(pks)).toEqual([stored[1].pk, 0, stored[2].pk])
    expect(stored.map((r) => r.cio_id)).toEqual([null, 'c1', 'c3'])
    expect(stored[0].pk).toBe(before)
    expect(counts.created).toBe(2)
  })
})

describe("PeopleWriter and Customer.io's update time", () => {
  const record = (timestamps?: Record<string, number>) =>
    personFromRecord({ identifiers: { id: 'u1', email: null, cio_id: 'c1' }, attributes: { id: 'u1', plan: 'pro' }, timestamps })
  const remoteUpdatedAt = (m: Mirror) => m.sqlite.prepare("SELECT remote_updated_at FROM people WHERE cio_id = 'c1'").pluck().get()

  it('keeps the newest attribute timestamp, and keeps it when a read carries none (an export)', () => {
    expect(record({ id: 1489014595, plan: 1508932553, _cio: 0 }).remoteUpdatedAt).toBe(1508932553000)
    expect(record().remoteUpdatedAt).toBeUndefined()
    const m = open()
    const counts = emptyPeopleCounts()
    new PeopleWriter(m.sqlite, 'w', 'compare', 1).apply([record({ plan: 1508932553 })], counts)
    expect(remoteUpdatedAt(m)).toBe(1508932553000)
    new PeopleWriter(m.sqlite, 'w', 'compare', 2).apply([record()], counts)
    expect(remoteUpdatedAt(m)).toBe(1508932553000)
    expect(counts).toMatchObject({ created: 1, unchanged: 1 })
    // only the time moved (our own push landed, or a value was set again to the same): the time is
    // kept, but the person's data did not change, so the pull does not count it as updated
    new PeopleWriter(m.sqlite, 'w', 'compare', 3).apply([record({ plan: 1600000000 })], counts)
    expect(remoteUpdatedAt(m)).toBe(1600000000000)
    expect(counts).toMatchObject({ created: 1, unchanged: 2, updated: 0 })
  })
})
