// The end of a bulk load with the search index built aside (people-fts-scratch.ts): checks that
// the scratch index covers exactly the people rows and swaps it in for people_fts, in one
// transaction, or says why not (the caller then rebuilds the index as before).
//
// The swap writes people_fts's shadow tables directly (their rows are copied from the scratch
// file), and runs on a connection of its own, opened here and closed right after:
//   - SQLite refuses writes to shadow tables on a "defensive" connection (better-sqlite3's
//     default); only this short-lived connection leaves that mode, never the mirror's own;
//   - FTS5 caches an index's structure per connection and re-reads it when PRAGMA data_version
//     says another connection committed. A commit from this second connection is exactly that
//     signal for the mirror's connection (and any other), whereas writes made through the mirror's
//     own connection would leave its cache describing the index that was replaced.

import Database from 'better-sqlite3'
import { hasPeopleFtsInsertTrigger, PEOPLE_FTS_INSERT_TRIGGER_SQL } from './people-fts'
import { peopleFtsDefinition } from './people-fts-scratch'

const SHADOW_TABLES = ['people_fts_data', 'people_fts_idx', 'people_fts_docsize'] as const

/** What people_fts covered when the bulk load began. Taken in the transaction that drops the trigger. */
export interface LiveIndexMark {
  /** people with pk ≤ this were in the mirror (and indexed) before the load */
  existingThrough: number
  fingerprint: string
}

export type AdoptResult = { adopted: true } | { adopted: false; reason: string }

export function markLiveIndex(sqlite: Database.Database): LiveIndexMark {
  const existingThrough = (sqlite.prepare('SELECT max(pk) FROM people').pluck().get() as number | null) ?? 0
  return { existingThrough, fingerprint: fingerprint(sqlite, 'main') }
}

/**
 * Every write to an FTS5 index (the 'delete's of people_fts's update and delete triggers
 * included) rewrites its averages record (rowid 1: row and token totals) and its structure record
 * (rowid 10: segments and a write counter that only grows). Equal fingerprints mean nothing
 * changed an indexed value of an existing person while the load ran; the scratch index read those
 * people at some point during the load, so it would otherwise hold stale values.
 */
function fingerprint(db: Database.Database, schema: 'main' | 'scratch'): string {
  const records = db.prepare(`SELECT id, hex(block) FROM ${schema}.people_fts_data WHERE id IN (1, 10) ORDER BY id`).raw().all()
  const docs = db.prepare(`SELECT count(*) FROM ${schema}.people_fts_docsize`).pluck().get()
  return JSON.stringify([records, docs])
}

/** Why the scratch index may not replace people_fts, or null when it may. */
function mismatch(db: Database.Database, mark: LiveIndexMark): string | null {
  if (hasPeopleFtsInsertTrigger(db)) return 'the insert trigger was already back'
  const scratchDefinition = db.prepare("SELECT sql FROM scratch.sqlite_master WHERE type = 'table' AND name = 'people_fts'").pluck().get()
  if (peopleFtsDefinition(db) !== scratchDefinition) return 'people_fts is defined differently'
  if (fingerprint(db, 'main') !== mark.fingerprint) return 'people_fts changed during the load'
  const config = (schema: string) => JSON.stringify(db.prepare(`SELECT k, v FROM ${schema}.people_fts_config ORDER BY k`).raw().all())
  if (config('main') !== config('scratch')) return 'people_fts has other settings'
  // The scratch index holds only pks of people rows that existed (existing ones, committed
  // inserts), and nothing was deleted (the fingerprint), so equal counts mean equal sets;
  // max and sum are a cheap second look.
  const people = db.prepare('SELECT count(*), coalesce(max(pk), 0), coalesce(sum(pk), 0) FROM main.people').raw().get() as number[]
  const docs = db.prepare('SELECT count(*), coalesce(max(id), 0), coalesce(sum(id), 0) FROM scratch.people_fts_docsize').raw().get() as number[]
  if (people.some((v, i) => v !== docs[i])) return `the scratch index covers ${docs[0]} of ${people[0]} people`
  return null
}

/** Swaps the scratch index in for people_fts and re-creates the insert trigger, or changes nothing. */
export function adoptScratchIndex(mirrorFile: string, scratchFile: string, mark: LiveIndexMark): AdoptResult {
  const db = new Database(mirrorFile, { fileMustExist: true })
  try {
    db.pragma('busy_timeout = 5000')
    db.pragma('synchronous = NORMAL')
    db.unsafeMode(true) // SQLITE_DBCONFIG_DEFENSIVE off: shadow tables writable, on this connection only
    db.prepare('ATTACH DATABASE ? AS scratch').run(scratchFile)
    db.exec('BEGIN IMMEDIATE')
    try {
      const reason = mismatch(db, mark)
      if (reason) {
        db.exec('ROLLBACK')
        return { adopted: false, reason }
      }
      for (const table of SHADOW_TABLES) {
        db.exec(`DELETE FROM main.${table}`)
        db.exec(`INSERT INTO main.${table} SELECT * FROM scratch.${table}`)
      }
      db.exec(PEOPLE_FTS_INSERT_TRIGGER_SQL)
      db.exec('COMMIT')
      return { adopted: true }
    } catch (err) {
      if (db.inTransaction) db.exec('ROLLBACK')
      throw err
    }
  } finally {
    db.close()
  }
}
