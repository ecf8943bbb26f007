// The incremental people pull: the activity feed since the last pull names the people created,
// changed, merged, deleted or with device changes; exactly those are read in full through bulk
// attributes (100 per request) and merged with the pull's three-way rule. No export is created.
// It is not checkpointed inside: a run cut off re-reads the feed from the stored position, and
// applying the same people again converges to the same mirror.

import { AppError } from '../../contract/result'
import type { FeedPosition } from '../../db/schema-mirror'
import { readFeedHead, readFeedSince, type FeedChanges, type FeedLimits } from './activity-feed'
import { refreshPeople } from './people-refresh'
import type { PeopleSyncStateRepo } from '../../db/people-sync-state-repo'
import type { PullEnv } from './pull-state'

/** Feed pages beyond which an export is cheaper (each page is one request of 100 activities). */
const MAX_FEED_PAGES = 300
/** Changed people beyond which an export is cheaper: this share of the mirror, and at least 1,000. */
const MAX_CHANGED_SHARE = 0.05
const MIN_MAX_CHANGED = 1000

export function feedLimits(mirrorPeople: number): FeedLimits {
  return { maxPages: MAX_FEED_PAGES, maxPeople: Math.max(MIN_MAX_CHANGED, Math.ceil(mirrorPeople * MAX_CHANGED_SHARE)) }
}

export type IncrementalOutcome = { ok: true } | { ok: false; reason: string; partial: FeedChanges | null }

/**
 * A feed the API refuses to serve (not found, a request it does not accept) is a reason to export.
 * A failure that would fail the export too (network down, a refused key, rate limits, 5xx after
 * the retries) fails the pull instead, as it always did: an export would only cost more to fail.
 */
export function feedUnreadable(err: unknown, signal: AbortSignal): string | null {
  if (signal.aborted || !(err instanceof AppError) || err.retryable || err.code === 'NETWORK' || err.code === 'AUTH' || err.code === 'RATE_LIMITED') return null
  return `the activity feed could not be read (${err.message})`
}

/** The feed's head before an export or a search pull; null (and the next pull exports) when unreadable. */
export async function feedHeadOrNull(env: PullEnv): Promise<FeedPosition | null> {
  try {
    return await readFeedHead((q) => env.reads.listActivities(q), env.now(), env.signal)
  } catch (err) {
    if (feedUnreadable(err, env.signal) === null) throw err
    return null
  }
}

export async function tryIncrementalPull(env: PullEnv, since: FeedPosition, repo: PeopleSyncStateRepo, mirrorPeople: number): Promise<IncrementalOutcome> {
  const counts = env.state.counts.people
  env.progress('people: activity feed', 0, null)
  let outcome
  try {
    outcome = await readFeedSince((q) => env.reads.listActivities(q), since, env.now(), feedLimits(mirrorPeople), env.signal)
  } catch (err) {
    const reason = feedUnreadable(err, env.signal)
    if (reason === null) throw err
    return { ok: false, reason, partial: null }
  }
  const path = (env.state.counts.peoplePull = { mode: 'incremental', reason: null, feedPages: 0, peopleRead: 0 })
  if (!outcome.ok) {
    path.feedPages = outcome.partial.pages
    return { ok: false, reason: outcome.reason, partial: outcome.partial }
  }
  const { changes } = outcome
  path.feedPages = changes.pages
  // The gone are read too: a bulk read that finds nobody is the proof, and someone deleted and
  // then identified again under the same cio_id (a merge's primary, say) is still there.
  const ids = [...new Set([...changes.changed, ...changes.gone])]
  const result = await refreshPeople(env, ids, counts, { phase: 'people', afterChunk: () => env.save() })
  path.peopleRead = ids.length - result.missing.length
  env.sqlite.transaction(() => {
    repo.addAttributeNames(env.workspaceId, changes.names, 'feed')
    repo.addAttributeNames(env.workspaceId, result.names, 'bulk')
    repo.recordPull(env.workspaceId, { mode: 'incremental', reason: null, feedPosition: changes.position, at: env.now() })
    env.save()
  })()
  return { ok: true }
}
