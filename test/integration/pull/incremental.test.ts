import { join } from 'node:path'
import { IdentifierType, TrackClient } from 'customerio-node'
import { afterAll, describe, expect, it } from 'vitest'
import { startSandbox, type SandboxHandle } from '../../../src-main/sandbox'
import { PeopleSyncStateRepo } from '../../../src-main/db/people-sync-state-repo'
import { openEngine, sandboxState, tempDir, type Engine } from './harness'
import { clearSandboxRequests, expectMirrorEqualsSandbox, sandboxRequests, setActivityWindow } from './mirror-equality'

// Issue 13, "Done when": after a pull of 20,000 people, remote creates (two with an attribute no
// one had), changes (ten gaining a new attribute), deletes, a merge and device changes reach the
// mirror through the activity feed, with no export and a bounded number of App API requests, and
// the mirror then equals the sandbox for everyone; with the feed's window shorter than the
// mirror's age the pull falls back to an export and says why.

interface PeoplePullPath {
  mode: string
  reason: string | null
  feedPages: number
  peopleRead: number
}

const opened: { sandbox: SandboxHandle; engine: Engine }[] = []
afterAll(async () => {
  for (const o of opened) {
    o.engine.close()
    await o.sandbox.close()
  }
})

async function setUp(name: string): Promise<{ sandbox: SandboxHandle; engine: Engine; track: TrackClient }> {
  const sandbox = await startSandbox({ people: 20_000, exportDelayMs: 300 })
  const engine = await openEngine(join(tempDir(name), 'mirror.db'), sandbox)
  opened.push({ sandbox, engine })
  return { sandbox, engine, track: new TrackClient(sandbox.siteId, sandbox.trackApiKey, { url: `${sandbox.url}/api/v1` }) }
}

const sbx = (n: number) => 'sbx-' + String(n).padStart(7, '0')

/** The remote changes of the scenario. Returns how many distinct people they touch. */
async function remoteChanges(track: TrackClient): Promise<{ touched: number; deviceOwners: string[] }> {
  for (let i = 1; i <= 5; i++) {
    await track.identify(`remote-new-${i}`, { email: `remote.new.${i}@example.com`, first_name: `New${i}`, plan: 'basic', ...(i <= 2 ? { bars_mark: `mark-${i}` } : {}) })
  }
  for (let n = 1001; n <= 1050; n++) {
    // 40 change a known attribute; 10 only gain one no one had
    await track.identify(sbx(n), n <= 1040 ? { plan: 'enterprise', city: 'Lisbon' } : { loyalty_tier: 'gold' })
  }
  for (const n of [2001, 2002, 2003]) await track.destroy(sbx(n))
  await track.mergeCustomers(IdentifierType.Id, sbx(3001), IdentifierType.Id, sbx(3002))
  await track.addDevice(sbx(4001), `apns-test-4001`, 'ios', { app_version: '9.9' })
  await track.addDevice(sbx(4002), `fcm-test-4002`, 'android')
  return { touched: 5 + 50 + 3 + 2 + 2, deviceOwners: [sbx(4001), sbx(4002)] }
}

function cioIdsOf(engine: Engine, ids: string[]): string[] {
  return ids.map((id) => engine.mirror.sqlite.prepare('SELECT cio_id FROM people WHERE ws = (SELECT ws FROM workspaces WHERE id = ?) AND id = ?').pluck().get(engine.workspaceId, id) as string)
}

describe('incremental pull through the activity feed', () => {
  it('applies remote creates, changes, deletes, a merge and devices without an export, and the mirror equals the sandbox', async () => {
    const { sandbox, engine, track } = await setUp('incremental')
    const first = await engine.pull()
    expect(first.finished.state, first.finished.message ?? '').toBe('succeeded')
    expect((first.run.counts!.peoplePull as PeoplePullPath).mode).toBe('export')
    expect((first.run.counts!.peoplePull as PeoplePullPath).reason).toBe('the first pull of this workspace')

    const { touched, deviceOwners } = await remoteChanges(track)
    const exportsBefore = (await sandboxState(sandbox)).exports
    await clearSandboxRequests(sandbox)
    const second = await engine.pull({ only: ['people'] })
    expect(second.finished.state, second.finished.message ?? '').toBe('succeeded')

    const path = second.run.counts!.peoplePull as PeoplePullPath
    expect(path).toMatchObject({ mode: 'incremental', reason: null })
    expect((await sandboxState(sandbox)).exports).toBe(exportsBefore)
    const appRequests = (await sandboxRequests(sandbox)).filter((r) => r.realm === 'app')
    expect(appRequests.some((r) => r.path.startsWith('/v1/exports'))).toBe(false)
    expect(appRequests.length).toBeLessThanOrEqual(10 + Math.ceil(touched / 100) * 2)
    expect(second.run.counts!.people).toMatchObject({ created: 5, deleted: 4, conflicts: 0 })
    expect(second.finished.message).toContain('incremental')

    const db = engine.mirror.sqlite
    const attrs = (id: string) => JSON.parse(db.prepare('SELECT attributes FROM people WHERE ws = (SELECT ws FROM workspaces WHERE id = ?) AND id = ?').pluck().get(engine.workspaceId, id) as string) as Record<string, string>
    expect(attrs('remote-new-1').bars_mark).toBe('mark-1')
    expect(attrs(sbx(1045)).loyalty_tier).toBe('gold')
    const names = new PeopleSyncStateRepo(db).get(engine.workspaceId).attributeNames
    expect(names.bars_mark).toEqual(expect.arrayContaining(['feed']))
    expect(names.loyalty_tier).toBeDefined()

    const count = await expectMirrorEqualsSandbox(engine, sandbox, cioIdsOf(engine, deviceOwners))
    expect(count).toBe(20_000 + 5 - 3 - 1)
  }, 180_000)

  it('falls back to an export when the feed no longer reaches back to the last pull, and says why', async () => {
    const { sandbox, engine, track } = await setUp('incremental-window')
    // Something in the feed before the first pull: the position it stores has markers to find.
    await track.identify('before-first-pull', { email: 'before@example.com', plan: 'pro' })
    const first = await engine.pull({ only: ['people'] })
    expect(first.finished.state, first.finished.message ?? '').toBe('succeeded')
    await setActivityWindow(sandbox, 3)
    await new Promise((r) => setTimeout(r, 3500)) // the first pull's markers age out of the feed

    const { deviceOwners } = await remoteChanges(track)
    const exportsBefore = (await sandboxState(sandbox)).exports
    const second = await engine.pull({ only: ['people'] })
    expect(second.finished.state, second.finished.message ?? '').toBe('succeeded')
    const path = second.run.counts!.peoplePull as PeoplePullPath
    expect(path.mode).toBe('export')
    expect(path.reason).toMatch(/activity feed no longer reaches back to the last pull/)
    expect((await sandboxState(sandbox)).exports).toBe(exportsBefore + 1)
    expect(second.finished.message).toContain('export: the activity feed no longer reaches back')
    const state = new PeopleSyncStateRepo(engine.mirror.sqlite).get(engine.workspaceId)
    expect(state).toMatchObject({ lastMode: 'export', lastReason: path.reason })
    // What the feed still had (the new attribute names, the people it named) completes the export.
    await expectMirrorEqualsSandbox(engine, sandbox, cioIdsOf(engine, deviceOwners))
  }, 180_000)
})
