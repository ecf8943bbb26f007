// The SQLite error behind whatever wrapped it: read by the repositories (constraint failures) and
// by the connection's own checks (busy, damage), which must not import the repositories.

export interface SqliteErrorLike {
  code?: string
  message?: string
  cause?: unknown
}

/**
 * The better-sqlite3 error behind an error, if any. drizzle 0.45 wraps driver errors in a
 * DrizzleQueryError whose `cause` is the original; raw prepared statements throw it directly.
 */
export function sqliteCause(err: unknown): SqliteErrorLike | undefined {
  let e: unknown = err
  for (let depth = 0; depth < 5 && e && typeof e === 'object'; depth++) {
    const candidate = e as SqliteErrorLike
    if (typeof candidate.code === 'string' && candidate.code.startsWith('SQLITE_')) return candidate
    e = candidate.cause
  }
  return undefined
}
