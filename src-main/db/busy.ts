import { dirname } from 'node:path'
import type Database from 'better-sqlite3'
import { AppError } from '../contract/result'
import { describeFolderUsers, otherFolderUsers } from './folder-users'
import { sqliteCause } from './sqlite-errors'

// Two processes on one mirror (the app and a CLI import, `serve` and a script) take turns at the
// write lock. SQLite's busy timeout makes a writer wait for the other's transaction to end, but
// only at the start of a transaction: a DEFERRED one (better-sqlite3's and drizzle's default) that
// has read and then wants to write while the other process holds the lock fails at once with
// "database is locked", whatever the timeout. So every outermost transaction on the mirror's
// connection begins IMMEDIATE (it waits for the lock before it reads), and a wait that still
// runs out is reported with the process holding the folder instead of SQLite's bare words.

/** How long a writer waits for another process's transaction before it gives up. */
export const DEFAULT_BUSY_TIMEOUT_MS = 15_000

/** The wait for this connection: CIO_SYNC_BUSY_TIMEOUT_MS lets the two-process tests give up sooner. */
export function busyTimeoutMs(): number {
  const fromEnv = Number(process.env.CIO_SYNC_BUSY_TIMEOUT_MS)
  return Number.isFinite(fromEnv) && fromEnv > 0 ? fromEnv : DEFAULT_BUSY_TIMEOUT_MS
}

export function isBusy(err: unknown): boolean {
  return sqliteCause(err)?.code?.startsWith('SQLITE_BUSY') ?? false
}

/** SQLITE_BUSY after the wait → a DATABASE error (retryable) that says who holds the folder. */
export function plainBusyError(err: unknown, file: string, waitedMs: number): unknown {
  if (!isBusy(err) || err instanceof AppError) return err
  const folder = dirname(file)
  const holders = describeFolderUsers(otherFolderUsers(folder))
  const who = holders
    ? `another cio-sync process is writing to it: ${holders}`
    : 'another program has its mirror.db open for writing (no other cio-sync process is running on this folder)'
  const plain = new AppError(
    'DATABASE',
    `The data folder ${folder} is busy: ${who}, and it did not finish within ${seconds(waitedMs)} s. Try again when it has finished.`,
    true,
  )
  Object.assign(plain, { cause: err })
  return plain
}

function seconds(ms: number): string {
  return ms < 10_000 ? String(Math.round(ms / 100) / 10) : String(Math.round(ms / 1000))
}

type Tx = ((...args: unknown[]) => unknown) & Record<'default' | 'deferred' | 'immediate' | 'exclusive', (...args: unknown[]) => unknown>

/**
 * Makes `sqlite` (the mirror's one read-write connection) wait for other processes' writes as
 * described above: outermost transactions of any flavour begin IMMEDIATE (EXCLUSIVE stays
 * exclusive; nested ones stay savepoints), and a statement or transaction that still meets
 * SQLITE_BUSY throws the plain error. Nothing else about the connection changes.
 */
export function waitForOtherWriters(sqlite: Database.Database, file: string, waitMs: number): void {
  const plain = (err: unknown) => plainBusyError(err, file, waitMs)
  const transaction = sqlite.transaction.bind(sqlite)
  sqlite.transaction = ((fn: (...args: unknown[]) => unknown) => {
    const tx = transaction(fn) as unknown as Tx
    const begin = (flavour: 'immediate' | 'exclusive') =>
      function (this: unknown, ...args: unknown[]) {
        // inside a transaction better-sqlite3 uses a savepoint whatever the flavour
        try {
          return tx[flavour].apply(this, args)
        } catch (err) {
          throw plain(err)
        }
      }
    const wrapped = begin('immediate') as Tx
    Object.assign(wrapped, { default: wrapped, deferred: wrapped, immediate: wrapped, exclusive: begin('exclusive'), database: sqlite })
    return wrapped
  }) as typeof sqlite.transaction

  // A write outside any transaction waits through the busy timeout by itself; only its failure
  // needs the plain words. Read statements never wait for a writer in WAL mode.
  const prepare = sqlite.prepare.bind(sqlite)
  sqlite.prepare = ((source: string) => {
    const stmt = prepare(source)
    if (stmt.reader && !/\breturning\b/i.test(source)) return stmt
    for (const method of ['run', 'get', 'all'] as const) {
      const original = stmt[method] as (...args: unknown[]) => unknown
      Object.defineProperty(stmt, method, {
        value: function (this: unknown, ...args: unknown[]) {
          try {
            return original.apply(this, args)
          } catch (err) {
            throw plain(err)
          }
        },
      })
    }
    return stmt
  }) as typeof sqlite.prepare
}
