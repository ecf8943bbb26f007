import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import Database from 'better-sqlite3'
import { PRIVATE_FILE_MODE } from '../security/private-files'
import { sqliteCause } from './sqlite-errors'

// What state the mirror file is in before anything writes to it: missing (a first run), empty
// (0 bytes), damaged (SQLite cannot read it whole), or sound. Before, a damaged page surfaced as
// whatever step of opening happened to read it first ("Cannot update the database schema…"), and
// a 0-byte file was quietly taken for a first run, so every workspace, unsent edit and the history
// vanished without a word. The info file beside the mirror says that a mirror was made here.

export type Health =
  | { state: 'missing' }
  | { state: 'empty' }
  | { state: 'damaged'; reason: string }
  | { state: 'sound'; userVersion: number; checked: boolean }

/** Files up to this size are checked at every open (about 1 s); larger ones once a day. */
export const CHECK_ALWAYS_BYTES = 256 * 1024 * 1024
export const CHECK_EVERY_MS = 24 * 3600_000

interface MirrorInfo {
  /** when this folder's mirror was first created: its existence is the "marker you write" */
  createdAt: number
  /** the last PRAGMA quick_check that found nothing wrong */
  checkedAt: number | null
}

export function infoFile(file: string): string {
  return `${file}.info`
}

function readInfo(file: string): MirrorInfo | null {
  try {
    return JSON.parse(readFileSync(infoFile(file), 'utf8')) as MirrorInfo
  } catch {
    return null
  }
}

/** Records that a sound mirror exists here (and, with `checked`, that it was just checked). */
export function recordSound(file: string, checked: boolean, now = Date.now()): void {
  const before = readInfo(file)
  if (before && !checked) return
  const info: MirrorInfo = { createdAt: before?.createdAt ?? now, checkedAt: checked ? now : (before?.checkedAt ?? null) }
  try {
    writeFileSync(infoFile(file), JSON.stringify(info) + '\n', { mode: PRIVATE_FILE_MODE })
  } catch {
    // a read-only folder: the mirror itself will say so
  }
}

/** SQLite's words for a file it cannot read as a database. */
export function isDamage(err: unknown): boolean {
  const code = sqliteCause(err)?.code ?? ''
  return code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB'
}

/**
 * Looks at the file read-only (a damaged or newer file must stay exactly as it is). `quick_check`
 * reads every page, so for a large mirror it runs only when the last clean check is a day old.
 */
export function inspectMirror(file: string, fullCheckUpToBytes = CHECK_ALWAYS_BYTES, now = Date.now()): Health {
  if (!existsSync(file)) return { state: 'missing' }
  if (statSync(file).size === 0 && !existsSync(`${file}-wal`)) return { state: 'empty' }
  let probe: Database.Database | undefined
  try {
    probe = new Database(file, { readonly: true, fileMustExist: true })
    const userVersion = probe.pragma('user_version', { simple: true }) as number
    probe.prepare('SELECT count(*) FROM sqlite_master').get() // the schema pages
    const info = readInfo(file)
    const due = statSync(file).size <= fullCheckUpToBytes || !info?.checkedAt || now - info.checkedAt > CHECK_EVERY_MS
    if (!due) return { state: 'sound', userVersion, checked: false }
    // one line per problem, without SQLite's "*** in database main ***" banner
    const problems = (probe.pragma('quick_check(3)') as { quick_check: string }[])
      .flatMap((r) => r.quick_check.replace(/\*\*\* in database \w+ \*\*\*/, '').split('\n'))
      .map((line) => line.trim())
      .filter(Boolean)
    if (problems.length === 1 && problems[0] === 'ok') return { state: 'sound', userVersion, checked: true }
    return { state: 'damaged', reason: `quick_check: ${problems.join('; ')}` }
  } catch (err) {
    if (isDamage(err)) return { state: 'damaged', reason: (err as Error).message }
    throw err
  } finally {
    probe?.close()
  }
}

/**
 * Whether a mirror with data was expected where the file is now empty: the info file says one was
 * made, or (folders from before it existed) the folder shows use: a log with lines in it, the
 * embedded sandbox's folder, a mirror set aside earlier.
 */
export function mirrorWasExpected(file: string): string | null {
  const info = readInfo(file)
  if (info) return `a mirror was created here on ${new Date(info.createdAt).toLocaleString()}`
  const dir = dirname(file)
  const log = join(dir, 'logs', 'cio-sync.log')
  if (existsSync(log) && statSync(log).size > 0) return 'the folder has a log of earlier runs'
  if (existsSync(join(dir, 'sandbox'))) return 'the folder has the embedded sandbox of earlier runs'
  const earlier = readdirSync(dir).find((n) => n.startsWith(`${basename(file)}.damaged-`))
  if (earlier) return `the folder has an earlier mirror set aside (${earlier})`
  return null
}
