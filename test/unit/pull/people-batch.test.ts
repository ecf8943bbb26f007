import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openMirror, type Mirror } from '../../../src-main/db/connection'
import { decodePeople, encodePeople, namesOf } from '../../../src-main/sync/pull/people-batch'
import { columnsFromHeader, personFromRow } from '../../../src-main/merge/person-merge'

// The export worker's batches, and people.names computed in JavaScript for the index built aside:
// it must equal what the generated column computes, or search would find other people after a
// bulk load than after a rebuild.

const header = ['cio_id', 'id', 'email', 'first_name', 'plan', 'last_name']
const columns = columnsFromHeader(header)
const rows = [
  ['c1', 'u1', 'a@x.com', 'Ada', 'pro', 'Lovelace'],
  ['', 'u2', 'nobody@x.com', 'No', 'free', 'Cio'], // no cio_id: not a person
  ['c3', '', '', '', '', ''],
  ['c4', 'u4', 'z@x.com', 'Zoë', 'São "Paulo", SP', ''],
]

describe('encodePeople / decodePeople', () => {
  it('keeps the people personFromRow finds, as parallel arrays, and covers every row of the file', () => {
    const { batch, search } = encodePeople(rows, columns, 40)
    expect(batch.firstRow).toBe(40)
    expect(batch.rowCount).toBe(4)
    expect(batch.cioId).toEqual(['c1', 'c3', 'c4'])
    expect(batch.id).toEqual(['u1', null, 'u4'])
    expect(batch.email).toEqual(['a@x.com', null, 'z@x.com'])
    const expected = rows.map((r) => personFromRow(r, columns)).filter((p) => p !== null)
    expect(batch.attributes).toEqual(expected.map((p) => JSON.stringify(p!.attributes)))
    expect(search).toEqual({ id: batch.id, email: batch.email, names: ['Ada Lovelace', '', 'Zoë'] })
  })

  it('decodes to the same RemotePerson as personFromRow', () => {
    const { batch } = encodePeople(rows, columns, 0)
    // through structured clone, as the batch travels between threads
    expect(decodePeople(structuredClone(batch))).toEqual(rows.map((r) => personFromRow(r, columns)).filter((p) => p !== null))
  })
})

describe('namesOf', () => {
  let mirror: Mirror
  beforeAll(() => {
    mirror = openMirror(join(mkdtempSync(join(tmpdir(), 'cio-sync-names-')), 'mirror.db'))
    mirror.sqlite.prepare("INSERT INTO workspaces (id, name, kind, created_at) VALUES ('w', 'W', 'custom', 0)").run()
  })
  afterAll(() => mirror?.close())

  const tricky: Record<string, string>[] = [
    { first_name: 'Ada', last_name: 'Lovelace' },
    { first_name: 'Ada', last_name: 'Lovelace', name: 'Countess' },
    { name: 'Only A Name' },
    { last_name: 'Turing' },
    { first_name: 'Grace' },
    {},
    { plan: 'pro' },
    { first_name: '', last_name: '', name: '' },
    { first_name: '  Ada  ', last_name: ' ', name: '  ' },
    { first_name: '\tAda\n', last_name: '\u00a0Lovelace\u00a0' }, // trim() removes spaces only, not tabs or NBSP
    { first_name: 'Zoë', last_name: 'Ångström', name: '山田 太郎' },
    { first_name: 'Ｆｕｌｌ', last_name: '🙂 emoji', name: 'e\u0301' },
    { first_name: 'quote " and \\ backslash', last_name: "o'neil" },
    { first_name: 'nul\u0000inside', last_name: '\u2028line' },
    { first_name: 'null', last_name: 'undefined', name: '0' },
  ]

  it('equals the names generated column on tricky values', () => {
    const insert = mirror.sqlite.prepare("INSERT INTO people (ws, cio_id, attributes, created_at, updated_at) VALUES ((SELECT ws FROM workspaces WHERE id = 'w'), ?, ?, 0, 0)")
    const names = mirror.sqlite.prepare('SELECT names FROM people WHERE pk = ?').pluck()
    tricky.forEach((attributes, i) => {
      const pk = insert.run(`c${i}`, JSON.stringify(attributes)).lastInsertRowid
      expect(namesOf(attributes), JSON.stringify(attributes)).toBe(names.get(pk))
    })
  })
})
