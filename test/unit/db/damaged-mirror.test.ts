import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { openMirror } from '../../../src-main/db/connection'
import { takeOpenNotices } from '../../../src-main/db/mirror-recovery'
import { damagePageHolding } from './damage'
import { addPerson, addWorkspace, count, tempHome } from './helpers'

// Opening a mirror file that is damaged or empty, with real damage in a real file. Before: one
// damaged person row made every open fail ("Cannot prepare …: database disk image is malformed",
// or blamed on the schema update), and a 0-byte file was silently taken for a first run.

let home: ReturnType<typeof tempHome>
afterEach(() => {
  takeOpenNotices()
  home?.cleanup()
})

const sha = (f: string) => createHash('sha256').update(readFileSync(f)).digest('hex')

/** A used mirror: two workspaces, a setting, a schedule, 2,000 people, edits, a conflict, pushes. */
function usedMirror(): void {
  home = tempHome()
  const m = openMirror(home.file)
  addWorkspace(m, 'w1', 'Acme', true)
  addWorkspace(m, 'w2', 'Beta')
  m.sqlite.prepare("INSERT INTO settings (key, value) VALUES ('theme', '\"dark\"')").run()
  m.sqlite.prepare("INSERT INTO schedules (workspace_id, kind, every_seconds, created_at, last_state, last_job_id) VALUES ('w1', 'pull', 900, 1, 'running', 'j1')").run()
  m.sqlite.transaction(() => {
    for (let i = 0; i < 2000; i++) addPerson(m, 'w1', { id: `u${i}`, email: i === 1000 ? 'damaged-row@example.com' : `u${i}@example.com`, attributes: { plan: 'pro', i } })
  })()
  const edit = m.sqlite.prepare("INSERT INTO outbox (workspace_id, op, entity_key, payload, base, state, created_at, updated_at) VALUES ('w1', 'identify', ?, '{\"plan\":\"free\"}', '\"pro\"', ?, 1, 1)")
  for (const [pk, state] of [[3, 'pending'], [4, 'pending'], [5, 'failed'], [6, 'sent']] as const) edit.run(`person:${pk}`, state)
  m.sqlite.prepare("INSERT INTO conflicts (workspace_id, entity_key, field, base, local, remote, created_at) VALUES ('w1', 'person:3', 'plan', '\"pro\"', '\"free\"', '\"team\"', 1)").run()
  const audit = m.sqlite.prepare("INSERT INTO audit_log (workspace_id, at, actor, action) VALUES ('w1', ?, 'ops', 'push')")
  audit.run(1)
  audit.run(2)
  m.close()
}

describe('a damaged mirror', () => {
  it('is set aside unchanged, a new mirror starts with the workspaces, settings and schedules, and the user is told what was lost', () => {
    usedMirror()
    damagePageHolding(home.file, 'people', 'damaged-row@example.com')
    const damaged = sha(home.file)

    const m = home.open()
    const copies = readdirSync(home.dir).filter((n) => /^mirror\.db\.damaged-\d{8}T\d{6}Z$/.test(n))
    expect(copies).toHaveLength(1)
    expect(sha(join(home.dir, copies[0]))).toBe(damaged)
    expect(m.sqlite.pragma('quick_check', { simple: true })).toBe('ok')
    expect(m.sqlite.prepare('SELECT id, name, active FROM workspaces ORDER BY id').all()).toEqual([
      { id: 'w1', name: 'Acme', active: 1 },
      { id: 'w2', name: 'Beta', active: 0 },
    ])
    expect(count(m, 'settings')).toBe(1)
    expect(m.sqlite.prepare('SELECT every_seconds, last_state, last_job_id FROM schedules').all()).toEqual([{ every_seconds: 900, last_state: null, last_job_id: null }])
    expect([count(m, 'people'), count(m, 'outbox'), count(m, 'audit_log')]).toEqual([0, 0, 0])

    const [notice, ...more] = takeOpenNotices()
    expect(more).toEqual([])
    expect(notice).toContain(`set aside as ${join(home.dir, copies[0])}`)
    expect(notice).toMatch(/quick_check: .*page/)
    expect(notice).toContain('Kept: 2 workspaces (keys stay in the keychain), 1 setting, 1 schedule.')
    expect(notice).toContain('3 unsent edits, 1 open conflict and 2 audit-log entries')
    expect(notice).toContain(`cio-sync --home "${home.dir}" recover --out DIR`)
    expect(notice).not.toMatch(/schema/)

    // the next open finds a sound mirror and has nothing to say
    m.close()
    home.open()
    expect(takeOpenNotices()).toEqual([])
  })

  it('is set aside too when the damage shows only while opening (a large file checked earlier today)', () => {
    usedMirror()
    openMirror(home.file).close() // records a clean check
    damagePageHolding(home.file, 'people', 'damaged-row@example.com')
    const m = openMirror(home.file, { fullCheckUpToBytes: 0 }) // as if larger than the every-open limit
    expect(count(m, 'workspaces')).toBe(2)
    expect(takeOpenNotices()[0]).toMatch(/^mirror\.db was damaged \(database disk image is malformed\)/)
    m.close()
  })

  it('is left as it is while another process uses the folder, which the message names', () => {
    usedMirror()
    damagePageHolding(home.file, 'people', 'damaged-row@example.com')
    const before = sha(home.file)
    mkdirSync(join(home.dir, 'processes'))
    writeFileSync(join(home.dir, 'processes', 'other.json'), JSON.stringify({ pid: process.ppid, what: 'cio-sync serve', startedAt: Date.now() }))
    expect(() => openMirror(home.file)).toThrow(/is damaged .* another process uses this data folder: cio-sync serve \(pid \d+/)
    expect(sha(home.file)).toBe(before)
    expect(readdirSync(home.dir).filter((n) => n.includes('damaged'))).toEqual([])
  })
})

describe('an empty (0-byte) mirror', () => {
  it('is reported, not replaced, where a mirror was made before', () => {
    usedMirror()
    truncateSync(home.file, 0)
    expect(() => openMirror(home.file)).toThrow(/mirror\.db is empty \(0 bytes\), but a mirror was created here on .*Nothing was changed\. .*delete .*mirror\.db and start cio-sync again/)
    expect(statSync(home.file).size).toBe(0)
    expect(existsSync(`${home.file}-wal`)).toBe(false)
  })

  it('is reported in a folder an older version used (a log with lines), and is a first run in an unused folder', () => {
    home = tempHome()
    writeFileSync(home.file, '')
    const m = home.open() // nothing says a mirror was ever here: a new one
    expect(count(m, 'workspaces')).toBe(0)
    m.close()

    const older = tempHome()
    try {
      mkdirSync(join(older.dir, 'logs'))
      writeFileSync(join(older.dir, 'logs', 'cio-sync.log'), '2026-01-01T00:00:00.000Z INFO engine started\n')
      writeFileSync(older.file, '')
      expect(() => openMirror(older.file)).toThrow(/is empty \(0 bytes\), but the folder has a log of earlier runs/)
    } finally {
      older.cleanup()
    }
  })
})
