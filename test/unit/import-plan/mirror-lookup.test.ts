import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { openMirror } from '../../../src-main/db/connection'
import { MirrorLookup } from '../../../src-main/import/plan/mirror-lookup'
import { tempDir } from '../../integration/pull/harness'

// A real mirror file: short attribute objects come back whole, long ones field by field; the
// planner must see the same values either way.
const mirror = openMirror(join(tempDir('mirror-lookup'), 'mirror.db'))
afterAll(() => mirror.close())
const db = mirror.sqlite
db.prepare("INSERT INTO workspaces (id, name, kind, created_at) VALUES ('w', 'W', 'custom', 0)").run()
const insert = db.prepare("INSERT INTO people (ws, cio_id, id, email, attributes, created_at, updated_at, deleted_at) VALUES ((SELECT ws FROM workspaces WHERE id = 'w'), ?, ?, ?, ?, 0, 0, ?)")
const typed = { plan: 'pro', score: 42, vip: true, gone: null, nested: { a: [1, 'x'] }, 'odd "name"': 'q' }
insert.run('c1', 'short', 'Ann@Example.com', JSON.stringify(typed), null)
insert.run('c2', 'long', 'ann@example.com', JSON.stringify({ ...typed, notes: 'n'.repeat(2000) }), null)
insert.run('c3', 'tomb', 'tomb@example.com', JSON.stringify(typed), 1)

describe('MirrorLookup.find', () => {
  const lookup = new MirrorLookup(db, 'w')

  it('gives the asked fields the same way whether the object is fetched whole or field by field', () => {
    const found = lookup.find('id', ['short', 'long', 'short'], ['plan', 'score', 'vip', 'gone', 'nested', 'absent'])
    expect([...found.keys()].sort()).toEqual(['long', 'short'])
    for (const key of ['short', 'long']) {
      const attrs = found.get(key)!.attributes
      expect(attrs).toMatchObject({ plan: 'pro', score: 42, vip: true, nested: { a: [1, 'x'] } })
      // a JSON null and a missing field both read as "not set"
      expect(attrs.gone ?? undefined).toBeUndefined()
      expect(attrs.absent).toBeUndefined()
    }
    // the long person's object was not fetched whole
    expect(found.get('long')!.attributes.notes).toBeUndefined()
    expect(lookup.find('id', ['long'], ['plan']).get('long')!.attributes).toEqual({ plan: 'pro' })
  })

  it('fetches whole objects for field names a JSON path cannot quote, and nothing for no fields', () => {
    expect(lookup.find('id', ['long'], ['odd "name"']).get('long')!.attributes['odd "name"']).toBe('q')
    expect(lookup.find('id', ['short'], []).get('short')!.attributes).toEqual({})
  })

  it('matches emails without regard to case, first holder first, and never a tombstoned person', () => {
    const found = lookup.find('email', ['ANN@example.com ', 'tomb@example.com'], [])
    expect([...found.keys()]).toEqual(['ann@example.com'])
    expect(found.get('ann@example.com')!.id).toBe('short')
    expect(lookup.find('cio_id', ['c3', 'c2'], []).get('c2')!.email).toBe('ann@example.com')
    expect(lookup.find('cio_id', ['c3'], []).size).toBe(0)
  })
})
