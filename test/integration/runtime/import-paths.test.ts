import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startRuntime, type Runtime } from '../../../src-main/runtime/engine-runtime'
import { requireKeyring } from '../support/keyring'

// A window imports only what it uploaded; a file path is for the command line.
requireKeyring()
let rt: Runtime

beforeAll(async () => {
  rt = await startRuntime({ home: mkdtempSync(join(tmpdir(), 'cio-sync-paths-')), mode: 'cli', sandboxPeople: 5 })
})
afterAll(() => rt?.stop())

describe('import sources', () => {
  it('refuses a path from a window, over either transport', async () => {
    for (const transport of ['websocket', 'electron'] as const) {
      const r = await rt.invoke('app:imports:inspect', { source: { path: '/etc/passwd' }, kind: 'people' }, { transport })
      expect(r).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
      const p = await rt.invoke('app:imports:plan', { source: { path: '/etc/passwd' }, options: { kind: 'people' } }, { transport })
      expect(p).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    }
  })

  it('reads a path for the command line, and says clearly what is wrong with it', async () => {
    const r = await rt.invoke('app:imports:inspect', { source: { path: '/nonexistent/people.csv' }, kind: 'people' }, { transport: 'cli' })
    expect(r.ok).toBe(false)
    expect(!r.ok && r.error.code).not.toBe('FORBIDDEN')
    expect(!r.ok && r.error.message).toContain('people.csv')
  })
})
