// Segments and their membership, snapshotted per pull (schema: segment_members). Every member a
// pull sees is stamped with its pull_id; new members (and members who come back) get joined_at =
// the pull's start; members the pull did not see get left_at and are kept, so "who joined or left
// since the last pull" is a query on joined_at / left_at. A segment's first read is a baseline
// (segments.baseline_at = that pull's start): its members are counted as such, not as joins.

import type { SegmentInfo } from '../../cio/app-reads'
import { SegmentsRepo, type StoredSegmentState } from '../../db/segments-repo'
import type { PullEnv } from './pull-state'
import { secondsToMs } from '../../base/unix-time'

/** The App API's maximum page (docs/customerio-api.md §4.7): fewer requests under the 10 req/s budget. */
const MEMBERSHIP_PAGE = 30_000
/**
 * A segment of at least one membership page whose updated_at and member count did not change is
 * not read member by member again (one count request instead of many pages), for at most this
 * long: a count can stay the same while members swap, so it is read in full again after it.
 */
const UNCHANGED_SKIP_MS = 24 * 3_600_000


export async function pullSegments(env: PullEnv): Promise<void> {
  const counts = env.state.counts.segments
  const segments = (await env.reads.listSegments()).sort((a, b) => a.id - b.id)
  const repo = new SegmentsRepo(env.sqlite)
  const before = repo.storedStates(env.workspaceId, segments.map((s) => s.id))
  saveSegmentList(env, repo, segments)
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
      keepSnapshot(env, repo, segment.id, segments[index + 1]?.id ?? null)
      continue
    }
    await pullMembers(env, repo, segment.id, cursor)
    closeSnapshot(env, repo, segment.id, segments[index + 1]?.id ?? null)
  }
  env.progress('segments', segments.length, segments.length)
}

/** A big segment whose definition time and member count are as last read, read in full recently. */
async function unchanged(env: PullEnv, segment: SegmentInfo, stored: StoredSegmentState | undefined): Promise<boolean> {
  if (env.state.full || !stored || stored.member_count === null || stored.members_read_at === null) return false
  if (stored.member_count < MEMBERSHIP_PAGE) return false // one page costs what the count costs, and is exact
  if (env.now() - stored.members_read_at > UNCHANGED_SKIP_MS) return false
  if (stored.updated_at !== secondsToMs(segment.updated_at)) return false
  return (await env.reads.segmentCustomerCount(segment.id)) === stored.member_count
}

/** An unchanged segment keeps its members as they are; only the counts and the checkpoint move. */
function keepSnapshot(env: PullEnv, repo: SegmentsRepo, segmentId: number, nextSegmentId: number | null): void {
  env.sqlite.transaction(() => {
    const members = repo.currentMembers(env.workspaceId, segmentId)
    env.state.counts.segments.members += members
    env.state.counts.segments.unchanged = (env.state.counts.segments.unchanged ?? 0) + 1
    env.state.segments = nextSegmentId === null ? { segmentId: Number.MAX_SAFE_INTEGER, cursor: null } : { segmentId: nextSegmentId, cursor: null }
    env.save()
  })()
}

/** Upserts the segment rows and drops segments that no longer exist (their members cascade). */
function saveSegmentList(env: PullEnv, repo: SegmentsRepo, segments: SegmentInfo[]): void {
  const rows = segments.map((s) => ({
    id: s.id,
    name: s.name,
    description: s.description ?? null,
    type: s.type === 'manual' || s.type === 'dynamic' ? s.type : null,
    state: s.state ?? null,
    tags: s.tags ?? null,
    createdAt: secondsToMs(s.created_at),
    updatedAt: secondsToMs(s.updated_at),
  }))
  env.state.counts.segments.removed += repo.saveList(env.workspaceId, rows, env.now())
}

/** Member counts are taken when the snapshot closes, so a page read twice (resume) counts once. */
async function pullMembers(env: PullEnv, repo: SegmentsRepo, segmentId: number, startCursor: string | null): Promise<void> {
  const applyPage = env.sqlite.transaction((cioIds: string[], next: string | null) => {
    repo.stampMembers(env.workspaceId, segmentId, cioIds, env.state.startedAt, env.runId)
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
function closeSnapshot(env: PullEnv, repo: SegmentsRepo, segmentId: number, nextSegmentId: number | null): void {
  const counts = env.state.counts.segments
  env.sqlite.transaction(() => {
    const { first, left, members, joined } = repo.closeSnapshot(env.workspaceId, segmentId, { startedAt: env.state.startedAt, id: env.runId, now: env.now() })
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
