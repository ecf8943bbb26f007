// The other process of the two-process tests: holds a write transaction on the mirror in HOME_DIR
// for HOLD_MS, as a long import batch or an index rebuild in another cio-sync would. With
// AS_RUNTIME=1 it first starts the real runtime on that folder (so it is known there as cio-sync
// processes are), then takes the lock on a connection of its own. Prints "locked" once it holds it.
import Database from 'better-sqlite3'
import { join } from 'node:path'
import { startRuntime } from '../../../src-main/runtime/engine-runtime'

async function main(): Promise<void> {
  const home = process.env.HOME_DIR!
  const rt = process.env.AS_RUNTIME === '1' ? await startRuntime({ home, mode: 'cli', firstRunSandbox: false }) : null
  const db = new Database(join(home, 'mirror.db'), { fileMustExist: true })
  db.exec('BEGIN IMMEDIATE')
  db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run('lock-holder', JSON.stringify(Date.now()))
  process.stdout.write(JSON.stringify({ locked: true, pid: process.pid }) + '\n')
  const release = async () => {
    db.exec('COMMIT')
    db.close()
    await rt?.stop()
    process.exit(0)
  }
  process.on('SIGTERM', () => void release())
  setTimeout(() => void release(), Number(process.env.HOLD_MS ?? 5000))
}

main().catch((err) => {
  process.stderr.write(String(err?.stack ?? err) + '\n')
  process.exit(1)
})
