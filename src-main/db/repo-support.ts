import type { Mirror, MirrorDb } from './connection'
import { sqliteCause } from './sqlite-errors'

export { sqliteCause } from './sqlite-errors'

// What every repository shares: taking either the Mirror or its drizzle db (no globals, so tests
// and the engine worker can open as many mirrors as they like), an injectable clock, and
// recognising SQLite constraint failures so a repository can answer CONFLICT with a sentence a
// user understands instead of "UNIQUE constraint failed: index 'workspaces_name_ci_unique'".

export type RepoSource = Mirror | MirrorDb

export function dbOf(source: RepoSource): MirrorDb {
  return isMirror(source) ? source.db : source
}

function isMirror(source: RepoSource): source is Mirror {
  return 'schemaVersion' in source && 'sqlite' in source
}

/** Injected in tests that need stable timestamps; Date.now otherwise. */
export type Clock = () => number

/**
 * True when `err` is a UNIQUE (or PRIMARY KEY) violation, optionally of one index or column:
 * SQLite names an expression index as `index 'name'` and a plain one by its `table.column`s.
 */
export function isUniqueViolation(err: unknown, indexOrColumn?: string): boolean {
  const cause = sqliteCause(err)
  if (!cause) return false
  if (cause.code !== 'SQLITE_CONSTRAINT_UNIQUE' && cause.code !== 'SQLITE_CONSTRAINT_PRIMARYKEY') return false
  return indexOrColumn === undefined || (cause.message ?? '').includes(indexOrColumn)
}
