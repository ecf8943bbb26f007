import { Worker } from 'node:worker_threads'
import { afterEach, describe, expect, it } from 'vitest'
import { plainBusyError } from '../../../src-main/db/busy'
import { workspaces } from '../../../src-main/db/schema'
import { AppError } from '../../../src-main/contract/result'
import { addWorkspace, count, tempHome } from './helpers'

// Another connection (in a worker thread, so it can let go while this thread waits) holds the
// mirror's write lock for a moment, as another process's import batch would. A transaction that
// reads before it writes (most of ours: look up, then upsert) used to fail at once with
// SQLITE_BUSY: a DEFERRED transaction that already reads is never given the busy timeout.

let home: ReturnType<typeof tempHome>
afterEach(() => home?.cleanup())

/** Holds BEGIN IMMEDIATE on `file` for `ms` in a worker; resolves once the lock is taken. */
function holdWriteLock(file: string, ms: number): Promise<{ released: Promise<void> }> {
  const worker = new Worker(
    `const { parentPort, workerData } = require('node:worker_threads')
     const Database = require('better-sqlite3')
     const db = new Database(workerData.file)
     db.exec('BEGIN IMMEDIATE')
     db.prepare("INSERT INTO settings (key, value) VALUES ('holder', '1')").run()
     parentPort.postMessage('locked')
     Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, workerData.ms)
     db.exec('COMMIT')
     db.close()`,
    { eval: true, workerData: { file, ms } },
  )
  const released = new Promise<void>((res, rej) => {
    worker.once('exit', () => res())
    worker.once('error', rej)
  })
  return new Promise((res, rej) => {
    worker.once('message', () => res({ released }))
    worker.once('error', rej)
  })
}

describe('writers of two connections on one mirror', () => {
  it('a transaction that reads, then writes, waits for the other writer instead of failing at once', async () => {
    home = tempHome()
    const m = home.open()
    addWorkspace(m, 'w1')
    const { released } = await holdWriteLock(home.file, 800)
    const started = Date.now()
    const added = m.sqlite.transaction(() => {
      const before = count(m, 'workspaces')
      addWorkspace(m, 'w2')
      return count(m, 'workspaces') - before
    })()
    expect(added).toBe(1)
    expect(Date.now() - started).toBeGreaterThanOrEqual(500) // it waited for the lock
    await released
    expect(count(m, 'settings', "key = 'holder'")).toBe(1)
  })

  it('drizzle transactions wait as well, and nested ones stay savepoints', async () => {
    home = tempHome()
    const m = home.open()
    const { released } = await holdWriteLock(home.file, 500)
    m.db.transaction((tx) => {
      expect(tx.select().from(workspaces).all()).toEqual([])
      addWorkspace(m, 'w1')
      m.sqlite.transaction(() => addWorkspace(m, 'w2'))()
      expect(() => m.sqlite.transaction(() => { addWorkspace(m, 'w3'); throw new Error('undo w3') })()).toThrow('undo w3')
    })
    await released
    expect(count(m, 'workspaces')).toBe(2)
  })

  it('turns only SQLITE_BUSY into the plain error, keeping the original as its cause', () => {
    const busy = Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' })
    const plain = plainBusyError(busy, '/data/mirror.db', 15_000)
    expect(plain).toBeInstanceOf(AppError)
    expect(plain).toMatchObject({ code: 'DATABASE', retryable: true, cause: busy })
    expect((plain as Error).message).toMatch(/^The data folder \/data is busy: .* within 15 s\. Try again when it has finished\.$/)
    const other = Object.assign(new Error('UNIQUE constraint failed'), { code: 'SQLITE_CONSTRAINT_UNIQUE' })
    expect(plainBusyError(other, '/data/mirror.db', 15_000)).toBe(other)
  })
})
