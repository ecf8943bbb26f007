// What the mirror's schema holds right now: the bulk loads drop an index or a trigger for the
// length of a load and put it back after (db/people-bulk-index.ts, sync/pull/people-fts.ts), and
// openMirror and the pull check which of them a killed load left missing.

import type Database from 'better-sqlite3'

/** The SQL that created a table, index or trigger of the main schema, or undefined when there is none of that name. */
export function schemaObjectSql(sqlite: Database.Database, type: 'table' | 'index' | 'trigger', name: string): string | undefined {
  const row = sqlite.prepare('SELECT sql FROM sqlite_master WHERE type = ? AND name = ?').get(type, name) as { sql: string | null } | undefined
  return row === undefined ? undefined : (row.sql ?? '')
}

export function hasSchemaObject(sqlite: Database.Database, type: 'table' | 'index' | 'trigger', name: string): boolean {
  return schemaObjectSql(sqlite, type, name) !== undefined
}
