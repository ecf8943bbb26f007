// Bulk loads and the people_fts index (migration 0001). The per-row insert trigger makes a large
// insert 4–6× slower, so a big first pull drops it, inserts, and then rebuilds the whole index in
// one statement. Whatever happens in between (a crash, a kill), the next pull repairs the index
// before it writes anything: `repairPeopleFts` re-creates the trigger and rebuilds.

import type Database from 'better-sqlite3'
import { hasSchemaObject } from '../../db/schema-objects'

export const PEOPLE_FTS_INSERT_TRIGGER = 'people_fts_after_insert'

/**
 * The trigger exactly as migration 0001 creates it. One copy in code, so it can be re-created
 * after a bulk load; a unit test compares it with what the migration leaves in sqlite_master.
 */
export const PEOPLE_FTS_INSERT_TRIGGER_SQL = `CREATE TRIGGER \`people_fts_after_insert\` AFTER INSERT ON \`people\` BEGIN
	INSERT INTO \`people_fts\` (rowid, \`id\`, \`email\`, \`names\`) VALUES (new.\`pk\`, new.\`id\`, new.\`email\`, new.\`names\`);
END`

export function hasPeopleFtsInsertTrigger(sqlite: Database.Database): boolean {
  return hasSchemaObject(sqlite, 'trigger', PEOPLE_FTS_INSERT_TRIGGER)
}

/** Stops indexing inserts one by one. Call inside the transaction of the first bulk batch. */
export function suspendPeopleFtsInserts(sqlite: Database.Database): void {
  sqlite.exec(`DROP TRIGGER IF EXISTS \`${PEOPLE_FTS_INSERT_TRIGGER}\``)
}

/**
 * Re-creates the insert trigger and rebuilds the index from the people table, atomically: a reader
 * sees either the old index or the complete new one.
 */
export function resumePeopleFtsInserts(sqlite: Database.Database): void {
  sqlite.transaction(() => {
    if (!hasPeopleFtsInsertTrigger(sqlite)) sqlite.exec(PEOPLE_FTS_INSERT_TRIGGER_SQL)
    sqlite.exec("INSERT INTO people_fts(people_fts) VALUES('rebuild')")
  })()
}

/** After an interrupted bulk load: true when it had to repair the index. */
export function repairPeopleFts(sqlite: Database.Database): boolean {
  if (hasPeopleFtsInsertTrigger(sqlite)) return false
  resumePeopleFtsInserts(sqlite)
  return true
}
