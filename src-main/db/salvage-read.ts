import type Database from 'better-sqlite3'

// Reads what SQLite can still read of one table of a damaged file, in rowid order. A damaged page
// makes any scan that reaches it fail, but a lookup by rowid descends the table's b-tree and
// reaches the pages after it: so the reader goes on past the damage and reports, as rowid ranges,
// what it had to skip. Used by `cio-sync recover` on a mirror set aside as damaged.

export interface Salvaged {
  rows: Record<string, unknown>[]
  /** rowid ranges that could not be read, e.g. "after 120 up to 418" */
  skipped: string[]
}

const CHUNK = 200

export function salvageTable(db: Database.Database, table: string): Salvaged {
  const quoted = `"${table.replace(/"/g, '""')}"`
  const page = db.prepare(`SELECT rowid AS "__rowid", * FROM ${quoted} WHERE rowid > ? ORDER BY rowid LIMIT ${CHUNK}`)
  const one = db.prepare(`SELECT rowid AS "__rowid", * FROM ${quoted} WHERE rowid = ?`)
  const next = db.prepare(`SELECT rowid FROM ${quoted} WHERE rowid > ? ORDER BY rowid LIMIT 1`).pluck()
  /** the next rowid after `id`: a number, null at the end, or undefined when the seek itself fails */
  const nextAfter = (id: number): number | null | undefined => {
    try {
      return (next.get(id) as number | undefined) ?? null
    } catch {
      return undefined
    }
  }

  const rows: Record<string, unknown>[] = []
  const skipped: string[] = []
  let after = Number.MIN_SAFE_INTEGER
  for (;;) {
    let batch: Record<string, unknown>[] | null = null
    try {
      batch = page.all(after) as Record<string, unknown>[]
    } catch {
      // somewhere in the next CHUNK rows: go on one row at a time
    }
    if (batch) {
      if (batch.length === 0) break
      rows.push(...batch)
      after = batch[batch.length - 1].__rowid as number
      continue
    }
    const id = nextAfter(after)
    if (id === null) break
    if (id !== undefined) {
      try {
        rows.push(one.get(id) as Record<string, unknown>)
      } catch {
        skipped.push(`row ${id}`)
      }
      after = id
      continue
    }
    // Even the seek past `after` fails: find the nearest rowid past the damage by doubling the
    // step, then narrow it down, so as few readable rows as possible are skipped.
    let bad = after
    let step = 1
    let good: number | null | undefined
    for (;;) {
      good = nextAfter(after + step)
      if (good !== undefined || after + step > Number.MAX_SAFE_INTEGER / 2) break
      bad = after + step
      step *= 2
    }
    if (good === undefined || good === null) {
      skipped.push(`after ${fmt(after)} to the end`)
      break
    }
    let hi = after + step
    while (hi - bad > 1) {
      const mid = Math.floor((bad + hi) / 2)
      if (nextAfter(mid) === undefined) bad = mid
      else hi = mid
    }
    const resume = nextAfter(hi) as number | null
    skipped.push(`after ${fmt(after)} up to ${hi}`)
    if (resume === null) break
    after = resume - 1
  }
  for (const r of rows) delete r.__rowid
  return { rows, skipped }
}

const fmt = (id: number) => (id === Number.MIN_SAFE_INTEGER ? 'the start' : String(id))
