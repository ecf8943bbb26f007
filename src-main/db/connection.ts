import { existsSync, readFileSync } from 'node:fs'
import { basename, dirname, join, resolve } from 'node:path'
import Database from 'better-sqlite3'
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3'
import { migrate } from 'drizzle-orm/better-sqlite3/migrator'
import { AppError } from '../contract/result'
import { ensurePrivateDir, ensurePrivateFile, SQLITE_COMPANIONS } from '../security/private-files'
import { busyTimeoutMs, isBusy, plainBusyError, waitForOtherWriters } from './busy'
import { inspectMirror, isDamage, mirrorWasExpected, recordSound, type Health } from './mirror-health'
import { addOpenNotice, recoverInto, setAside } from './mirror-recovery'
import { restorePeopleEmailIndex } from './people-bulk-index'
import * as schema from './schema'

// Opens the mirror (one SQLite file for every workspace, see schema.ts), refuses a file written
// by a newer cio-sync or an empty one where a mirror was expected, sets a damaged one aside and
// starts anew (mirror-health.ts, mirror-recovery.ts), applies pending drizzle migrations and
// stamps PRAGMA user_version.
// Nothing here runs at import time: the engine worker calls openMirror when it starts.

export type MirrorDb = BetterSQLite3Database<typeof schema> & { $client: Database.Database }

export interface Mirror {
  /** drizzle with the schema, for small CRUD; `db.$client` is the same connection as `sqlite` */
  db: MirrorDb
  /** the raw connection, for bulk writes through prepared statements (docs/TOOLCHAIN.md §5) */
  sqlite: Database.Database
  /** the number of migrations this app ships, now also the file's user_version */
  schemaVersion: number
  file: string
  close(): void
}

export interface OpenMirrorOptions {
  /** where drizzle-kit's output lives; defaults to the repository's (or the bundle's) drizzle/ */
  migrationsFolder?: string
  /** files up to this size get PRAGMA quick_check at every open, larger ones daily (mirror-health.ts) */
  fullCheckUpToBytes?: number
}

/**
 * Both `src-main/db/` (tests, tsx) and the bundled `out/main/` sit two levels below the project
 * root, so one relative path serves both. A packaged app must pass its shipped folder instead.
 */
export const DEFAULT_MIGRATIONS_FOLDER = resolve(__dirname, '../../drizzle')

/**
 * The app's schema version: how many migrations drizzle-kit has journaled. Read at run time so a
 * new migration bumps it without anyone remembering to.
 */
export function readSchemaVersion(migrationsFolder: string): number {
  const journalPath = join(migrationsFolder, 'meta', '_journal.json')
  if (!existsSync(journalPath)) {
    throw new AppError('DATABASE', `The database migrations are missing (${journalPath} not found). Reinstall cio-sync.`)
  }
  const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries?: unknown[] }
  if (!Array.isArray(journal.entries)) {
    throw new AppError('DATABASE', `${journalPath} has no entries list. Reinstall cio-sync.`)
  }
  return journal.entries.length
}

function isInMemory(file: string): boolean {
  return file === ':memory:' || file === '' || file.startsWith('file::memory:')
}

export function openMirror(file: string, opts: OpenMirrorOptions = {}): Mirror {
  const migrationsFolder = opts.migrationsFolder ?? DEFAULT_MIGRATIONS_FOLDER
  const schemaVersion = readSchemaVersion(migrationsFolder)
  if (isInMemory(file)) return openConnection(file, migrationsFolder, schemaVersion)

  // First, before anything writes (journal_mode changes the file header, the migrator creates its
  // table, even closing a read-write WAL connection checkpoints): a newer app's file, an empty
  // one where a mirror was expected and a damaged one must be left exactly as they are. The
  // look (mirror-health.ts) is read-only.
  ensurePrivateDir(dirname(resolve(file)), false)
  const health = lookBeforeOpening(file, schemaVersion, opts.fullCheckUpToBytes)
  let aside = health.state === 'damaged' ? setAside(file, health.reason) : null
  let mirror: Mirror
  try {
    mirror = openConnection(file, migrationsFolder, schemaVersion)
  } catch (e) {
    // A large file is not read whole at every open: damage may first show here, in a migration
    // or the foreign key check. Then it is set aside all the same.
    if (aside || !isDamage(e)) throw e
    aside = setAside(file, (e as Error).message)
    mirror = openConnection(file, migrationsFolder, schemaVersion)
  }
  if (aside) addOpenNotice(recoverInto(mirror.sqlite, file, aside))
  recordSound(file, health.state === 'sound' && health.checked)
  return mirror
}

/** The file's state; throws when it must not be opened (newer app, empty where a mirror was). */
function lookBeforeOpening(file: string, schemaVersion: number, fullCheckUpToBytes?: number): Health {
  let health: Health
  try {
    health = inspectMirror(file, fullCheckUpToBytes)
  } catch (e) {
    throw new AppError('DATABASE', `Cannot read ${file}: ${(e as Error).message}. Is it a cio-sync database?`)
  }
  if (health.state === 'sound' && health.userVersion > schemaVersion) {
    throw new AppError(
      'DATABASE',
      `${file} was written by a newer cio-sync (schema ${health.userVersion}, this app knows ${schemaVersion}). Update cio-sync, or choose another data folder.`,
    )
  }
  const expected = health.state === 'empty' ? mirrorWasExpected(file) : null
  if (expected) {
    throw new AppError(
      'DATABASE',
      `${file} is empty (0 bytes), but ${expected}: the workspaces, unsent edits and sync history it held are gone from it. Nothing was changed. If you have a backup of ${basename(file)}, put it back. To start again with a new, empty mirror (add the workspaces again; their keys are still in the keychain), delete ${file} and start cio-sync again.`,
    )
  }
  return health
}

function openConnection(file: string, migrationsFolder: string, schemaVersion: number): Mirror {
  if (!isInMemory(file)) {
    // Customer data: owner-only. Created 0600 before SQLite would create it 0644; SQLite gives the
    // -wal and -shm the main file's mode.
    ensurePrivateFile(file, SQLITE_COMPANIONS)
  }
  let sqlite: Database.Database
  try {
    sqlite = new Database(file)
  } catch (e) {
    throw new AppError('DATABASE', `Cannot open ${file}: ${(e as Error).message}`)
  }

  try {
    // busy_timeout first: the CLI and the app may touch the same file, and even the switch to
    // WAL needs a lock (busy.ts: how writers of two processes take turns). WAL: readers (UI
    // queries) never wait for the writer (a pull). NORMAL in WAL mode never corrupts the file; a
    // power cut may lose the last commits, which a pull or a job's checkpoint redoes, and bulk
    // upserts are much faster for it.
    const waitMs = busyTimeoutMs()
    sqlite.pragma(`busy_timeout = ${waitMs}`)
    if (!isInMemory(file)) sqlite.pragma('journal_mode = WAL')
    sqlite.pragma('synchronous = NORMAL')

    const db = drizzle({ client: sqlite, schema })
    const versionBefore = sqlite.pragma('user_version', { simple: true }) as number
    runMigrations(sqlite, db, migrationsFolder, file)
    // Written only when it changes: it needs the write lock, and every CLI command opens the file,
    // also while another process is in the middle of a long write.
    if (versionBefore !== schemaVersion) {
      sqlite.pragma(`user_version = ${schemaVersion}`)
      if (versionBefore > 0 && !isInMemory(file)) reclaimSpaceAfterUpgrade(sqlite)
    }
    // Only now: with foreign keys on, a drizzle-kit table rebuild (DROP TABLE + rename) in a
    // migration would fire ON DELETE CASCADE and empty every child table.
    sqlite.pragma('foreign_keys = ON')
    waitForOtherWriters(sqlite, file, waitMs)
    // a first pull cut off in the middle of its bulk load left people without the email index
    restorePeopleEmailIndex(sqlite)

    return {
      db,
      sqlite,
      schemaVersion,
      file,
      close: () => {
        if (sqlite.open) sqlite.close()
      },
    }
  } catch (e) {
    sqlite.close()
    if (e instanceof AppError || isDamage(e)) throw e
    if (isBusy(e)) throw plainBusyError(e, file, busyTimeoutMs())
    throw new AppError('DATABASE', `Cannot prepare ${file}: ${(e as Error).message}`)
  }
}

/**
 * A migration that rebuilds a big table (0012 rebuilds people) leaves the old copy's pages free
 * inside the file: a 1,000,000-person mirror would stay at 1.27 GB instead of 0.56 GB. When an
 * upgrade left more than a quarter of the file free, VACUUM gives it back to the disk (once, at
 * this open; about 5 s per million people). Never inside the migrator's transaction.
 */
function reclaimSpaceAfterUpgrade(sqlite: Database.Database): void {
  const pages = sqlite.pragma('page_count', { simple: true }) as number
  const free = sqlite.pragma('freelist_count', { simple: true }) as number
  if (pages > 0 && free / pages > 0.25) sqlite.exec('VACUUM')
}

/**
 * drizzle's migrator, set up for the table rebuilds drizzle-kit generates for most SQLite ALTERs
 * (create `__new_x`, copy, DROP x, rename `__new_x` to x):
 * - foreign keys off, as SQLite's documented procedure requires (the PRAGMA is ignored inside the
 *   migrator's transaction, so it is set before): otherwise DROP x fires ON DELETE CASCADE;
 * - legacy_alter_table on: otherwise the rename re-parses every trigger, and one that names x
 *   (audit_log_no_delete names workspaces) fails it with "no such table" while x is dropped.
 * Then a foreign_key_check, so a migration that broke references fails loudly, not silently.
 * Note: DROP x also drops the triggers ON x (people_fts_*, audit_log_*); a rebuild of people or
 * audit_log must re-create them in a custom migration (a test checks they exist).
 */
function runMigrations(sqlite: Database.Database, db: MirrorDb, migrationsFolder: string, file: string): void {
  sqlite.pragma('foreign_keys = OFF')
  sqlite.pragma('legacy_alter_table = ON')
  try {
    migrate(db, { migrationsFolder })
  } catch (e) {
    if (isDamage(e)) throw e // openMirror sets the file aside; not a schema problem
    if (isBusy(e)) throw plainBusyError(e, file, busyTimeoutMs())
    const cause = (e as { cause?: unknown }).cause
    const detail = cause instanceof Error ? cause.message : (e as Error).message
    throw new AppError('DATABASE', `Cannot update the database schema of ${file}: ${detail}`)
  } finally {
    sqlite.pragma('legacy_alter_table = OFF')
  }
  const broken = sqlite.pragma('foreign_key_check') as { table: string; parent: string }[]
  if (broken.length > 0) {
    const first = broken[0]
    throw new AppError(
      'DATABASE',
      `${file} has ${broken.length} broken references after its schema update (first: ${first.table} → ${first.parent}).`,
    )
  }
}
