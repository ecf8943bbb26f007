import { existsSync, renameSync, rmSync } from 'node:fs'
import { basename, dirname } from 'node:path'
import Database from 'better-sqlite3'
import { AppError } from '../contract/result'
import { describeFolderUsers, otherFolderUsers } from './folder-users'

// A damaged mirror is set aside whole (never repaired in place, never deleted) and a new one is
// started, so one bad page no longer locks every workspace out. What is only configuration
// (workspaces, settings, schedules) is carried over from the damaged copy where SQLite can still
// read it; the mirrored customer data is pulled again. Unsent edits, conflicts and the audit log
// are not carried over: they name people by the old mirror's row ids, which a new pull does not
// reproduce, so applying them blindly could edit the wrong person. `cio-sync recover` exports them
// from the copy for a person to look at.

export interface SetAside {
  copy: string
  reason: string
}

/** `mirror.db.damaged-20261203T101500Z` */
export function damagedName(file: string, now = new Date()): string {
  return `${file}.damaged-${now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}`
}

/**
 * Moves the damaged file (with its -wal and journal, which hold committed data) aside. Refused while
 * another process uses the folder: it may still be writing to the file, and would go on writing to
 * the moved one while this process started a new mirror beside it.
 */
export function setAside(file: string, reason: string, now = new Date()): SetAside {
  const others = describeFolderUsers(otherFolderUsers(dirname(file)))
  if (others) {
    throw new AppError(
      'DATABASE',
      `${file} is damaged (${reason}). It is left as it is because another process uses this data folder: ${others}. Close it, then start cio-sync again to set the damaged file aside and start a new mirror.`,
    )
  }
  const copy = damagedName(file, now)
  renameSync(file, copy)
  for (const suffix of ['-wal', '-journal']) if (existsSync(file + suffix)) renameSync(file + suffix, copy + suffix)
  rmSync(`${file}-shm`, { force: true }) // derived from the -wal; SQLite rebuilds it
  return { copy, reason }
}

/** Rows of a table in the damaged copy, or null when SQLite cannot count them. */
function countIn(db: Database.Database, sql: string): number | null {
  try {
    return (db.prepare(sql).pluck().get() as number) ?? 0
  } catch {
    return null
  }
}

/** Columns the new mirror has too (the copy may be an older schema). */
function sharedColumns(from: Database.Database, to: Database.Database, table: string): string[] {
  const names = (db: Database.Database) => (db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((c) => c.name)
  const target = new Set(names(to))
  return names(from).filter((n) => target.has(n))
}

/** Copies the configuration tables; answers how many rows of each came over (null: unreadable). */
function carryOver(copy: Database.Database, sqlite: Database.Database): Record<string, number | null> {
  const kept: Record<string, number | null> = {}
  for (const table of ['workspaces', 'settings', 'schedules']) {
    try {
      const columns = sharedColumns(copy, sqlite, table)
      const rows = copy.prepare(`SELECT ${columns.map((c) => `"${c}"`).join(', ')} FROM ${table}`).raw().all() as unknown[][]
      const insert = sqlite.prepare(`INSERT OR IGNORE INTO ${table} (${columns.map((c) => `"${c}"`).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`)
      kept[table] = sqlite.transaction(() => rows.reduce<number>((n, row) => n + insert.run(...row).changes, 0))()
    } catch {
      kept[table] = null
    }
  }
  // a run that was going when the file broke is not going in the new mirror
  sqlite.prepare("UPDATE schedules SET last_state = NULL, last_job_id = NULL WHERE last_state = 'running'").run()
  return kept
}

const amount = (n: number | null, one: string, many = `${one}s`) => (n === null ? `${many} (could not be read)` : `${n} ${n === 1 ? one : many}`)

/**
 * Into the new, migrated mirror: the configuration from the copy. Answers the message for the
 * user: what happened, what was kept, what was not, and how to get the rest out of the copy.
 */
export function recoverInto(sqlite: Database.Database, file: string, aside: SetAside): string {
  let copy: Database.Database | null = null
  let kept: Record<string, number | null> = { workspaces: null, settings: null, schedules: null }
  let unsent: number | null = null
  let conflicts: number | null = null
  let audit: number | null = null
  try {
    copy = new Database(aside.copy, { readonly: true, fileMustExist: true })
    kept = carryOver(copy, sqlite)
    unsent = countIn(copy, "SELECT count(*) FROM outbox WHERE state <> 'sent'")
    conflicts = countIn(copy, "SELECT count(*) FROM conflicts WHERE state = 'open'")
    audit = countIn(copy, 'SELECT count(*) FROM audit_log')
  } catch {
    // not even openable: nothing carried over, and the message says so
  } finally {
    copy?.close()
  }
  const name = basename(file)
  return [
    `${name} was damaged (${aside.reason}). It was set aside as ${aside.copy} and a new mirror was started.`,
    `Kept: ${amount(kept.workspaces, 'workspace')} (keys stay in the keychain), ${amount(kept.settings, 'setting')}, ${amount(kept.schedules, 'schedule')}.`,
    `Not carried over: the mirrored people, segments, collections and campaigns (pull each workspace again), the sync history, ${amount(unsent, 'unsent edit')}, ${amount(conflicts, 'open conflict')} and ${amount(audit, 'audit-log entry', 'audit-log entries')}.`,
    `Export the unsent edits, conflicts and audit log from the damaged copy with: cio-sync --home "${dirname(file)}" recover --out DIR`,
  ].join('\n')
}

// What opening the mirror has to tell the person who started the app, collected here for the
// engine to hand on with its "ready" (the worker owns one mirror, so one list per thread).
const notices: string[] = []

export function addOpenNotice(message: string): void {
  notices.push(message)
}

export function takeOpenNotices(): string[] {
  return notices.splice(0)
}
