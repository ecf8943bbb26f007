// A first pull of a big workspace loads its people without the (ws, lower(email)) index and
// builds it once at the end. Emails arrive in no order, so with the index live every batch of
// 10,000 people touches most of its leaf pages and each commit writes them to the WAL again
// (about 42 MB of index per million people); one CREATE INDEX at the end sorts once
// (bench/pull/RESULTS.md, session 7). The unique (ws, cio_id) and (ws, id) indexes stay live: they
// are what makes a batch applied twice by a resumed pull harmless (ON CONFLICT DO NOTHING).
//
// Whatever happens in between (a crash, a kill), every open of the mirror puts a missing index
// back before anything reads it (connection.ts), and the pull puts it back when it ends, however
// it ends. Readers never get a wrong answer meanwhile, only a slower one (a scan).

import type Database from 'better-sqlite3'
import { hasSchemaObject } from './schema-objects'

export const PEOPLE_EMAIL_INDEX = 'people_ws_email_ci'

/**
 * The index exactly as migration 0012 creates it (schema-mirror.ts). One copy in code, so it can
 * be created again after a bulk load; a unit test compares it with what the migrations leave.
 */
export const PEOPLE_EMAIL_INDEX_SQL = 'CREATE INDEX `people_ws_email_ci` ON `people` (`ws`,lower("email"))'

export function hasPeopleEmailIndex(sqlite: Database.Database): boolean {
  return hasSchemaObject(sqlite, 'index', PEOPLE_EMAIL_INDEX)
}

/** Drops the email index for a bulk load. Call inside the transaction of the load's first batch. */
export function suspendPeopleEmailIndex(sqlite: Database.Database): void {
  sqlite.exec(`DROP INDEX IF EXISTS \`${PEOPLE_EMAIL_INDEX}\``)
}

/**
 * Creates the email index when it is missing (after a bulk load, or one cut off by a crash).
 * Answers whether it had to. Reads only, and takes no write lock, when the index is there.
 */
export function restorePeopleEmailIndex(sqlite: Database.Database): boolean {
  if (hasPeopleEmailIndex(sqlite)) return false
  // IF NOT EXISTS: another process may have put it back since the check (SQLite stores the
  // statement from the index name on, so sqlite_master reads the same either way)
  sqlite.exec(PEOPLE_EMAIL_INDEX_SQL.replace('CREATE INDEX ', 'CREATE INDEX IF NOT EXISTS '))
  return true
}
