import { join } from 'node:path'
import { TrackClient } from 'customerio-node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSandbox, type SandboxHandle } from '../../../src-main/sandbox'
import { openEngine, tempDir, type Engine } from './harness'
import { clearSandboxRequests, sandboxRequests } from './mirror-equality'

// Issue 13: a segment whose updated_at and member count did not change is not re-read member by
// member. Only segments of at least one membership page (30,000) qualify: below that one page is
// as cheap as the count request and exact. 50,000 seeded people put ~31,000 in "Paying customers".

let sandbox: SandboxHandle
let engine: Engine
const PAYING = 6

beforeAll(async () => {
  sandbox = await startSandbox({ people: 50_000, exportDelayMs: 200 })
  engine = await openEngine(join(tempDir('segments-skip'), 'mirror.db'), sandbox)
}, 60_000)
afterAll(async () => {
  engine?.close()
  await sandbox?.close()
})

const membershipReads = async (segment: number) => (await sandboxRequests(sandbox)).filter((r) => r.realm === 'app' && r.path === `/v1/segments/${segment}/membership`).length
const members = (segment: number) =>
  engine.mirror.sqlite.prepare('SELECT count(*) FROM segment_members WHERE ws = (SELECT ws FROM workspaces WHERE id = ?) AND segment_id = ? AND left_at IS NULL').pluck().get(engine.workspaceId, segment) as number

describe('segments pull', () => {
  it('counts instead of re-reading an unchanged big segment, and re-reads it once its count moves', async () => {
    const first = await engine.pull({ only: ['people', 'segments'] })
    expect(first.finished.state, first.finished.message ?? '').toBe('succeeded')
    const paying = members(PAYING)
    expect(paying).toBeGreaterThan(30_000)

    await clearSandboxRequests(sandbox)
    const second = await engine.pull({ only: ['segments'] })
    expect(second.finished.state, second.finished.message ?? '').toBe('succeeded')
    expect(await membershipReads(PAYING)).toBe(0)
    expect((await sandboxRequests(sandbox)).some((r) => r.path === `/v1/segments/${PAYING}/customer_count`)).toBe(true)
    expect(second.run.counts).toMatchObject({ segments: { unchanged: 1, left: 0 } })
    expect(members(PAYING)).toBe(paying)
    // the small segments are still read member by member (one page each)
    expect(await membershipReads(1)).toBe(1)

    // Someone joins: the count moves and the segment is read in full again.
    const free = engine.mirror.sqlite.prepare("SELECT id FROM people WHERE ws = (SELECT ws FROM workspaces WHERE id = ?) AND json_extract(attributes, '$.plan') = 'free' LIMIT 1").pluck().get(engine.workspaceId) as string
    const track = new TrackClient(sandbox.siteId, sandbox.trackApiKey, { url: `${sandbox.url}/api/v1` })
    await track.identify(free, { plan: 'pro' })
    await clearSandboxRequests(sandbox)
    const third = await engine.pull({ only: ['segments'] })
    expect(third.finished.state, third.finished.message ?? '').toBe('succeeded')
    expect(await membershipReads(PAYING)).toBeGreaterThan(0)
    expect(members(PAYING)).toBe(paying + 1)

    // --full reads every segment again whatever its count
    await clearSandboxRequests(sandbox)
    await engine.pull({ only: ['segments'], full: true })
    expect(await membershipReads(PAYING)).toBeGreaterThan(0)
  }, 180_000)
})
