import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openMirror, type Mirror } from '../../../src-main/db/connection'
import { WorkspacesRepo } from '../../../src-main/db/workspaces-repo'
import { startSandbox, type SandboxHandle } from '../../../src-main/sandbox'
import { WorkspaceWatcher } from '../../../src-main/workspaces/workspace-watcher'
import { runCli } from '../support/cli'
import { requireKeyring } from '../support/keyring'

// The open app (this process: its own connection to mirror.db) notices a workspace the command line
// (another process, same data folder) adds, and only then; and `workspace add` reports refused keys
// the way the app's form does, while keeping the workspace as scripts expect.
describe('workspaces changed by another process', () => {
  let home: string
  let peer: SandboxHandle
  let mirror: Mirror

  beforeAll(async () => {
    requireKeyring()
    home = mkdtempSync(join(tmpdir(), 'cio-sync-watch-'))
    peer = await startSandbox({ people: 2 })
    mirror = openMirror(join(home, 'mirror.db'))
  })
  afterAll(async () => {
    mirror?.close()
    await peer?.close()
    rmSync(home, { recursive: true, force: true })
  })

  it('emits once per change made by the CLI, not for commits of its own or reads', async () => {
    const repo = new WorkspacesRepo(mirror.db)
    let changes = 0
    const watcher = new WorkspaceWatcher(
      () => mirror.sqlite.pragma('data_version', { simple: true }) as number,
      () => JSON.stringify(repo.list()),
      () => changes++,
    )
    // The ticks are the test's own: on a loaded machine the 1-s timer could look while the CLI is
    // half-way through an add (the row, then its check's result) and count that as two changes.
    watcher.start()
    watcher.stop()
    try {
      watcher.tick()
      expect(changes).toBe(0)

      const keys = { CIO_SITE_ID: peer.siteId, CIO_TRACK_API_KEY: peer.trackApiKey, CIO_APP_API_KEY: peer.appApiKey }
      const added = await runCli(['--home', home, '--json', 'workspace', 'add', 'From CLI', '--url', peer.url], keys)
      expect(added.code, added.stderr).toBe(0)
      expect(JSON.parse(added.stdout).check).toMatchObject({ verdict: 'ready', region: 'us' })
      watcher.tick()
      expect(changes).toBe(1)
      watcher.tick()
      expect(changes).toBe(1)

      // A command that only reads changes nothing the windows show.
      expect((await runCli(['--home', home, 'workspace', 'list'])).code).toBe(0)
      watcher.tick()
      expect(changes).toBe(1)

      // Refused keys: still saved (scripts rely on it), but reported on stderr and in `check`.
      const bad = await runCli(['--home', home, '--json', 'workspace', 'add', 'Typo', '--url', peer.url], { ...keys, CIO_TRACK_API_KEY: 'wrong-key-000000' })
      expect(bad.code, bad.stderr).toBe(0)
      expect(JSON.parse(bad.stdout).check.verdict).toBe('blocked')
      expect(bad.stderr).toContain('problem: Site ID or Track API key was refused')
      expect(bad.stderr).toContain('note: Same Site ID as “From CLI”')
      expect(bad.stderr).toContain('was saved, but it will fail until its keys are fixed')
      expect(bad.stderr + bad.stdout).not.toContain('wrong-key-000000')
      watcher.tick()
      expect(changes).toBe(2)
      // Nothing in the data folder (mirror, log, sandbox) holds the key: it went to the keychain only.
      for (const file of readdirSync(home, { recursive: true, withFileTypes: true })) {
        if (file.isFile()) expect(readFileSync(join(file.parentPath, file.name)).includes('wrong-key-000000'), file.name).toBe(false)
      }
      const list = await runCli(['--home', home, 'workspace', 'list'])
      expect(list.stdout).toMatch(/Typo .*same Site ID as “From CLI”/)
    } finally {
      watcher.stop()
    }
  }, 60_000)
})
