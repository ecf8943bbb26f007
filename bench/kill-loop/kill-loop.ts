// The kill loop (issue 14, "Done when"): SIGKILL at random moments during a plan, an import push,
// a pull and an outbox push, round after round, on one data folder. After each kill the folder is
// opened again as the app and the headless host open it (interrupted jobs resume; loop-child.ts
// `recover`), then checked: PRAGMA integrity_check is ok, and no job, import, import batch, outbox
// entry or sync run is left running with no process behind it. At the end the mirror's people
// must equal the sandbox's, first as they stand, then after one more pull.
//
// Usage (needs the OS keychain, as the app does: run it the way the tests run, e.g. /tmp/kr.sh):
//   node --import tsx bench/kill-loop/kill-loop.ts [rounds=20] [seed]
// Prints one line per round and a summary; exits 1 when a check failed. Results: RESULTS.md.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { startSandbox, type SandboxHandle } from '../../src-main/sandbox'
import { sandboxEnv, spawnRuntimeChild, type RuntimeChild } from '../../test/integration/support/child-process'
import { setFaults, tempDir } from '../../test/integration/pull/harness'
import { prng as rng } from '../../src-main/sandbox/seed-people'

const ROUNDS = Number(process.argv[2] ?? 20)
const SEED = Number(process.argv[3] ?? Date.now() % 100_000)
const PEOPLE = 2000
const OPS = ['plan', 'import', 'pull', 'outbox'] as const
/** How long after the child is up each operation may be killed: its length, measured unkilled first. */
const WINDOW_MS: Record<(typeof OPS)[number], number> = { plan: 0, import: 0, pull: 0, outbox: 0 }

const dir = tempDir('kill-loop')
const home = join(dir, 'home')
const mirrorFile = join(home, 'mirror.db')
const random = rng(SEED)

function query<T>(sql: string): T[] {
  const db = new Database(mirrorFile, { readonly: true, fileMustExist: true })
  try {
    return db.prepare(sql).all() as T[]
  } finally {
    db.close()
  }
}

/** Rows still marked as running: jobs, imports, their batches, outbox entries, sync runs. */
function leftovers(): string[] {
  const found = [
    ...query<{ x: string }>("SELECT 'job ' || kind || ' ' || state AS x FROM jobs WHERE state IN ('running', 'queued')"),
    ...query<{ x: string }>("SELECT 'import ' || id || ' ' || state AS x FROM import_jobs WHERE state IN ('planning', 'pushing')"),
    ...query<{ x: string }>("SELECT 'batch ' || job_id || '#' || seq || ' ' || state AS x FROM import_batches WHERE state IN ('recorded', 'sent')"),
    ...query<{ x: string }>("SELECT 'outbox ' || count(*) || ' ' || state AS x FROM outbox WHERE state = 'sending' GROUP BY state"),
    ...query<{ x: string }>("SELECT 'sync run ' || kind || ' ' || state AS x FROM sync_runs WHERE state = 'running'"),
  ]
  return found.map((r) => r.x)
}

function integrity(): string {
  return query<{ integrity_check: string }>('PRAGMA integrity_check').map((r) => r.integrity_check).join('; ')
}

function writeImportFile(round: number): string {
  const file = join(dir, `round-${round}.csv`)
  const note = 'n'.repeat(700) // ~4 v2 batches for 2,000 people: a push spends a while on the wire
  const lines = ['id,kl_import,kl_note']
  for (let i = 1; i <= PEOPLE; i++) lines.push(`sbx-${String(i).padStart(7, '0')},round-${round},${note}${round}`)
  writeFileSync(file, lines.join('\n') + '\n')
  return file
}

function child(op: string, round: number, env: Record<string, string> = {}): RuntimeChild {
  return spawnRuntimeChild(join(__dirname, 'loop-child.ts'), { HOME_DIR: home, OP: op, ROUND: String(round), EDITS: '150', ...env })
}

async function untilLine(c: RuntimeChild, key: string, ms: number): Promise<boolean> {
  const end = Date.now() + ms
  while (Date.now() < end) {
    if (c.lines.some((l) => (l as Record<string, unknown>)[key] !== undefined)) return true
    if (c.proc.exitCode !== null) return false
    await new Promise((r) => setTimeout(r, 10))
  }
  return false
}

async function runToEnd(c: RuntimeChild, what: string): Promise<Record<string, unknown>> {
  const exit = await c.exited
  if (!exit.startsWith('0')) throw new Error(`${what} failed: ${exit}`)
  return c.lines.find((l) => (l as { done?: boolean }).done) as Record<string, unknown>
}

/** Every person of the sandbox through its App API (search + bulk attributes), rate limits off. */
async function remotePeople(h: SandboxHandle): Promise<Map<string, string>> {
  const admin = (method: string, path: string, body?: unknown) => fetch(`${h.url}${path}`, { method, headers: { authorization: `Bearer ${h.adminToken}`, 'content-type': 'application/json' }, body: JSON.stringify(body) })
  const app = async (path: string, body?: unknown) => {
    const res = await fetch(`${h.url}/v1${path}`, { method: body ? 'POST' : 'GET', headers: { authorization: `Bearer ${h.appApiKey}`, 'content-type': 'application/json' }, body: body ? JSON.stringify(body) : undefined })
    if (!res.ok) throw new Error(`${path}: ${res.status}`)
    return (await res.json()) as Record<string, unknown>
  }
  await admin('PUT', '/__sandbox/rate-limits', { enabled: false })
  try {
    const ids: string[] = []
    for (let start: string | undefined; ; ) {
      const page = await app(`/customers?limit=1000${start ? `&start=${encodeURIComponent(start)}` : ''}`, { filter: { or: [{ attribute: { field: 'id', operator: 'exists' } }, { attribute: { field: 'email', operator: 'exists' } }] } })
      ids.push(...(page.identifiers as { cio_id: string }[]).map((i) => i.cio_id))
      if (!page.next || (page.identifiers as unknown[]).length < 1000) break
      start = page.next as string
    }
    const out = new Map<string, string>()
    for (let i = 0; i < ids.length; i += 100) {
      const body = await app('/customers/attributes?id_type=cio_id', { ids: ids.slice(i, i + 100) })
      for (const { customer } of body.customers as { customer: { identifiers: { id: string | null; email: string | null; cio_id: string }; attributes: Record<string, string> } }[]) {
        const { id: _id, email: _email, cio_id: _cio, ...attributes } = customer.attributes
        out.set(customer.identifiers.cio_id, canonical(customer.identifiers.id, customer.identifiers.email, attributes))
      }
    }
    return out
  } finally {
    await admin('PUT', '/__sandbox/rate-limits', { enabled: true })
  }
}

function canonical(id: string | null, email: string | null, attributes: Record<string, unknown>): string {
  return JSON.stringify([id, email, Object.keys(attributes).sort().map((k) => [k, attributes[k]])])
}

/** People that differ between the mirror (live rows, synced attributes) and the sandbox. */
async function differences(h: SandboxHandle): Promise<string[]> {
  const remote = await remotePeople(h)
  const rows = query<{ cio_id: string; id: string | null; email: string | null; attributes: string }>('SELECT cio_id, id, email, attributes FROM people WHERE deleted_at IS NULL')
  const out: string[] = []
  for (const r of rows) {
    const mine = canonical(r.id, r.email, JSON.parse(r.attributes) as Record<string, unknown>)
    const theirs = remote.get(r.cio_id)
    if (theirs !== mine) out.push(`${r.id ?? r.cio_id}: mirror ${mine.slice(0, 160)} / sandbox ${(theirs ?? 'absent').slice(0, 160)}`)
    remote.delete(r.cio_id)
  }
  for (const cio of remote.keys()) out.push(`${cio}: in the sandbox, not in the mirror`)
  return out
}

async function main(): Promise<void> {
  const sandbox = await startSandbox({ people: PEOPLE })
  // every Track request waits, so a push spends most of its time with a batch on the wire
  await setFaults(sandbox, { latencyMs: 400, realms: ['track'] })
  console.log(`kill loop: ${ROUNDS} rounds, seed ${SEED}, ${PEOPLE} people, home ${home}`)
  await runToEnd(child('setup', 0, { SANDBOX: sandboxEnv(sandbox) }), 'setup')
  // Each operation once to its end: how long it runs is the window its kills are drawn from.
  for (const op of OPS) {
    const c = child(op, 0, op === 'plan' || op === 'import' ? { FILE: writeImportFile(0) } : {})
    if (!(await untilLine(c, 'ready', 60_000))) throw new Error(`${op} never came up: ${await c.exited}`)
    const t = Date.now()
    await runToEnd(c, `${op} (unkilled)`)
    WINDOW_MS[op] = Date.now() - t
  }
  console.log(`unkilled, from start-up to the end: ${OPS.map((op) => `${op} ${WINDOW_MS[op]} ms`).join(', ')}`)
  console.log('| round | operation | killed after | running at the kill | the next start resumed | integrity_check | left running |\n| --- | --- | --- | --- | --- | --- | --- |')
  const failures: string[] = []
  const started = Date.now()
  for (let round = 1; round <= ROUNDS; round++) {
    const op = OPS[(round - 1) % OPS.length]
    const c = child(op, round, op === 'plan' || op === 'import' ? { FILE: writeImportFile(round) } : {})
    if (!(await untilLine(c, 'ready', 60_000))) throw new Error(`round ${round}: ${op} never came up: ${await c.exited}`)
    // within the first 80 % of its unkilled length: a pull varies most (an export or the feed)
    const killAt = Math.round(random() * WINDOW_MS[op] * 0.8)
    await new Promise((r) => setTimeout(r, killAt))
    const finishedFirst = c.lines.some((l) => (l as { done?: boolean }).done)
    c.proc.kill('SIGKILL')
    await c.exited
    const atKill = leftovers()
    const t0 = Date.now()
    const recovered = await runToEnd(child('recover', round), `round ${round} recover`)
    const after = leftovers()
    const check = integrity()
    const ok = check === 'ok' && after.length === 0
    if (!ok) failures.push(`round ${round} (${op}): integrity ${check}; left running: ${after.join(', ')}`)
    const resumed = (recovered.resumed as { kind: string; state: string }[]).map((r) => `${r.kind} ${r.state}`).join(', ') || 'nothing'
    console.log(
      `| ${round} | ${op} | ${killAt} ms${finishedFirst ? ' (had finished)' : ''} | ${atKill.join(', ') || '—'} | ${resumed} (${Date.now() - t0} ms) | ${check} | ${after.join(', ') || 'none'} |`,
    )
  }
  const before = await differences(sandbox)
  await runToEnd(child('pull', 0), 'final pull')
  const afterPull = await differences(sandbox)
  const pending = query<{ state: string; n: number }>('SELECT state, count(*) AS n FROM outbox GROUP BY state')
  console.log(`\n${ROUNDS} rounds in ${Math.round((Date.now() - started) / 1000)} s; outbox at the end: ${JSON.stringify(pending)}`)
  console.log(`mirror vs sandbox as left: ${before.length} people differ${before.length ? `, e.g. ${before.slice(0, 3).join(' | ')}` : ''}`)
  console.log(`mirror vs sandbox after one more pull: ${afterPull.length} people differ${afterPull.length ? `, e.g. ${afterPull.slice(0, 3).join(' | ')}` : ''}`)
  if (before.length) failures.push(`${before.length} people differ before the final pull`)
  if (afterPull.length) failures.push(`${afterPull.length} people differ after the final pull`)
  console.log(failures.length ? `\nFAILED:\n${failures.join('\n')}` : '\nall checks passed')
  await sandbox.close()
  process.exit(failures.length ? 1 : 0)
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
