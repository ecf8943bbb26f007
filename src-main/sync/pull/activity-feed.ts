// Reading the workspace activity feed (App API "List activities") since the last pull: which people
// were created, changed, merged, deleted or had a device change, and which attribute names the
// changes carried. The feed is newest first and keeps about 30 days, so each activity type is read
// page by page until the newest activity the last pull saw of that type (its marker). A marker that
// cannot be found any more means the feed no longer reaches back to the last pull: the caller then
// falls back to an export (docs/pulls.md).
//
// One query per type rather than one unfiltered scan: a real workspace's feed is dominated by
// events and message activity, which say nothing about profiles.

import type { ActivityInfo, ActivityQuery, PageOf } from '../../cio/app-reads'
import type { FeedPosition } from '../../db/schema-mirror'

/** The types that change a profile, and how to ask for each. */
export const PROFILE_FEEDS: readonly { type: string; deleted?: boolean }[] = [
  { type: 'profile_create' },
  { type: 'attribute_change' },
  { type: 'device_change' },
  { type: 'profile_merge' },
  // a deleted person's activities are listed only when deleted people are asked for
  { type: 'profile_delete', deleted: true },
]

/** The feed is guaranteed for 30 days; a day of margin for clocks and slow pulls. */
export const FEED_WINDOW_MS = 29 * 86_400_000
/** Activities this close before the last read may not have been visible then (clock skew, lag). */
const SKEW_MS = 5 * 60_000
const PAGE = 100

export type FeedRead = (query: ActivityQuery) => Promise<PageOf<ActivityInfo>>

export interface FeedChanges {
  /** people to read again (created, changed, merged into, device changes) */
  changed: Set<string>
  /** people gone: deleted, suppressed, or merged into someone else */
  gone: Set<string>
  /** attribute names that appeared in attribute changes */
  names: Set<string>
  /** the position to store once these changes are in the mirror */
  position: FeedPosition
  pages: number
}

export type FeedOutcome = { ok: true; changes: FeedChanges } | { ok: false; reason: string; partial: FeedChanges }

export interface FeedLimits {
  /** more feed pages than this and an export is cheaper */
  maxPages: number
  /** more distinct people than this and an export is cheaper */
  maxPeople: number
}

function emptyChanges(at: number): FeedChanges {
  return { changed: new Set(), gone: new Set(), names: new Set(), position: { at, markers: {} }, pages: 0 }
}

/** The newest activity of each profile type, read before an export or a search pull starts. */
export async function readFeedHead(read: FeedRead, now: number, signal?: AbortSignal): Promise<FeedPosition> {
  const position: FeedPosition = { at: now, markers: {} }
  for (const feed of PROFILE_FEEDS) {
    signal?.throwIfAborted()
    const page = await read({ type: feed.type, ...(feed.deleted ? { deleted: true } : {}), limit: 1 })
    const newest = page.items[0]
    position.markers[feed.type] = newest ? { id: newest.id, timestamp: newest.timestamp } : null
  }
  return position
}

/** Where the activity names a person: its cio_id. */
function cioIdOf(a: ActivityInfo): string | null {
  const id = a.customer_identifiers?.cio_id
  return typeof id === 'string' && id !== '' ? id : null
}

function collect(a: ActivityInfo, into: FeedChanges): void {
  const cioId = cioIdOf(a)
  if (a.type === 'profile_delete') {
    if (cioId) into.gone.add(cioId)
    return
  }
  if (cioId) into.changed.add(cioId)
  const data = a.data && typeof a.data === 'object' ? a.data : {}
  if (a.type === 'attribute_change') for (const name of Object.keys(data)) into.names.add(name)
  if (a.type === 'profile_merge') {
    const secondary = (data as { secondary?: { cio_id?: unknown } }).secondary
    if (secondary && typeof secondary.cio_id === 'string' && secondary.cio_id !== '') into.gone.add(secondary.cio_id)
  }
}

/**
 * Reads every profile activity since `since`. Answers the changes, or why the feed cannot be
 * trusted (with what was read anyway: its names and people are still worth having).
 */
export async function readFeedSince(read: FeedRead, since: FeedPosition, now: number, limits: FeedLimits, signal?: AbortSignal): Promise<FeedOutcome> {
  const changes = emptyChanges(now)
  const fail = (reason: string): FeedOutcome => ({ ok: false, reason, partial: changes })
  const age = now - since.at
  let gap: string | null = null
  if (age > FEED_WINDOW_MS) return fail(`the mirror was last pulled ${Math.floor(age / 86_400_000)} days ago, too close to the 30 days the activity feed is kept`)
  for (const feed of PROFILE_FEEDS) {
    const marker = since.markers[feed.type]
    let start: string | undefined
    let newest: ActivityInfo | undefined
    let reached = false
    scan: for (;;) {
      signal?.throwIfAborted()
      if (changes.pages >= limits.maxPages) return fail(`more than ${limits.maxPages * PAGE} profile activities since the last pull; an export is cheaper`)
      const page = await read({ type: feed.type, ...(feed.deleted ? { deleted: true } : {}), limit: PAGE, ...(start ? { start } : {}) })
      changes.pages++
      for (const a of page.items) {
        newest ??= a
        if (marker) {
          if (a.id === marker.id) {
            reached = true
            break scan
          }
          // Past the marker's time without meeting it: it has left the feed, and so may others.
          if (a.timestamp < marker.timestamp) break scan
        } else if (a.timestamp * 1000 < since.at - SKEW_MS) {
          reached = true // older than the last read: the last pull had this one already
          break scan
        }
        collect(a, changes)
      }
      if (!page.next || page.items.length === 0) {
        // The end of the feed: complete unless the marker should have been in it.
        reached = !marker
        break
      }
      start = page.next
    }
    // The other types are still read: what they name (people, attribute names) helps the export.
    if (!reached) gap ??= `the activity feed no longer reaches back to the last pull (its ${feed.type} entries from then are gone)`
    changes.position.markers[feed.type] = newest ? { id: newest.id, timestamp: newest.timestamp } : (marker ?? null)
    if (changes.changed.size + changes.gone.size > limits.maxPeople) return fail(`more than ${limits.maxPeople} people changed since the last pull; an export is cheaper`)
  }
  return gap ? fail(gap) : { ok: true, changes }
}
