// Segments and their membership, snapshotted per pull (schema: segment_members). Every member a
// pull sees is stamped with its pull_id; new members (and members who come back) get joined_at =
// the pull's start; members the pull did not see get left_at and are kept, so "who joined or left
// since the last pull" is a query on joined_at / left_at. A segment's first read is a baseline
// (segments.baseline_at = that pull's start): its members are counted as such, not as joins.

import type { SegmentInfo } from '../../cio/app-reads'
import type { PullEnv } from './pull-state'

/** The App API's maximum page (§4.7): fewer requests under the 10 req/s budget. */
const MEMBERSHIP_PAGE = 30_000
/**
 * A segment of at least one membership page whose updated_at and member count did not change is
 * not read member by member again (one count request instead of many pages), for at most this
 * long: a count can stay the same while members swap, so it is read in full again after it.
 */
const UNCHANGED_SKIP_MS = 24 * 3_600_000

interface StoredSegment {
  updated_at: number | null
  member_count: number | null
  members_read_at: number | null
}

const secondsToMs = (s: number | undefined | null) => (typeof s === 'number' ? s * 1000 : null)

export async function pullSegments(env: PullEnv): Promise<void> {
  const counts = env.state.counts.segments
  const segments = (await env.reads.listSegments()).sort((a, b) => a.id - b.id)
  const before = new Map<number, StoredSegment>()
  const read = env.sqlite.prepare('SELECT updated_at, member_count, members_read_at FROM segments WHERE workspace_id = ? AND id = ?')
  for (const s of segments) {
    const row = read.get(env.workspaceId, s.id) as StoredSegment | undefined
    if (row) before.set(s.id, row)
  }
  saveSegmentList(env, segments)
  counts.segments = segments.length

  // Resume: continue with the segment (and page) the checkpoint names; earlier ones are done.
  const resumeAt = env.state.segments
  let index = resumeAt ? segments.findIndex((s) => s.id >= resumeAt.segmentId) : 0
  if (index < 0) index = segments.length
  for (; index < segments.length; index++) {
    const segment = segments[index]
    const cursor = resumeAt && resumeAt.segmentId === segment.id ? resumeAt.cursor : null
    env.progress('segments', index, segments.length)
    // A resumed pull re-reads: its earlier run may already have stored the new updated_at.
    if (!resumeAt && (await unchanged(env, segment, before.get(segment.id)))) {
      keepSnapshot(env, segment.id, segments[index + 1]?.id ?? null)
      continue
    }
    await pullMembers(env, segment.id, cursor)
    closeSnapshot(env, segment.id, segments[index + 1]?.id ?? null)
  }
  env.progress('segments', segments.length, segments.length)
}

/** A big segment whose definition time and member count are as last read, read in full recently. */
async function unchanged(env: PullEnv, segment: SegmentInfo, stored: StoredSegment | undefined): Promise<boolean> {
  if (env.state.full || !stored || stored.member_count === null || stored.members_read_at === null) return false
  if (stored.member_count < MEMBERSHIP_PAGE) return false // one page costs what the count costs, and is exact
  if (env.now() - stored.members_read_at > UNCHANGED_SKIP_MS) return false
  if (stored.updated_at !== secondsToMs(segment.updated_at)) return false
  return (await env.reads.segmentCustomerCount(segment.id)) === stored.member_count
}

/** An unchanged segment keeps its members as they are; only the counts and the checkpoint move. */
function keepSnapshot(env: PullEnv, segmentId: number, nextSegmentId: number | null): void {
  env.sqlite.transaction(() => {
    const members = env.sqlite.prepare('SELECT count(*) FROM segment_members WHERE workspace_id = ? AND segment_id = ? AND left_at IS NULL').pluck().get(env.workspaceId, segmentId) as number
    env.state.counts.segments.members += members
    env.state.counts.segments.unchanged = (env.state.counts.segments.unchanged ?? 0) + 1
    env.state.segments = nextSegmentId === null ? { segmentId: Number.MAX_SAFE_INTEGER, cursor: null } : { segmentId: nextSegmentId, cursor: null }
    env.save()
  })()
}

/** Upserts the segment rows and drops segments that no longer exist (their members cascade). */
function saveSegmentList(env: PullEnv, segments: SegmentInfo[]): void {
  const upsert = env.sqlite.prepare(
    `INSERT INTO segments (workspace_id, id, name, description, type, state, tags, created_at, updated_at, pulled_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (workspace_id, id) DO UPDATE SET name = excluded.name, description = excluded.description, type = excluded.type, state = excluded.state,
       tags = excluded.tags, created_at = excluded.created_at, updated_at = excluded.updated_at, pulled_at = excluded.pulled_at`,
  )
  const now = env.now()
  env.sqlite.transaction(() => {
    for (const s of segments) {
      const type = s.type === 'manual' || s.type === 'dynamic' ? s.type : null
      upsert.run(env.workspaceId, s.id, s.name, s.description ?? null, type, s.state ?? null, s.tags ? JSON.stringify(s.tags) : null, secondsToMs(s.created_at), secondsToMs(s.updated_at), now)
    }
    const ids = new Set(segments.map((s) => s.id))
    const stored = env.sqlite.prepare('SELECT id FROM segments WHERE workspace_id = ?').pluck().all(env.workspaceId) as number[]
    const remove = env.sqlite.prepare('DELETE FROM segments WHERE workspace_id = ? AND id = ?')
    for (const id of stored) {
      if (ids.has(id)) continue
      remove.run(env.workspaceId, id)
      env.state.counts.segments.removed++
    }
  })()
}

/** Member counts are taken when the snapshot closes, so a page read twice (resume) counts once. */
async function pullMembers(env: PullEnv, segmentId: number, startCursor: string | null): Promise<void> {
  // joined_at is reset only for new members and members who had left: a member who stays keeps it.
  const stamp = env.sqlite.prepare(
    `INSERT INTO segment_members (workspace_id, segment_id, cio_id, joined_at, pull_id, left_at) VALUES (?, ?, ?, ?, ?, NULL)
     ON CONFLICT (workspace_id, segment_id, cio_id) DO UPDATE SET pull_id = excluded.pull_id,
       joined_at = CASE WHEN segment_members.left_at IS NULL THEN segment_members.joined_at ELSE excluded.joined_at END, left_at = NULL`,
  )
  const applyPage = env.sqlite.transaction((cioIds: string[], next: string | null) => {
    for (const cioId of cioIds) stamp.run(env.workspaceId, segmentId, cioId, env.state.startedAt, env.runId)
    env.state.segments = { segmentId, cursor: next }
    env.save()
  })
  let cursor = startCursor
  for (;;) {
    const page = await env.reads.segmentMembership(segmentId, { start: cursor ?? undefined, limit: MEMBERSHIP_PAGE })
    const next = page.items.length > 0 ? page.next : null
    applyPage(page.items.map((i) => i.cio_id).filter(Boolean), next)
    if (!next) return
    cursor = next
  }
}

/**
 * Members not seen by this pull have left; counts and the checkpoint move to the next segment.
 * The first read of a segment (its members never read before) sets its baseline: everyone counts
 * as a baseline member, nobody as joined.
 */
function closeSnapshot(env: PullEnv, segmentId: number, nextSegmentId: number | null): void {
  const counts = env.state.counts.segments
  env.sqlite.transaction(() => {
    const ws = env.workspaceId
    const first = env.sqlite.prepare('SELECT members_read_at FROM segments WHERE workspace_id = ? AND id = ?').pluck().get(ws, segmentId) == null
    const left = env.sqlite
      .prepare('UPDATE segment_members SET left_at = ? WHERE workspace_id = ? AND segment_id = ? AND left_at IS NULL AND pull_id IS NOT ?')
      .run(env.state.startedAt, ws, segmentId, env.runId).changes
    const members = env.sqlite.prepare('SELECT count(*) FROM segment_members WHERE workspace_id = ? AND segment_id = ? AND left_at IS NULL').pluck().get(ws, segmentId) as number
    const joined = env.sqlite
      .prepare('SELECT count(*) FROM segment_members WHERE workspace_id = ? AND segment_id = ? AND left_at IS NULL AND pull_id = ? AND joined_at = ?')
      .pluck()
      .get(ws, segmentId, env.runId, env.state.startedAt) as number
    env.sqlite
      .prepare('UPDATE segments SET member_count = ?, pulled_at = ?, members_read_at = ?, baseline_at = coalesce(?, baseline_at) WHERE workspace_id = ? AND id = ?')
      .run(members, env.now(), env.now(), first ? env.state.startedAt : null, ws, segmentId)
    counts.members += members
    if (first) {
      counts.baseline = (counts.baseline ?? 0) + members
      counts.firstRead = (counts.firstRead ?? 0) + 1
    }
    else {
      counts.joined += joined
      counts.left += left
    }
    env.state.segments = nextSegmentId === null ? { segmentId: Number.MAX_SAFE_INTEGER, cursor: null } : { segmentId: nextSegmentId, cursor: null }
    env.save()
  })()
}
