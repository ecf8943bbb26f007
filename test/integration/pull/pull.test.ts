import { join } from 'node:path'
import { TrackClient } from 'customerio-node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSandbox, type SandboxHandle } from '../../../src-main/sandbox'
import { mirrorCounts, openEngine, sandboxState, tempDir, type Engine } from './harness'

// Issue 4, "Done when": against a sandbox seeded with 20,000 people a pull fills the mirror with
// exactly the sandbox's people, segments, members and collections; a second pull after remote
// changes applies only those changes.

let sandbox: SandboxHandle
let engine: Engine

beforeAll(async () => {
  sandbox = await startSandbox({ people: 20_000, exportDelayMs: 300 })
  engine = await openEngine(join(tempDir('pull'), 'mirror.db'), sandbox)
}, 60_000)
afterAll(async () => {
  engine?.close()
  await sandbox?.close()
})

describe('pull against a 20,000-person sandbox', () => {
  it('fills the mirror with exactly what the sandbox holds', async () => {
    const { finished, run } = await engine.pull()
    expect(finished.state, finished.message ?? '').toBe('succeeded')
    const remote = await sandboxState(sandbox)
    expect(remote.people).toBe(20_000)
    expect(mirrorCounts(engine.mirror, engine.workspaceId)).toEqual({
      people: remote.people,
      segments: remote.segments,
      segmentMembers: remote.segmentMembers,
      collections: remote.collections,
    })
    expect(run).toMatchObject({ state: 'succeeded', kind: 'pull', trigger: 'cli', error: null })
    const counts = run.counts as { people: Record<string, number>; requests: number; segments: Record<string, number> }
    expect(counts.people).toMatchObject({ created: 20_000, updated: 0, deleted: 0 })
    expect(counts.segments.members).toBe(remote.segmentMembers)
    expect(counts.requests).toBeGreaterThan(10)

    // The pulled copy is both the local view and the merge base (stored once: base_attributes NULL
    // means "the same as attributes"); values stay strings.
    const ada = engine.mirror.sqlite.prepare("SELECT id, email, attributes, base_attributes, synced_at FROM people WHERE ws = (SELECT ws FROM workspaces WHERE id = ?) AND id = 'sbx-0000001'").get(engine.workspaceId) as Record<string, string>
    const attrs = JSON.parse(ada.attributes) as Record<string, unknown>
    expect(ada.base_attributes).toBeNull()
    expect(typeof attrs.plan).toBe('string')
    expect(typeof attrs.lifetime_value).toBe('string')
    expect(ada.synced_at).not.toBeNull()
    // Rows come with their FTS entries (the insert trigger is back after the bulk load).
    const hits = engine.mirror.sqlite.prepare("SELECT count(*) FROM people_fts WHERE people_fts MATCH 'id:\"sbx\"'").pluck().get() as number
    expect(hits).toBe(20_000)
    // Collections come with their rows, campaigns with metric totals.
    expect(engine.mirror.sqlite.prepare('SELECT count(*) FROM collection_rows WHERE ws = (SELECT ws FROM workspaces WHERE id = ?)').pluck().get(engine.workspaceId)).toBe(5)
    const welcome = engine.mirror.sqlite.prepare("SELECT metrics FROM campaigns WHERE ws = (SELECT ws FROM workspaces WHERE id = ?) AND type = 'campaign' AND id = 1").pluck().get(engine.workspaceId) as string
    expect(JSON.parse(welcome).delivered).toBeGreaterThan(0)
    expect(engine.mirror.sqlite.prepare('SELECT count(*) FROM messages WHERE ws = (SELECT ws FROM workspaces WHERE id = ?)').pluck().get(engine.workspaceId)).toBe(remote.messages)
  }, 90_000)

  it('applies only the remote changes on a second pull', async () => {
    const track = new TrackClient(sandbox.siteId, sandbox.trackApiKey, { url: `${sandbox.url}/api/v1` })
    const changed = ['sbx-0000010', 'sbx-0000020', 'sbx-0000030', 'sbx-0000040', 'sbx-0000050']
    for (const id of changed) await track.identify(id, { plan: 'enterprise', city: 'Lisbon' })
    await track.destroy('sbx-0000100')
    await track.identify('newcomer-1', { email: 'newcomer@example.com', first_name: 'Nora', plan: 'pro' })
    const mover = 'sbx-0000007' // every 50th seeded person is in segment 1; 7 is not
    await track.addCustomersToSegment(1, [mover])
    const ftsBefore = engine.mirror.sqlite.prepare("SELECT count(*) FROM people_fts WHERE people_fts MATCH 'names:Lovelace'").pluck().get() as number

    const { finished, run } = await engine.pull()
    expect(finished.state, finished.message ?? '').toBe('succeeded')
    const counts = run.counts as { people: Record<string, number>; segments: Record<string, number> }
    // Issue 13: the second pull reads the activity feed and only the people it names, so nobody
    // else is even compared (no export; unchanged people are not read at all).
    expect(counts.people).toEqual({ created: 1, updated: changed.length, unchanged: 0, deleted: 1, restored: 0, conflicts: 0 })
    expect((run.counts as { peoplePull: { mode: string } }).peoplePull.mode).toBe('incremental')

    const remote = await sandboxState(sandbox)
    expect(mirrorCounts(engine.mirror, engine.workspaceId)).toEqual({ people: remote.people, segments: remote.segments, segmentMembers: remote.segmentMembers, collections: remote.collections })
    const db = engine.mirror.sqlite
    const person = (id: string) => db.prepare('SELECT pk, cio_id, attributes, deleted_at FROM people WHERE ws = (SELECT ws FROM workspaces WHERE id = ?) AND id = ?').get(engine.workspaceId, id) as { pk: number; cio_id: string; attributes: string; deleted_at: number | null }
    expect(JSON.parse(person('sbx-0000010').attributes)).toMatchObject({ plan: 'enterprise', city: 'Lisbon' })
    expect(person('sbx-0000100').deleted_at).not.toBeNull()
    expect(person('newcomer-1').deleted_at).toBeNull()
    // Joined since the last pull: the mover in segment 1 (and whoever the plan change moved).
    const joined = db.prepare('SELECT cio_id FROM segment_members WHERE ws = (SELECT ws FROM workspaces WHERE id = ?) AND segment_id = 1 AND pull_id = ? AND joined_at = (SELECT started_at FROM sync_runs WHERE id = ?)').pluck().all(engine.workspaceId, run.id, run.id)
    expect(joined).toEqual([person(mover).cio_id])
    // Left: the deleted person left every segment they were in, and is kept with left_at.
    const left = db.prepare('SELECT count(*) FROM segment_members WHERE ws = (SELECT ws FROM workspaces WHERE id = ?) AND cio_id = ? AND left_at IS NOT NULL').pluck().get(engine.workspaceId, person('sbx-0000100').cio_id) as number
    expect(left).toBeGreaterThan(0)
    expect(counts.segments.left).toBeGreaterThanOrEqual(left)
    // Unchanged people were not rewritten, so the index still has the same entries.
    expect(db.prepare("SELECT count(*) FROM people_fts WHERE people_fts MATCH 'names:Lovelace'").pluck().get()).toBe(ftsBefore)
  }, 90_000)

  it('keeps a pending local edit and records the conflict when the remote moved too', async () => {
    const db = engine.mirror.sqlite
    const ws = engine.workspaceId
    const target = db.prepare("SELECT pk, attributes FROM people WHERE ws = (SELECT ws FROM workspaces WHERE id = ?) AND id = 'sbx-0000200'").get(ws) as { pk: number; attributes: string }
    const local = { ...JSON.parse(target.attributes), plan: 'local-plan' }
    // a local edit, as the local view writes it: the view moves, the base keeps the synced copy
    db.prepare('UPDATE people SET attributes = ?, base_attributes = coalesce(base_attributes, attributes) WHERE pk = ?').run(JSON.stringify(local), target.pk)
    db.prepare("INSERT INTO outbox (workspace_id, op, entity_key, payload, state, created_at, updated_at) VALUES (?, 'identify', ?, ?, 'pending', 0, 0)").run(ws, `person:${target.pk}`, JSON.stringify({ attributes: { plan: 'local-plan' } }))
    const track = new TrackClient(sandbox.siteId, sandbox.trackApiKey, { url: `${sandbox.url}/api/v1` })
    await track.identify('sbx-0000200', { plan: 'remote-plan', city: 'Porto' })

    const { finished, run } = await engine.pull({ only: ['people'] })
    expect(finished.state, finished.message ?? '').toBe('succeeded')
    expect((run.counts as { people: Record<string, number> }).people).toMatchObject({ updated: 1, conflicts: 1 })
    const after = db.prepare('SELECT attributes, coalesce(base_attributes, attributes) AS base_attributes FROM people WHERE pk = ?').get(target.pk) as { attributes: string; base_attributes: string }
    expect(JSON.parse(after.attributes)).toMatchObject({ plan: 'local-plan', city: 'Porto' })
    expect(JSON.parse(after.base_attributes)).toMatchObject({ plan: 'remote-plan', city: 'Porto' })
    const conflict = db.prepare("SELECT field, local, remote FROM conflicts WHERE workspace_id = ? AND entity_key = ? AND state = 'open'").get(ws, `person:${target.pk}`)
    expect(conflict).toEqual({ field: 'plan', local: '"local-plan"', remote: '"remote-plan"' })
  }, 60_000)
})
