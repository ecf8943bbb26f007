import { describe, expect, it } from 'vitest'
import type { ActivityInfo, ActivityQuery, PageOf } from '../../../src-main/cio/app-reads'
import { FEED_WINDOW_MS, PROFILE_FEEDS, readFeedHead, readFeedSince, type FeedRead } from '../../../src-main/sync/pull/activity-feed'
import type { FeedPosition } from '../../../src-main/db/schema-mirror'

// The feed scan is pure given a reader: a fake feed (newest first, keyset pages) stands in for the
// App API here; the sandbox's real feed is exercised by test/integration/pull/incremental.test.ts.

const NOW = 1_800_000_000_000
const sec = (ms: number) => Math.floor(ms / 1000)

class FakeFeed {
  readonly calls: ActivityQuery[] = []
  private seq = 0
  /** oldest first, as appended */
  readonly all: (ActivityInfo & { deleted?: boolean })[] = []

  add(type: string, cioId: string, atMs: number, data: Record<string, unknown> = {}, deleted = false): ActivityInfo {
    const a = { id: `a${++this.seq}`, type, timestamp: sec(atMs), customer_identifiers: { id: null, email: null, cio_id: cioId }, data, deleted }
    this.all.push(a)
    return a
  }

  /** drops everything older than `ms` (the window moving on) */
  prune(beforeMs: number): void {
    for (let i = this.all.length - 1; i >= 0; i--) if (this.all[i].timestamp * 1000 < beforeMs) this.all.splice(i, 1)
  }

  read: FeedRead = async (q) => {
    this.calls.push(q)
    const matching = this.all.filter((a) => a.type === q.type && !!a.deleted === !!q.deleted).reverse()
    const from = q.start ? Number(q.start) : 0
    const limit = q.limit ?? 10
    const items = matching.slice(from, from + limit)
    const page: PageOf<ActivityInfo> = { items, next: from + limit < matching.length ? String(from + limit) : null }
    return page
  }
}

const limits = { maxPages: 50, maxPeople: 1000 }

async function positionAt(feed: FakeFeed, at: number): Promise<FeedPosition> {
  return readFeedHead(feed.read, at)
}

describe('readFeedSince', () => {
  it('collects created, changed, device, merged and deleted people and the changed attribute names', async () => {
    const feed = new FakeFeed()
    feed.add('attribute_change', 'old1', NOW - 3_600_000, { plan: { from: 'a', to: 'b' } })
    const since = await positionAt(feed, NOW - 3_000_000)
    feed.add('profile_create', 'new1', NOW - 60_000)
    feed.add('attribute_change', 'new1', NOW - 60_000, { bars_mark: { from: '', to: 'x' } })
    feed.add('attribute_change', 'chg1', NOW - 50_000, { plan: { from: 'free', to: 'pro' }, loyalty: { from: '', to: 'gold' } })
    feed.add('device_change', 'dev1', NOW - 40_000, { token: 't', action: 'add' })
    feed.add('profile_merge', 'prim', NOW - 30_000, { secondary: { id: 's', email: null, cio_id: 'sec' } })
    feed.add('profile_delete', 'del1', NOW - 20_000, {}, true)
    const out = await readFeedSince(feed.read, since, NOW, limits)
    expect(out.ok).toBe(true)
    if (!out.ok) return
    expect([...out.changes.changed].sort()).toEqual(['chg1', 'dev1', 'new1', 'prim'])
    expect([...out.changes.gone].sort()).toEqual(['del1', 'sec'])
    expect([...out.changes.names].sort()).toEqual(['bars_mark', 'loyalty', 'plan'])
    // the old change (the marker itself) is not collected again
    expect(out.changes.changed.has('old1')).toBe(false)
    expect(out.changes.position.markers.attribute_change?.id).toBe(feed.all.find((a) => a.customer_identifiers?.cio_id === 'chg1')!.id)
    // deleted people's activities are asked for with deleted=true
    expect(feed.calls.filter((c) => c.type === 'profile_delete').every((c) => c.deleted === true)).toBe(true)
  })

  it('pages until it meets the marker, and keeps a type\'s marker when nothing new came', async () => {
    const feed = new FakeFeed()
    feed.add('attribute_change', 'm', NOW - 7_200_000)
    const since = await positionAt(feed, NOW - 7_000_000)
    for (let i = 0; i < 250; i++) feed.add('attribute_change', `p${i}`, NOW - 100_000 + i)
    feed.calls.length = 0
    const out = await readFeedSince(feed.read, since, NOW, limits)
    expect(out.ok && out.changes.changed.size).toBe(250)
    expect(feed.calls.filter((c) => c.type === 'attribute_change')).toHaveLength(3)
    if (out.ok) expect(out.changes.position.markers.profile_merge).toEqual(since.markers.profile_merge)
  })

  it('reads only activities newer than the last read when a type had no marker', async () => {
    const feed = new FakeFeed()
    const since = await positionAt(feed, NOW - 3_600_000)
    feed.add('profile_create', 'older', NOW - 4 * 3_600_000) // before the last read (e.g. a backdated entry)
    feed.add('profile_create', 'newer', NOW - 60_000)
    const out = await readFeedSince(feed.read, since, NOW, limits)
    expect(out.ok && [...out.changes.changed]).toEqual(['newer'])
  })

  it('refuses when the marker has left the feed, and hands back what it read', async () => {
    const feed = new FakeFeed()
    feed.add('profile_create', 'm', NOW - 7_200_000)
    const since = await positionAt(feed, NOW - 7_000_000)
    feed.add('attribute_change', 'x', NOW - 60_000, { tier: { from: '', to: 'a' } })
    feed.prune(NOW - 3_600_000)
    const out = await readFeedSince(feed.read, since, NOW, limits)
    expect(out.ok).toBe(false)
    if (out.ok) return
    expect(out.reason).toMatch(/no longer reaches back.*profile_create/)
    // the types after the gap are still read: their people and names help the export
    expect([...out.partial.names]).toEqual(['tier'])
    expect([...out.partial.changed]).toEqual(['x'])
  })

  it('refuses a mirror older than the feed keeps, before any request', async () => {
    const feed = new FakeFeed()
    const since = await positionAt(feed, NOW - FEED_WINDOW_MS - 1)
    feed.calls.length = 0
    const out = await readFeedSince(feed.read, since, NOW, limits)
    expect(out).toMatchObject({ ok: false })
    if (!out.ok) expect(out.reason).toMatch(/last pulled 29 days ago/)
    expect(feed.calls).toHaveLength(0)
  })

  it('refuses when the changes cost more than an export', async () => {
    const feed = new FakeFeed()
    const since = await positionAt(feed, NOW - 3_600_000)
    for (let i = 0; i < 30; i++) feed.add('attribute_change', `p${i}`, NOW - 1000)
    const few = await readFeedSince(feed.read, since, NOW, { maxPages: 50, maxPeople: 10 })
    expect(few.ok).toBe(false)
    if (!few.ok) expect(few.reason).toMatch(/more than 10 people changed/)
    for (let i = 0; i < 300; i++) feed.add('attribute_change', `q${i}`, NOW - 500)
    const pages = await readFeedSince(feed.read, since, NOW, { maxPages: 2, maxPeople: 10_000 })
    if (!pages.ok) expect(pages.reason).toMatch(/more than 200 profile activities/)
    expect(pages.ok).toBe(false)
  })

  it('readFeedHead asks each profile type once with limit 1', async () => {
    const feed = new FakeFeed()
    const a = feed.add('device_change', 'd', NOW - 1000)
    const head = await readFeedHead(feed.read, NOW)
    expect(feed.calls).toHaveLength(PROFILE_FEEDS.length)
    expect(feed.calls.every((c) => c.limit === 1)).toBe(true)
    expect(head.markers.device_change).toEqual({ id: a.id, timestamp: a.timestamp })
    expect(head.markers.profile_create).toBeNull()
  })
})
