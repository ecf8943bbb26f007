import { chmodSync, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { startRuntime, type Runtime } from '../../../src-main/runtime/engine-runtime'

// The data folder holds customer data and the sandbox's keys: with the usual umask 022 it was all
// created readable by any local user (0644 files, 0755 folders). The real runtime (engine worker,
// SQLite, embedded sandbox) on a new data folder, then on one an older version left world-readable.

const root = mkdtempSync(join(tmpdir(), 'cio-sync-modes-'))
const home = join(root, 'data') // does not exist yet: the runtime creates it
const previousUmask = process.umask(0o022)
let rt: Runtime | null = null

const mode = (p: string) => (statSync(p).mode & 0o777).toString(8)

/** Everything the runtime writes in the data folder, while it runs (the -wal/-shm exist only then). */
function paths(): Record<string, string> {
  return {
    home,
    'mirror.db': join(home, 'mirror.db'),
    'mirror.db-wal': join(home, 'mirror.db-wal'),
    'mirror.db-shm': join(home, 'mirror.db-shm'),
    logs: join(home, 'logs'),
    'cio-sync.log': join(home, 'logs/cio-sync.log'),
    sandbox: join(home, 'sandbox'),
    'sandbox.sqlite': join(home, 'sandbox/sandbox.sqlite'),
    'sandbox.sqlite-wal': join(home, 'sandbox/sandbox.sqlite-wal'),
  }
}

function modes(): Record<string, string> {
  return Object.fromEntries(Object.entries(paths()).map(([name, p]) => [name, existsSync(p) ? mode(p) : 'missing']))
}

const PRIVATE = { home: '700', 'mirror.db': '600', 'mirror.db-wal': '600', 'mirror.db-shm': '600', logs: '700', 'cio-sync.log': '600', sandbox: '700', 'sandbox.sqlite': '600', 'sandbox.sqlite-wal': '600' }

async function start(): Promise<Runtime> {
  rt = await startRuntime({ home, mode: 'cli', sandboxPeople: 5 })
  // the first run adds the Sandbox workspace; listing it starts the embedded sandbox (its files)
  const list = await rt.invoke('app:workspaces:list', {})
  expect(list.ok).toBe(true)
  const test = await rt.invoke('app:workspaces:test', { id: (list as { value: { workspaces: { id: string }[] } }).value.workspaces[0].id })
  expect(test.ok).toBe(true)
  return rt
}

afterAll(async () => {
  await rt?.stop()
  process.umask(previousUmask)
  rmSync(root, { recursive: true, force: true })
})

describe('files in the data folder', () => {
  it('are created owner-only: folders 0700, mirror.db with its -wal/-shm, the log and the sandbox file 0600', async () => {
    await start()
    expect(modes()).toEqual(PRIVATE)
    await rt!.stop()
    rt = null
  })

  it('are tightened when an older version left them readable by others', async () => {
    for (const [name, p] of Object.entries(paths())) if (existsSync(p)) chmodSync(p, PRIVATE[name as keyof typeof PRIVATE].startsWith('7') ? 0o755 : 0o644)
    await start()
    expect(modes()).toEqual(PRIVATE)
  })
})
