import { join } from 'node:path'
import { TrackClient } from 'customerio-node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SegmentsReadService } from '../../../src-main/mirror/segments-read-service'
import { startSandbox, type SandboxHandle } from '../../../src-main/sandbox'
import { openEngine, tempDir, type Engine } from './harness'

// Issue 15: the first read of a segment's members is a baseline (who is a member now), not "all
// of them joined"; joined and left count from the second read on, in the run's counts and in what
// the Segments screen reads alike.

let sandbox: SandboxHandle
let engine: Engine
let segments: SegmentsReadService
const MANUAL = 1

beforeAll(async () => {
  sandbox = await startSandbox({ people: 200 })
  engine = await openEngine(join(tempDir('segments-baseline'), 'mirror.db'), sandbox)
  segments = new SegmentsReadService(engine.mirror.sqlite)
}, 60_000)
afterAll(async () => {
  engine?.close()
  await sandbox?.close()
})

type SegmentCounts = { segments: number; members: number; joined: number; left: number; baseline: number; firstRead: number }
const segmentCounts = (counts: Record<string, unknown> | null) => (counts as { segments: SegmentCounts }).segments
const manual = () => segments.list(engine.workspaceId).find((s) => s.id === MANUAL)!
const memberIds = () =>
  engine.mirror.sqlite.prepare('SELECT p.id FROM segment_members m JOIN people p ON p.ws = (SELECT ws FROM workspaces WHERE id = ?) AND p.cio_id = m.cio_id WHERE m.ws = (SELECT ws FROM workspaces WHERE id = ?) AND m.segment_id = ? AND m.left_at IS NULL ORDER BY p.id').pluck().all(engine.workspaceId, engine.workspaceId, MANUAL) as string[]

describe('segment membership snapshots', () => {
  it('records the first read as a baseline, with nobody joined', async () => {
    const { finished, run } = await engine.pull({ only: ['people', 'segments'] })
    expect(finished.state, finished.message ?? '').toBe('succeeded')
    const counts = segmentCounts(run.counts)
    expect(counts.members).toBeGreaterThan(0)
    expect(counts.baseline).toBe(counts.members)
    expect(counts.firstRead).toBe(counts.segments)
    expect(counts.joined).toBe(0)
    expect(counts.left).toBe(0)
    expect(finished.message).not.toMatch(/[1-9][\d,]* joined/)

    const row = manual()
    expect(row.memberCount).toBeGreaterThan(0)
    expect(row).toMatchObject({ baseline: true, joined: 0, left: 0 })
    expect(segments.members(engine.workspaceId, { segmentId: MANUAL, change: 'joined', offset: 0, limit: 10 }).total).toBe(0)
    for (const s of segments.list(engine.workspaceId)) expect(s.joined, s.name).toBe(0)
  }, 60_000)

  it('counts who joined and who left from the second read on', async () => {
    const before = memberIds()
    const track = new TrackClient(sandbox.siteId, sandbox.trackApiKey, { url: `${sandbox.url}/api/v1` })
    const outsiders = (engine.mirror.sqlite.prepare('SELECT id FROM people WHERE ws = (SELECT ws FROM workspaces WHERE id = ?) ORDER BY id').pluck().all(engine.workspaceId) as string[]).filter((id) => !before.includes(id)).slice(0, 2)
    await track.addCustomersToSegment(MANUAL, outsiders)
    await track.removeCustomersFromSegment(MANUAL, [before[0]])

    const { finished, run } = await engine.pull({ only: ['segments'] })
    expect(finished.state, finished.message ?? '').toBe('succeeded')
    expect(segmentCounts(run.counts)).toMatchObject({ joined: 2, left: 1, baseline: 0, firstRead: 0 })
    expect(manual()).toMatchObject({ baseline: false, joined: 2, left: 1, memberCount: before.length + 1 })
    const joined = segments.members(engine.workspaceId, { segmentId: MANUAL, change: 'joined', offset: 0, limit: 10 })
    expect(joined.rows.map((m) => m.id).sort()).toEqual([...outsiders].sort())
    const left = segments.members(engine.workspaceId, { segmentId: MANUAL, change: 'left', offset: 0, limit: 10 })
    expect(left.rows.map((m) => m.id)).toEqual([before[0]])
  }, 60_000)
})
