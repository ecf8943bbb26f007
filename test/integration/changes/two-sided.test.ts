import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSandbox, type SandboxHandle } from '../../../src-main/sandbox'
import { appAttributes, type RequestLog } from '../import/harness'
import { runCli } from '../support/cli'
import { requireKeyring } from '../support/keyring'

// Issue 6's two-sided test, from a terminal (every command is its own process, so the outbox
// also survives engine restarts): pull; edit attribute A offline; change A and B remotely; pull →
// B updates, A is a conflict; keep mine → push → Customer.io has mine for A and theirs for B, and
// the push sent exactly one operation carrying A and nothing else.
requireKeyring()
const home = mkdtempSync(join(tmpdir(), 'cio-sync-changes-'))
const PERSON = 'sbx-0000003'
let peer: SandboxHandle

const cli = async (args: string[]) => {
  const r = await runCli(['--home', home, '--workspace', 'Remote', '--json', ...args])
  return { ...r, doc: r.stdout.trim() ? (JSON.parse(r.stdout) as Record<string, any>) : null } // eslint-disable-line @typescript-eslint/no-explicit-any
}

async function admin<T>(path: string, init: RequestInit = {}): Promise<T> {
  const res = await fetch(`${peer.url}${path}`, { ...init, headers: { Authorization: `Bearer ${peer.adminToken}`, ...(init.headers ?? {}) } })
  return (await res.json()) as T
}

async function track(method: string, path: string, body?: unknown): Promise<void> {
  const auth = Buffer.from(`${peer.siteId}:${peer.trackApiKey}`).toString('base64')
  const res = await fetch(`${peer.url}/api/v1${path}`, { method, headers: { Authorization: `Basic ${auth}`, 'Content-Type': 'application/json' }, body: body ? JSON.stringify(body) : undefined })
  expect(res.status).toBe(200)
}

beforeAll(async () => {
  peer = await startSandbox({ people: 25 })
  const added = await runCli(['--home', home, 'workspace', 'add', 'Remote', '--url', peer.url], { CIO_SITE_ID: peer.siteId, CIO_TRACK_API_KEY: peer.trackApiKey, CIO_APP_API_KEY: peer.appApiKey, CIO_WRITE_KEY: peer.writeKey })
  expect(added.code, added.stderr).toBe(0)
  const pulled = await cli(['pull'])
  expect(pulled.code, pulled.stderr).toBe(0)
}, 60_000)
afterAll(() => peer?.close())

describe('offline edits against remote changes', () => {
  let cioId = ''
  let conflictId = 0
  let entryId = 0

  it('records an offline edit in the outbox, shown in the local view, surviving a restart', async () => {
    const edited = await cli(['edit', PERSON, 'plan=mine-plan'])
    expect(edited.code, edited.stderr).toBe(0)
    expect(edited.doc!.entries).toEqual([expect.objectContaining({ op: 'identify', field: 'plan', new: 'mine-plan', state: 'pending', label: PERSON })])
    entryId = edited.doc!.entries[0].id
    cioId = edited.doc!.person.cioId
    // a new process (a restarted engine) finds it
    const outbox = await cli(['outbox'])
    expect(outbox.doc!.entries.map((e: { id: number }) => e.id)).toEqual([entryId])
    expect(outbox.doc!.counts).toEqual({ pending: 1, failed: 0, conflicts: 0 })
    const person = await cli(['people', 'get', PERSON])
    expect(person.doc!.person.attributes.plan).toBe('mine-plan')
    expect(person.doc!.person.pending).toEqual(['plan'])
    expect((await cli(['status'])).doc).toMatchObject({ outbox: 1, conflicts: 0 })
  }, 30_000)

  it('pulls the remote change of B and holds A back as a conflict', async () => {
    await track('PUT', `/customers/${PERSON}`, { plan: 'theirs-plan', city: 'Theirs-City' })
    await admin('/__sandbox/flush', { method: 'POST' })
    const pulled = await cli(['pull', '--only', 'people'])
    expect(pulled.code, pulled.stderr).toBe(0)
    expect(pulled.doc!.counts.people).toMatchObject({ updated: 1, conflicts: 1 })
    const person = (await cli(['people', 'get', PERSON])).doc!.person
    expect(person.attributes).toMatchObject({ plan: 'mine-plan', city: 'Theirs-City' })
    const conflicts = await cli(['conflicts'])
    expect(conflicts.doc!.conflicts).toEqual([expect.objectContaining({ field: 'plan', local: 'mine-plan', remote: 'theirs-plan', outboxId: entryId, label: PERSON, state: 'open' })])
    conflictId = conflicts.doc!.conflicts[0].id
    expect((await cli(['outbox'])).doc!.entries[0].state).toBe('conflict')
    expect((await cli(['status'])).doc).toMatchObject({ outbox: 1, conflicts: 1 })
  }, 30_000)

  it('does not send a change held by a conflict', async () => {
    await admin('/__sandbox/requests', { method: 'DELETE' })
    const pushed = await cli(['push', '--yes'])
    expect(pushed.code, pushed.stderr).toBe(0)
    expect(pushed.doc!.counts).toMatchObject({ selected: 0, sent: 0 })
    const log = await admin<RequestLog>('/__sandbox/requests?limit=1000')
    expect(log.requests.filter((r) => r.path.startsWith('/api/'))).toEqual([])
  }, 30_000)

  it('keeps mine, pushes only A, and Customer.io ends with mine for A and theirs for B', async () => {
    const resolved = await cli(['resolve', String(conflictId), '--keep', 'mine'])
    expect(resolved.code, resolved.stderr).toBe(0)
    expect(resolved.doc!.conflict).toMatchObject({ state: 'resolved', resolution: 'mine' })
    expect(resolved.doc!.counts).toEqual({ pending: 1, failed: 0, conflicts: 0 })
    await admin('/__sandbox/requests', { method: 'DELETE' })

    const pushed = await cli(['push', '--yes'])
    expect(pushed.code, pushed.stderr).toBe(0)
    expect(pushed.doc!.counts).toMatchObject({ selected: 1, sent: 1, failed: 0, conflicts: 0, settled: 0 })

    // Exactly one Track request: a batch holding the one identify of A, addressed by cio_id.
    const log = await admin<RequestLog>('/__sandbox/requests?limit=1000')
    const track = log.requests.filter((r) => r.path.startsWith('/api/'))
    const expected = JSON.stringify({ batch: [{ type: 'person', action: 'identify', identifiers: { cio_id: cioId }, attributes: { plan: 'mine-plan' } }] })
    expect(track).toEqual([expect.objectContaining({ method: 'POST', path: '/api/v2/batch', status: 200, requestBytes: Buffer.byteLength(expected) })])
    // the rest were reads: the refresh of this one person
    expect(log.requests.filter((r) => !r.path.startsWith('/api/')).map((r) => r.path)).toEqual(['/v1/customers/attributes'])
    expect(await appAttributes(peer, PERSON)).toMatchObject({ plan: 'mine-plan', city: 'Theirs-City' })

    const outbox = await cli(['outbox', '--state', 'sent'])
    expect(outbox.doc!.entries).toEqual([expect.objectContaining({ id: entryId, state: 'sent', attempts: 1 })])
    expect((await cli(['status'])).doc).toMatchObject({ outbox: 0, conflicts: 0 })
    // the pushed value is the new base: the next pull changes nothing and finds no conflict
    const again = await cli(['pull', '--only', 'people'])
    expect(again.doc!.counts.people).toMatchObject({ updated: 0, conflicts: 0 })
    expect((await cli(['people', 'get', PERSON])).doc!.person).toMatchObject({ attributes: expect.objectContaining({ plan: 'mine-plan', city: 'Theirs-City' }), pending: [] })
  }, 60_000)
})
