import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ChangesService } from '../../../src-main/changes/changes-service'
import { ConnectivityTracker } from '../../../src-main/cio/connectivity'
import { GovernorRegistry } from '../../../src-main/cio/rate-governor'
import { openMirror, type Mirror } from '../../../src-main/db/connection'
import { JobsRepo } from '../../../src-main/jobs/jobs-repo'
import { WorkspacesRepo } from '../../../src-main/db/workspaces-repo'
import type { EventSink } from '../../../src-main/base/events'
import type { JobFinished } from '../../../src-main/contract/jobs'
import { startSandbox, type SandboxHandle } from '../../../src-main/sandbox'
import { JobService } from '../../../src-main/jobs/job-service'
import { PullService } from '../../../src-main/sync/pull/pull-service'
import { SandboxManager } from '../../../src-main/workspaces/sandbox-manager'
import { WorkspaceService } from '../../../src-main/workspaces/workspace-service'
import { admin, appAttributes } from '../import/harness'
import { MemorySecrets, tempDir, waitFor } from '../pull/harness'

// The edit kinds and their push through the service API, wired as services.ts wires it: a real
// mirror file, the real job service and the real sandbox over HTTP (only the keychain is in memory).
let sandbox: SandboxHandle
let mirror: Mirror
let changes: ChangesService
let jobs: JobService
let ws = ''
const events: { name: string; payload: unknown }[] = []

const finished = (jobId: string) => waitFor(() => events.find((e) => e.name === 'app:jobs:finished' && (e.payload as JobFinished).jobId === jobId)?.payload as JobFinished | undefined, 60_000)
const pk = (id: string) => mirror.sqlite.prepare('SELECT pk FROM people WHERE ws = (SELECT ws FROM workspaces WHERE id = ?) AND id = ?').pluck().get(ws, id) as number
const person = (p: number) => mirror.sqlite.prepare('SELECT id, email, attributes, coalesce(base_attributes, attributes) AS base_attributes, deleted_at FROM people WHERE pk = ?').get(p) as { id: string; email: string; attributes: string; base_attributes: string; deleted_at: number | null }
const push = async () => finished(changes.push(ws, {}).jobId)

beforeAll(async () => {
  sandbox = await startSandbox({ people: 30 })
  const dir = tempDir('changes-edits')
  mirror = openMirror(join(dir, 'mirror.db'))
  const sink: EventSink = { emit: (name, payload) => void events.push({ name, payload }) }
  const workspaces = new WorkspaceService(new WorkspacesRepo(mirror.db), new MemorySecrets(), new SandboxManager(() => Promise.reject(new Error('unused')), tempDir('unused'), 0), sink)
  ws = (await workspaces.add({ name: 'Edits', kind: 'custom', url: sandbox.url, credentials: { siteId: sandbox.siteId, trackApiKey: sandbox.trackApiKey, appApiKey: sandbox.appApiKey, writeKey: sandbox.writeKey } })).id
  const governors = new GovernorRegistry()
  const connectivity = new ConnectivityTracker(sink)
  const pull = new PullService({ mirror, workspaces, connectivity, governors })
  jobs = new JobService(new JobsRepo(mirror.db), sink, {}, () => ws)
  // the changes service registers the push runner itself; the pull around it is the composition's
  changes = new ChangesService({ mirror, workspaces, events: sink, jobs, governors, connectivity, actor: 'test-user' })
  jobs.register('pull', changes.afterPull(pull.runner()))
  const pulled = await finished(jobs.start('pull', 'cli', { only: ['people', 'segments'] }).id)
  expect(pulled.state, pulled.message ?? '').toBe('succeeded')
}, 60_000)
afterAll(() => {
  mirror?.close()
  sandbox?.close()
})

describe('edits', () => {
  it('replaces a pending value keeping its base, drops an edit back to the base, and discards', () => {
    const p = pk('sbx-0000001')
    const base = JSON.parse(person(p).base_attributes).plan ?? null
    const first = changes.edit(ws, { kind: 'attributes', pk: p, set: { plan: 'one', score: 7 } })
    expect(first.entries.map((e) => [e.field, e.old, e.new])).toEqual([['plan', base, 'one'], ['score', null, 7]])
    expect(JSON.parse(person(p).attributes)).toMatchObject({ plan: 'one', score: '7' })
    const second = changes.edit(ws, { kind: 'attributes', pk: p, set: { plan: 'two' } })
    expect(second.entries).toEqual([expect.objectContaining({ id: first.entries[0].id, old: base, new: 'two' })])
    expect(changes.edit(ws, { kind: 'attributes', pk: p, set: { plan: base } }).entries).toEqual([])
    expect(JSON.parse(person(p).attributes).plan).toBe(base ?? undefined)
    expect(changes.outbox(ws, { personPk: p, limit: 10 }).entries.map((e) => e.field)).toEqual(['score'])
    expect(changes.discard(ws, [first.entries[1].id])).toMatchObject({ discarded: 1, counts: { pending: 0 } })
    expect(JSON.parse(person(p).attributes).score).toBeUndefined()
    expect(events.some((e) => e.name === 'app:changes:updated')).toBe(true)
  })

  it('refuses a data-driven segment and an identifier as an attribute, with reasons', () => {
    const p = pk('sbx-0000002')
    expect(() => changes.edit(ws, { kind: 'segment', pk: p, segmentId: 2, action: 'add' })).toThrow(/data-driven.*only manual segments/)
    expect(() => changes.edit(ws, { kind: 'attributes', pk: p, set: { email: 'x@y.io' } })).toThrow(/identifier/)
  })
})

describe('push', () => {
  it('sends an email change by cio_id, a manual segment add, a delete and a refused value, each mapped back to its entry', async () => {
    const a = pk('sbx-0000004')
    const b = pk('sbx-0000005')
    const c = pk('sbx-0000006')
    const email = changes.edit(ws, { kind: 'identifier', pk: a, field: 'email', value: 'renamed-4@example.com' }).entries[0]
    const member = changes.edit(ws, { kind: 'segment', pk: b, segmentId: 1, action: 'add' }).entries[0]
    const gone = changes.edit(ws, { kind: 'person', pk: c, action: 'delete' }).entries[0]
    const tooLong = changes.edit(ws, { kind: 'attributes', pk: b, set: { bio: 'x'.repeat(1001) } }).entries[0]
    const done = await push()
    expect(done.state, done.message ?? '').toBe('succeeded')

    const states = Object.fromEntries(changes.outbox(ws, { states: ['sent', 'failed'], limit: 100 }).entries.map((e) => [e.id, [e.state, e.lastError]]))
    expect(states[email.id]).toEqual(['sent', null])
    expect(states[member.id]).toEqual(['sent', null])
    expect(states[gone.id]).toEqual(['sent', null])
    expect(states[tooLong.id][0]).toBe('failed')
    expect(states[tooLong.id][1]).toMatch(/cannot be longer than 1000 bytes/)

    expect(person(a).email).toBe('renamed-4@example.com')
    expect((await appAttributes(sandbox, 'sbx-0000004'))?.email).toBe('renamed-4@example.com')
    expect(await appAttributes(sandbox, 'sbx-0000006')).toBeNull()
    expect(person(c).deleted_at).not.toBeNull()
    const members = await admin<{ identifiers: { id: string }[] }>(sandbox, '/v1/segments/1/membership', { headers: { authorization: `Bearer ${sandbox.appApiKey}` } })
    expect(members.identifiers.map((i) => i.id)).toContain('sbx-0000005')
    expect(changes.counts(ws)).toEqual({ pending: 0, failed: 1, conflicts: 0 })

    // every push is in the audit log
    const audit = mirror.sqlite.prepare("SELECT actor, counts FROM audit_log WHERE workspace_id = ? AND action = 'push'").all(ws) as { actor: string; counts: string }[]
    expect(audit).toHaveLength(1)
    expect(audit[0].actor).toBe('test-user')
    expect(JSON.parse(audit[0].counts)).toMatchObject({ sent: 3, failed: 1 })
  }, 60_000)

  it('settles an edit Customer.io already holds without sending it', async () => {
    const p = pk('sbx-0000007')
    const entry = changes.edit(ws, { kind: 'attributes', pk: p, set: { plan: 'already-there' } }).entries[0]
    const auth = Buffer.from(`${sandbox.siteId}:${sandbox.trackApiKey}`).toString('base64')
    await fetch(`${sandbox.url}/api/v1/customers/sbx-0000007`, { method: 'PUT', headers: { Authorization: `Basic ${auth}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ plan: 'already-there' }) })
    await admin(sandbox, '/__sandbox/flush', { method: 'POST' })
    await admin(sandbox, '/__sandbox/requests', { method: 'DELETE' })
    const done = await finished(changes.push(ws, { ids: [entry.id] }).jobId)
    expect(done.message).toMatch(/0 changes sent.*1 already in Customer\.io/)
    const log = await admin<{ requests: { path: string }[] }>(sandbox, '/__sandbox/requests?limit=100')
    expect(log.requests.filter((r) => r.path.startsWith('/api/'))).toEqual([])
    expect(JSON.parse(person(p).base_attributes).plan).toBe('already-there')
  }, 60_000)

  it('ends a push that met a change made in Customer.io with the conflict counted, names the person, and pushes the resolution it re-queues', async () => {
    const p = pk('sbx-0000009')
    const entry = changes.edit(ws, { kind: 'attributes', pk: p, set: { plan: 'mine-plan' } }).entries[0]
    const auth = Buffer.from(`${sandbox.siteId}:${sandbox.trackApiKey}`).toString('base64')
    await fetch(`${sandbox.url}/api/v1/customers/sbx-0000009`, { method: 'PUT', headers: { Authorization: `Basic ${auth}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ plan: 'their-plan' }) })
    await admin(sandbox, '/__sandbox/flush', { method: 'POST' })
    const done = await finished(changes.push(ws, { ids: [entry.id] }).jobId)
    expect(done).toMatchObject({ state: 'succeeded', conflicts: 1, failed: 0 })
    expect(done.message).toMatch(/^0 changes sent in \d+ requests?: 0 failed, 1 conflict, 0 already/)

    const [conflict] = changes.conflicts(ws, { state: 'open', personPk: p }).conflicts
    const row = person(p)
    expect(conflict.person).toMatchObject({ pk: p, id: 'sbx-0000009', email: row.email })
    const names = mirror.sqlite.prepare('SELECT names FROM people WHERE pk = ?').pluck().get(p) as string
    expect(conflict.person?.name).toBe(names.trim() || null)

    const resolved = changes.resolve(ws, { id: conflict.id, keep: 'mine' })
    expect(resolved.requeued).toBe(entry.id)
    const again = await finished(changes.push(ws, { ids: [entry.id] }).jobId)
    expect(again).toMatchObject({ state: 'succeeded', conflicts: 0, failed: 0 })
    expect(again.message).toMatch(/^1 change sent in \d+ requests?: 0 failed, 0 conflicts/)
    expect(await appAttributes(sandbox, 'sbx-0000009')).toMatchObject({ plan: 'mine-plan' })
  }, 60_000)

  it('re-queues nothing when theirs is kept', async () => {
    const p = pk('sbx-0000011')
    const entry = changes.edit(ws, { kind: 'attributes', pk: p, set: { plan: 'mine-2' } }).entries[0]
    const auth = Buffer.from(`${sandbox.siteId}:${sandbox.trackApiKey}`).toString('base64')
    await fetch(`${sandbox.url}/api/v1/customers/sbx-0000011`, { method: 'PUT', headers: { Authorization: `Basic ${auth}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ plan: 'theirs-2' }) })
    await admin(sandbox, '/__sandbox/flush', { method: 'POST' })
    await finished(changes.push(ws, { ids: [entry.id] }).jobId)
    const [conflict] = changes.conflicts(ws, { state: 'open', personPk: p }).conflicts
    expect(changes.resolve(ws, { id: conflict.id, keep: 'theirs' }).requeued).toBeNull()
  }, 60_000)
})
