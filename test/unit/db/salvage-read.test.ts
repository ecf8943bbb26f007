import { afterEach, describe, expect, it } from 'vitest'
import Database from 'better-sqlite3'
import { salvageTable } from '../../../src-main/db/salvage-read'
import { damagePageHolding } from './damage'
import { addWorkspace, tempHome } from './helpers'

// What `cio-sync recover` reads from a damaged table: every row SQLite can still reach, in order,
// and the rowid ranges it had to skip.

let home: ReturnType<typeof tempHome>
afterEach(() => home?.cleanup())

describe('salvageTable', () => {
  it('reads the rows before and after a damaged page and names the range it skipped', () => {
    home = tempHome()
    const m = home.open()
    addWorkspace(m, 'w1')
    const insert = m.sqlite.prepare("INSERT INTO outbox (workspace_id, op, entity_key, payload, created_at, updated_at) VALUES ('w1', 'identify', ?, ?, 1, 1)")
    m.sqlite.transaction(() => {
      for (let i = 1; i <= 3000; i++) insert.run(`person:${i}`, JSON.stringify({ note: `edit-${String(i).padStart(5, '0')}` }))
    })()
    m.close()
    damagePageHolding(home.file, 'outbox', 'edit-01500')

    const db = new Database(home.file, { readonly: true })
    expect(() => db.prepare('SELECT * FROM outbox').all()).toThrow(/malformed/)
    const { rows, skipped } = salvageTable(db, 'outbox')
    db.close()
    const ids = rows.map((r) => r.id as number)
    expect(ids).toEqual([...ids].sort((a, b) => a - b))
    expect(ids).not.toContain(1500)
    expect(ids).toContain(1)
    expect(ids).toContain(3000)
    expect(ids.length).toBeGreaterThan(2900) // one leaf page holds a few dozen of these rows
    expect(skipped).toHaveLength(1)
    const [, from, to] = /^after (\d+) up to (\d+)$/.exec(skipped[0])!.map(Number)
    // exactly the rows of the damaged page are missing
    expect(ids.filter((id) => id > from && id <= to)).toEqual([])
    expect(ids.length).toBe(3000 - (to - from))
  })

  it('reads an undamaged table whole', () => {
    home = tempHome()
    const m = home.open()
    addWorkspace(m, 'w1')
    addWorkspace(m, 'w2')
    const { rows, skipped } = salvageTable(m.sqlite, 'workspaces')
    expect(rows.map((r) => r.id)).toEqual(['w1', 'w2'])
    expect(skipped).toEqual([])
  })
})
