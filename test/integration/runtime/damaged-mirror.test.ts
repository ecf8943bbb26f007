import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, truncateSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { openMirror } from '../../../src-main/db/connection'
import { damagePageHolding } from '../../unit/db/damage'
import { addPerson, addWorkspace } from '../../unit/db/helpers'
import { runCli } from '../support/cli'
import { requireKeyring } from '../support/keyring'

// A damaged and an emptied mirror.db, met by real `cio-sync` processes: the command still works
// (on a new mirror with the workspaces carried over) and says on stderr what happened, and
// `cio-sync recover` exports the unsent edits and the audit log from the copy set aside.
requireKeyring()
const home = mkdtempSync(join(tmpdir(), 'cio-sync-damaged-'))
const file = join(home, 'mirror.db')
const out = join(home, 'export')
const cli = (...args: string[]) => runCli(['--home', home, ...args])
const lines = (f: string) => readFileSync(join(out, f), 'utf8').trim().split('\n').map((l) => JSON.parse(l))

beforeAll(() => {
  const m = openMirror(file)
  addWorkspace(m, 'w1', 'Acme', true)
  m.sqlite.prepare("INSERT INTO workspaces (id, name, kind, url, created_at) VALUES ('w2', 'Beta', 'custom', 'http://127.0.0.1:9', 1)").run()
  m.sqlite.transaction(() => {
    for (let i = 0; i < 2000; i++) addPerson(m, 'w1', { id: `u${i}`, email: i === 1500 ? 'damaged-row@example.com' : `u${i}@example.com` })
  })()
  const edit = m.sqlite.prepare("INSERT INTO outbox (workspace_id, op, entity_key, payload, base, state, created_at, updated_at) VALUES ('w1', 'identify', ?, '{\"plan\":\"free\"}', '\"pro\"', ?, 1, 1)")
  for (const [pk, state] of [[3, 'pending'], [4, 'pending'], [5, 'failed'], [6, 'sent']] as const) edit.run(`person:${pk}`, state)
  const audit = m.sqlite.prepare("INSERT INTO audit_log (workspace_id, at, actor, action, counts) VALUES ('w1', ?, 'ops', 'push', '{\"sent\":3}')")
  audit.run(1)
  audit.run(2)
  m.close()
  damagePageHolding(file, 'people', 'damaged-row@example.com')
})

describe('a damaged mirror, from the command line', () => {
  it('does not lock the workspaces out: the command runs on a new mirror and says what was kept and what was not', async () => {
    const listed = await cli('--json', 'workspace', 'list')
    expect(listed.code, listed.stderr).toBe(0)
    expect(JSON.parse(listed.stdout).workspaces.map((w: { name: string }) => w.name).sort()).toEqual(['Acme', 'Beta'])
    expect(listed.stderr).toMatch(/mirror\.db was damaged \(quick_check: .*\)\. It was set aside as .*mirror\.db\.damaged-\d{8}T\d{6}Z/)
    expect(listed.stderr).toContain('Kept: 2 workspaces')
    expect(listed.stderr).toContain('3 unsent edits, 0 open conflicts and 2 audit-log entries')
    expect(listed.stderr).toContain(`cio-sync --home "${home}" recover --out DIR`)
    expect(readFileSync(join(home, 'logs/cio-sync.log'), 'utf8')).toContain('mirror.db was damaged')
    // told once: the next command finds a sound mirror
    const again = await cli('--json', 'workspace', 'list')
    expect(again.code).toBe(0)
    expect(again.stderr).toBe('')
  }, 60_000)

  it('recover exports the edits (with who they are about), the audit log and the workspaces from the copy', async () => {
    const recovered = await cli('--json', 'recover', '--out', out)
    expect(recovered.code, recovered.stderr).toBe(0)
    const doc = JSON.parse(recovered.stdout)
    expect(doc.source).toMatch(/mirror\.db\.damaged-\d{8}T\d{6}Z$/)
    expect(doc.exports.map((e: { table: string; rows: number }) => [e.table, e.rows])).toEqual([
      ['outbox', 4], ['conflicts', 0], ['audit_log', 2], ['sync_runs', 0], ['workspaces', 2],
    ])
    const edits = lines('outbox.jsonl')
    expect(edits[0]).toMatchObject({ entity_key: 'person:3', state: 'pending', payload: { plan: 'free' }, base: 'pro', person: { id: 'u2', email: 'u2@example.com' } })
    expect(lines('audit-log.jsonl').map((a) => a.counts)).toEqual([{ sent: 3 }, { sent: 3 }])
    expect((statSync(join(out, 'outbox.jsonl')).mode & 0o777).toString(8)).toBe('600')
  }, 60_000)
})

describe('an emptied mirror, from the command line', () => {
  it('is reported and left as it is, not replaced by a new one', async () => {
    truncateSync(file, 0)
    for (const suffix of ['-wal', '-shm']) expect(existsSync(file + suffix)).toBe(false)
    const listed = await cli('workspace', 'list')
    expect(listed.code).toBe(1)
    expect(listed.stderr).toMatch(/mirror\.db is empty \(0 bytes\), but a mirror was created here on .*Nothing was changed/)
    expect(statSync(file).size).toBe(0)
    expect(readdirSync(home).filter((n) => /^mirror\.db\.damaged-\d{8}T\d{6}Z$/.test(n))).toHaveLength(1) // the earlier one, not this file
  }, 60_000)
})
