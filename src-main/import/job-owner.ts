// Which process runs an import's plan or push, so that another process sharing the data folder
// (the app, `cio-sync serve`, any CLI command) can tell work that is still running from work whose
// process was killed. Without it a CLI killed while planning left its import 'planning' for good,
// and every later import of the workspace was refused "a plan is still running" (issue 14).
//
// The running process keeps a record in settings (`import-owner:<importId>`): its pid, its start
// time as the OS counts it (Linux /proc: a pid reused by another program is not taken for it), its
// host, and a lease it renews every RENEW_MS. The owner is gone when its pid no longer runs, when
// that pid is another process now, or when the lease ran out (a process on another host sharing
// the folder, a hung one). The record also carries a cancel request from another process, which
// the owner sees when it renews its lease.

import { readFileSync } from 'node:fs'
import { hostname } from 'node:os'
import type Database from 'better-sqlite3'
import { isRunning } from '../db/folder-users'

export interface Owner {
  jobId: string
  pid: number
  host: string
  /** field 22 of /proc/<pid>/stat (clock ticks after boot), null where there is no /proc */
  procStart: string | null
  startedAt: number
  leaseUntil: number
  /** another process asked this one to stop */
  cancel?: boolean
}

export const LEASE_MS = 30_000
export const RENEW_MS = 5_000

const key = (importId: string) => `import-owner:${importId}`

/** The start time the OS gives a process, as text to compare; null when it cannot be read (no /proc, no such pid). */
export function processStart(pid: number | 'self'): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // "pid (comm) state …": comm may hold spaces and parentheses, so count from the last ')'
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null
  } catch {
    return null
  }
}


/** Why the owner no longer runs the job, in words, or null while it does. No record at all counts as gone. */
export function whyGone(owner: Owner | null, now: number): string | null {
  if (!owner) return 'no running process holds it'
  const who = `the process that ran it (pid ${owner.pid}${owner.host !== hostname() ? ` on ${owner.host}` : ''})`
  if (owner.host === hostname()) {
    if (owner.pid === process.pid) return null // this process: its job service knows whether it runs
    if (!isRunning(owner.pid)) return `${who} is gone`
    const start = processStart(owner.pid)
    if (owner.procStart !== null && start !== null && start !== owner.procStart) return `${who} is gone (its pid now belongs to another program)`
  }
  if (now > owner.leaseUntil) return `${who} has not been heard from since ${new Date(owner.leaseUntil - LEASE_MS).toTimeString().slice(0, 8)}`
  return null
}

export class ImportOwners {
  private readonly read
  private readonly write
  private readonly remove

  constructor(
    private readonly sqlite: Database.Database,
    private readonly now: () => number,
  ) {
    this.read = sqlite.prepare('SELECT value FROM settings WHERE key = ?').pluck()
    this.write = sqlite.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value')
    this.remove = sqlite.prepare('DELETE FROM settings WHERE key = ?')
  }

  get(importId: string): Owner | null {
    const raw = this.read.get(key(importId)) as string | undefined
    return raw ? (JSON.parse(raw) as Owner) : null
  }

  /** This process runs `jobId` for the import from now on. */
  claim(importId: string, jobId: string): void {
    const now = this.now()
    const owner: Owner = { jobId, pid: process.pid, host: hostname(), procStart: processStart('self'), startedAt: now, leaseUntil: now + LEASE_MS }
    this.write.run(key(importId), JSON.stringify(owner))
  }

  /** Ends this process's claim (a record another process has taken over is left alone). */
  release(importId: string, jobId: string): void {
    const owner = this.get(importId)
    if (owner && owner.jobId === jobId && owner.pid === process.pid) this.remove.run(key(importId))
  }

  /** Forgets the record of a job whose process is gone. */
  forget(importId: string): void {
    this.remove.run(key(importId))
  }

  /** Asks the owner (in another process) to stop; it does when it next renews its lease. */
  requestCancel(importId: string): void {
    this.sqlite.prepare("UPDATE settings SET value = json_set(value, '$.cancel', json('true')) WHERE key = ?").run(key(importId))
  }

  /**
   * Renews the lease every RENEW_MS while the job runs. `stop` is called once when another process
   * asked for a cancel, or took the import over (it found this process gone, say after a long
   * stall): either way this process must stop. Answers the function that ends the renewals.
   */
  keep(importId: string, jobId: string, stop: (reason: string) => void): () => void {
    const renew = this.sqlite.prepare("UPDATE settings SET value = json_set(value, '$.leaseUntil', ?) WHERE key = ?")
    const timer = setInterval(() => {
      try {
        const owner = this.get(importId)
        if (!owner || owner.jobId !== jobId || owner.pid !== process.pid) return finish('another process took it over')
        if (owner.cancel) return finish('cancelled from another process')
        renew.run(this.now() + LEASE_MS, key(importId))
      } catch {
        // a busy database: the lease is long enough to try again at the next tick
      }
    }, RENEW_MS)
    timer.unref()
    let stopped = false
    const finish = (reason: string) => {
      clearInterval(timer)
      if (!stopped) stop(reason)
      stopped = true
    }
    return () => {
      stopped = true
      clearInterval(timer)
    }
  }

  /** Whether this process still holds the import (checked before a plan's last write). */
  holds(importId: string, jobId: string): boolean {
    const owner = this.get(importId)
    return owner !== null && owner.jobId === jobId && owner.pid === process.pid && !owner.cancel
  }
}
