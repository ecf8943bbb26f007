import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { PRIVATE_DIR_MODE, PRIVATE_FILE_MODE } from '../security/private-files'

// Which processes use a data folder. SQLite says only "database is locked", never who holds the
// lock; the app, `cio-sync serve` and any CLI command may share one folder. Each runtime leaves a
// small file in <home>/processes for as long as it runs, so a writer that waited in vain can name
// the process it waited for, and so can a start that finds the mirror damaged (recovery must not
// move a file another process still writes to). A crashed process leaves its file behind: a pid
// that no longer runs is ignored and its file removed.

export interface FolderUser {
  pid: number
  /** what it is, as a person would recognise it: `cio-sync import a.csv --kind people`, `cio-sync serve` */
  what: string
  startedAt: number
}

const DIR = 'processes'
let sequence = 0

/** Records this process as a user of `home`; the returned function removes the record again. */
export function registerFolderUser(home: string, what: string, now = Date.now()): () => void {
  const dir = join(home, DIR)
  const file = join(dir, `${process.pid}-${++sequence}.json`)
  try {
    mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE })
    writeFileSync(file, JSON.stringify({ pid: process.pid, what, startedAt: now } satisfies FolderUser), { mode: PRIVATE_FILE_MODE })
  } catch {
    return () => undefined // a read-only folder fails later, with its own message; this is only a hint
  }
  return () => rmSync(file, { force: true })
}

/** The other live processes using `home` (not this one). */
export function otherFolderUsers(home: string): FolderUser[] {
  const dir = join(home, DIR)
  let names: string[]
  try {
    names = readdirSync(dir).filter((n) => n.endsWith('.json'))
  } catch {
    return []
  }
  const users: FolderUser[] = []
  for (const name of names) {
    let user: FolderUser
    try {
      user = JSON.parse(readFileSync(join(dir, name), 'utf8')) as FolderUser
    } catch {
      continue // being written or removed right now
    }
    if (user.pid === process.pid) continue
    if (isRunning(user.pid)) users.push(user)
    else rmSync(join(dir, name), { force: true })
  }
  return users.sort((a, b) => a.startedAt - b.startedAt)
}

/** Whether a process with this pid exists (it may belong to another user). */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM' // alive, another user's
  }
}

/** "cio-sync import a.csv (pid 123, since 10:02:03)"; null when no other process is known. */
export function describeFolderUsers(users: FolderUser[]): string | null {
  if (users.length === 0) return null
  return users.map((u) => `${u.what} (pid ${u.pid}, since ${new Date(u.startedAt).toTimeString().slice(0, 8)})`).join('; ')
}

/** How this process names itself: the CLI command line, the headless host or the desktop app. */
export function describeThisProcess(mode: 'desktop' | 'headless' | 'cli', argv = process.argv): string {
  if (mode === 'desktop') return 'the cio-sync app'
  if (mode === 'headless') return 'cio-sync serve'
  const script = argv[1] ?? ''
  const name = /cio-sync(\.js)?$/.test(script) ? 'cio-sync' : (script.split(/[\\/]/).pop() ?? 'node')
  return [name, ...argv.slice(2)].join(' ')
}
