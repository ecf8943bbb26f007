import { spawn } from 'node:child_process'
import { appendFileSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSandbox, type SandboxHandle } from '../../../src-main/sandbox'
import { queryMirror } from '../support/child-process'
import { addActiveSandboxWorkspace, remoteAttributes, runCli } from '../support/cli'
import { requireKeyring } from '../support/keyring'

// Issue 14 from a terminal: an undo that deletes people is never pushed unconfirmed; a file that
// grows while it is planned, or changes before its push, is refused; a plan whose process was
// killed no longer locks the workspace's imports, and `import cancel` stops one wherever it runs; a
// plan pushed after the workspace changed judges the changed people again, and a stale plan says so.
requireKeyring()
const home = mkdtempSync(join(tmpdir(), 'cio-sync-importsafety-'))
const dir = mkdtempSync(join(tmpdir(), 'cio-sync-importsafety-csv-'))
let peer: SandboxHandle

const cli = (args: string[]) => runCli(['--home', home, ...args])

async function admin(method: string, path: string): Promise<void> {
  await fetch(`${peer.url}${path}`, { method, headers: { Authorization: `Bearer ${peer.adminToken}` } })
}

const remote = (id: string) => remoteAttributes(peer, id)

async function track(method: string, path: string, body?: unknown): Promise<void> {
  const auth = Buffer.from(`${peer.siteId}:${peer.trackApiKey}`).toString('base64')
  const res = await fetch(`${peer.url}/api/v1${path}`, { method, headers: { Authorization: `Basic ${auth}`, 'Content-Type': 'application/json' }, body: body ? JSON.stringify(body) : undefined })
  expect(res.status).toBe(200)
  await admin('POST', '/__sandbox/flush')
}

function csv(name: string, lines: string[]): string {
  const file = join(dir, name)
  writeFileSync(file, lines.join('\n') + '\n')
  return file
}

beforeAll(async () => {
  peer = await startSandbox({ people: 0, exportDelayMs: 50 })
  await addActiveSandboxWorkspace(home, peer)
  expect((await cli(['--json', 'pull', '--only', 'people'])).code).toBe(0)
}, 60_000)
afterAll(() => peer?.close())

describe('an undo that deletes people', () => {
  it('counts the deletions apart and refuses to push them without --yes', async () => {
    const file = csv('created.csv', ['id,email,plan', 'del-1,del1@example.com,pro', 'del-2,del2@example.com,pro'])
    const imported = await cli(['--json', 'import', file, '--kind', 'people', '--yes'])
    expect(imported.code, imported.stderr).toBe(0)
    const { job } = JSON.parse(imported.stdout) as { job: string }
    expect(await remote('del-1')).not.toBeNull()

    const dry = await cli(['--json', 'import', 'undo', job, '--dry-run'])
    expect(dry.code, dry.stderr).toBe(0)
    expect(JSON.parse(dry.stdout)).toMatchObject({ rows: 2, create: 0, update: 0, delete: 2 })

    // no terminal and no --yes: refused, and nobody is deleted
    const refused = await cli(['--json', 'import', 'undo', job])
    expect(refused.code).toBe(2)
    expect(JSON.parse(refused.stdout).error.message).toMatch(/deletes 2 people .*--yes/)
    expect(await remote('del-1')).not.toBeNull()
    expect(await remote('del-2')).not.toBeNull()

    const confirmed = await cli(['--json', 'import', 'undo', job, '--yes'])
    expect(confirmed.code, confirmed.stderr).toBe(0)
    expect(JSON.parse(confirmed.stdout)).toMatchObject({ accepted: 2, rejected: 0 })
    expect(await remote('del-1')).toBeNull()
    expect(await remote('del-2')).toBeNull()
  }, 90_000)
})

/** Events with a payload, so the plan of many rows takes long enough to append to the file meanwhile. */
function eventLines(name: string, from: number, to: number): string[] {
  const lines: string[] = []
  for (let i = from; i <= to; i++) lines.push(`grow-${i % 50},${name},${1_700_000_000 + i},${'n'.repeat(60)}`)
  return lines
}

async function eventsNamed(name: string): Promise<number> {
  await admin('POST', '/__sandbox/flush')
  const res = await fetch(`${peer.url}/__sandbox/events?name=${name}`, { headers: { Authorization: `Bearer ${peer.adminToken}` } })
  return ((await res.json()) as { events: unknown[] }).events.length
}

describe('a file that changes under an import', () => {
  it('is refused when it grows while it is planned, and nothing is sent', async () => {
    const file = csv('growing.csv', ['id,event_name,timestamp,note', ...eventLines('grow_test', 1, 150_000)])
    const running = cli(['--json', 'import', file, '--kind', 'events', '--yes'])
    // once the plan has written rows, its snapshot was hashed: a writer appends 3,000 more
    const planned = () => queryMirror<{ n: number }>(join(home, 'mirror.db'), "SELECT count(*) AS n FROM import_row_results r JOIN import_jobs j ON j.num = r.job WHERE j.file_name = 'growing.csv'")[0]?.n ?? 0
    while (planned() === 0) await new Promise((r) => setTimeout(r, 10))
    appendFileSync(file, eventLines('grow_test', 150_001, 153_000).join('\n') + '\n')
    const r = await running
    expect(r.code, r.stdout).toBe(1)
    const message = (JSON.parse(r.stdout) as { error: { message: string } }).error.message
    expect(message).toContain('growing.csv changed while it was being planned')
    expect(message).toMatch(/grew from [\d,]+ bytes to [\d,]+ bytes/)
    expect(await eventsNamed('grow_test')).toBe(0)
  }, 120_000)

  it('refuses to push a plan whose file changed since, naming the file and the change', async () => {
    const file = csv('later.csv', ['id,event_name,timestamp', 'later-1,later_test,1700000001', 'later-2,later_test,1700000002'])
    const dry = await cli(['--json', 'import', file, '--kind', 'events', '--dry-run'])
    expect(dry.code, dry.stderr).toBe(0)
    const { job } = JSON.parse(dry.stdout) as { job: string }
    appendFileSync(file, 'later-3,later_test,1700000003\n')
    const refused = await cli(['--json', 'import', 'resume', job, '--yes'])
    expect(refused.code).toBe(1)
    expect(refused.stdout).toContain('later.csv changed since it was planned: it grew from 84 bytes to 114 bytes')
    expect(await eventsNamed('later_test')).toBe(0)
    // the same size with other bytes is a change too
    writeFileSync(file, ['id,event_name,timestamp', 'later-1,later_test,1700000001', 'later-9,later_test,1700000009'].join('\n') + '\n')
    const same = await cli(['--json', 'import', 'resume', job, '--yes'])
    expect(same.stdout).toContain('later.csv changed since it was planned: its content changed')
    expect(await eventsNamed('later_test')).toBe(0)
  }, 60_000)
})

const mirrorFile = () => join(home, 'mirror.db')
const importOf = (fileName: string) => queryMirror<{ id: string; state: string }>(mirrorFile(), `SELECT id, state FROM import_jobs WHERE file_name = '${fileName}' ORDER BY created_at DESC LIMIT 1`)[0]
const plannedRows = (id: string) => queryMirror<{ n: number }>(mirrorFile(), `SELECT count(*) AS n FROM import_row_results WHERE job = (SELECT num FROM import_jobs WHERE id = '${id}')`)[0]?.n ?? 0

/** `cio-sync import FILE --kind events --dry-run` in a process of its own, once its new import has planned some rows. */
async function planningProcess(file: string, fileName: string) {
  const proc = spawn(process.execPath, [resolve(__dirname, '../../../bin/cio-sync.js'), '--home', home, '--json', 'import', file, '--kind', 'events', '--dry-run'], { stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  proc.stdout.on('data', (d) => (stdout += d))
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string }>((res) => proc.on('exit', (code, signal) => res({ code, signal, stdout })))
  const before = importOf(fileName)?.id
  let id: string | undefined
  while (!(id = importOf(fileName)?.id) || id === before || plannedRows(id) === 0) await new Promise((r) => setTimeout(r, 10))
  return { proc, exited, id }
}

describe('a plan whose process is gone', () => {
  const big = () => csv('big.csv', ['id,event_name,timestamp,note', ...eventLines('big_test', 1, 600_000)])

  it('is marked interrupted: later imports run, and resuming it says why instead of "nothing to send"', async () => {
    const killed = await planningProcess(big(), 'big.csv')
    killed.proc.kill('SIGKILL')
    expect((await killed.exited).signal).toBe('SIGKILL')
    expect(importOf('big.csv').state).toBe('planning')

    const next = await cli(['--json', 'import', csv('small.csv', ['id,event_name', 'small-1,small_test']), '--kind', 'events', '--dry-run'])
    expect(next.code, next.stdout + next.stderr).toBe(0)
    expect(JSON.parse(next.stdout)).toMatchObject({ rows: 1, create: 1 })
    expect(importOf('big.csv').state).toBe('plan-interrupted')

    const resumed = await cli(['--json', 'import', 'resume', killed.id, '--yes'])
    expect(resumed.code).toBe(1)
    expect(JSON.parse(resumed.stdout).error.message).toMatch(new RegExp(`import ${killed.id} has no plan to push: planning stopped before its end: the process that ran it \\(pid ${killed.proc.pid}\\) is gone`))
    expect(await eventsNamed('big_test')).toBe(0)
  }, 120_000)

  it('`import cancel` ends a killed plan, and stops a plan running in another process', async () => {
    const killed = await planningProcess(big(), 'big.csv')
    killed.proc.kill('SIGKILL')
    await killed.exited
    const cancelled = await cli(['--json', 'import', 'cancel', killed.id])
    expect(cancelled.code, cancelled.stdout + cancelled.stderr).toBe(0)
    expect(JSON.parse(cancelled.stdout)).toMatchObject({ job: killed.id, state: 'plan-cancelled' })
    const again = await cli(['--json', 'import', 'cancel', killed.id])
    expect(again.code).toBe(1)
    expect(JSON.parse(again.stdout).error.message).toContain('is not running (plan-cancelled)')

    const live = await planningProcess(big(), 'big.csv')
    const stopped = await cli(['--json', 'import', 'cancel', live.id])
    expect(stopped.code, stopped.stdout + stopped.stderr).toBe(0)
    expect(JSON.parse(stopped.stdout)).toMatchObject({ state: 'plan-cancelled', message: expect.stringContaining(`pid ${live.proc.pid}`) })
    const ended = await live.exited
    expect(ended.code).toBe(1)
    expect(ended.stdout).toContain('planning failed')
    expect(importOf('big.csv').state).toBe('plan-cancelled')
  }, 120_000)
})

describe('a plan pushed after the workspace changed', () => {
  it('judges the changed people again: a field planned unchanged is sent once the remote moved', async () => {
    await track('PUT', '/customers/rc-1', { email: 'rc-1@example.com', plan: 'free' })
    await track('PUT', '/customers/rc-2', { email: 'rc-2@example.com', plan: 'free' })
    expect((await cli(['--json', 'pull', '--only', 'people'])).code).toBe(0)
    const file = csv('recheck.csv', ['id,plan', 'rc-1,free', 'rc-2,free'])
    const dry = await cli(['--json', 'import', file, '--kind', 'people', '--dry-run'])
    expect(JSON.parse(dry.stdout)).toMatchObject({ rows: 2, unchanged: 2, update: 0 })
    const { job } = JSON.parse(dry.stdout) as { job: string }

    // someone changes rc-1 in Customer.io after the plan; the mirror does not know yet
    await track('PUT', '/customers/rc-1', { plan: 'pro' })
    const pushed = await cli(['--json', 'import', 'push', job, '--yes'])
    expect(pushed.code, pushed.stdout + pushed.stderr).toBe(0)
    expect(JSON.parse(pushed.stdout)).toMatchObject({ sent: 1, accepted: 1, rejected: 0 })
    expect(await remote('rc-1')).toMatchObject({ plan: 'free' })
    const report = JSON.parse((await cli(['--json', 'import', 'report', job])).stdout) as { summary: { update: number; unchanged: number; warnings: string[] } }
    expect(report.summary).toMatchObject({ update: 1, unchanged: 1 })
    expect(report.summary.warnings).toContain('before the push, 1 rows whose people changed since the plan were judged again: 1 unchanged → update')
  }, 60_000)

  it('marks a plan stale after a pull and after a newer plan of the same file; a discarded plan is never pushed', async () => {
    const file = csv('stale.csv', ['id,plan', 'rc-2,team'])
    const first = JSON.parse((await cli(['--json', 'import', file, '--kind', 'people', '--dry-run'])).stdout) as { job: string; stale: string | null }
    expect(first.stale).toBeNull()
    expect((await cli(['--json', 'pull', '--only', 'people'])).code).toBe(0)
    const afterPull = JSON.parse((await cli(['--json', 'import', 'report', first.job])).stdout) as { summary: { stale: string } }
    expect(afterPull.summary.stale).toMatch(/^the mirror was pulled at \d\d:\d\d, after this plan/)

    const second = JSON.parse((await cli(['--json', 'import', file, '--kind', 'people', '--dry-run'])).stdout) as { job: string; stale: string | null }
    expect(second.stale).toBeNull()
    const replaced = JSON.parse((await cli(['--json', 'import', 'report', first.job])).stdout) as { summary: { stale: string } }
    expect(replaced.summary.stale).toContain(`a newer plan of stale.csv (import ${second.job}`)

    const discarded = await cli(['--json', 'import', 'discard', first.job])
    expect(discarded.code, discarded.stdout + discarded.stderr).toBe(0)
    expect(JSON.parse(discarded.stdout)).toMatchObject({ job: first.job, state: 'discarded', stale: expect.stringContaining('a newer plan') })
    const refused = await cli(['--json', 'import', 'resume', first.job, '--yes'])
    expect(refused.code).toBe(1)
    expect(JSON.parse(refused.stdout).error.message).toContain('was discarded and cannot be pushed')
    expect(await remote('rc-2')).toMatchObject({ plan: 'free' })
  }, 90_000)
})
