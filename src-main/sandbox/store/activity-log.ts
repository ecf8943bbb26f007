// The workspace activity log behind `GET /v1/activities` and `/v1/customers/:id/activities`: one row per
// change to a person (profile_create, attribute_change, profile_delete, profile_merge, device_change)
// and per event/page/screen. PeopleStore and ActivityStore write through here so every API surface
// (Track v1/v2, Pipelines, App) is recorded the same way.
//
// Columns beyond the event itself, and why:
//   logged_at  wall-clock ms when the row was written. The retention window filters on it, never on
//              `timestamp`, which clients may backdate (v2 `timestamp`, Pipelines `timestamp`).
//   snap_id/snap_email  the person's identifiers, written at log time and refreshed when the person is
//              deleted, so a deleted person's activities still say who they were.
//   gone       1 once the person is deleted/suppressed. pk values can be reused by SQLite after the
//              highest-pk person is deleted, so "does people.pk exist" cannot tell a deleted person's
//              rows from a newcomer's; the flag can.
// Rows are never deleted: `seq` is the public activity id and must never be handed out twice.

import { Conditions } from './conditions'
import type { DB } from './db'

export interface ActivityRow {
  seq: number
  pk: number | null
  anonymous_id: string | null
  event_id: string | null
  type: string
  name: string | null
  data: string
  timestamp: number
  logged_at: number
  snap_id: string | null
  snap_email: string | null
  gone: number
}

export interface ActivityEntry {
  pk: number | null
  anonymousId?: string | null
  eventId?: string | null
  type: string
  name?: string | null
  data: unknown
  /**
   * Unix seconds shown to clients. Events keep their own; changes to people default to the time they
   * were applied (a client's `_timestamp`/v2 `timestamp` only orders updates), so the timestamps of
   * profile activities never go backwards along the feed, which readers use to tell where they stopped.
   */
  timestamp?: number
}

/** Whose activities: a live person by pk, or a deleted one by the identifiers they had. */
export type ActivityOwner = { pk: number } | { snapId: string } | { snapEmail: string }

export interface ActivityQuery {
  /** Keyset position: only rows with a smaller seq. */
  before?: number
  limit: number
  type?: string
  name?: string
  /** true: only rows of people who no longer exist; false: live people and anonymous rows. */
  deleted: boolean
  owner?: ActivityOwner
}

export const DEFAULT_ACTIVITY_WINDOW_SECONDS = 30 * 86400

export class ActivityLog {
  private readonly insert
  private readonly identifiersOf
  private readonly firstInWindow
  private windowMs: number

  constructor(
    private readonly db: DB,
    windowSeconds: number = DEFAULT_ACTIVITY_WINDOW_SECONDS,
  ) {
    this.windowMs = checkedWindow(windowSeconds) * 1000
    this.insert = db.prepare(
      'INSERT INTO activities (pk, anonymous_id, event_id, type, name, data, timestamp, logged_at, snap_id, snap_email) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    )
    this.identifiersOf = db.prepare('SELECT id, email FROM people WHERE pk = ?')
    this.firstInWindow = db.prepare('SELECT seq FROM activities WHERE logged_at > ? ORDER BY logged_at, seq LIMIT 1').pluck()
  }

  get windowSeconds(): number {
    return this.windowMs / 1000
  }

  set windowSeconds(seconds: number) {
    this.windowMs = checkedWindow(seconds) * 1000
  }

  write(e: ActivityEntry): void {
    const who = e.pk === null ? undefined : (this.identifiersOf.get(e.pk) as { id: string | null; email: string | null } | undefined)
    const loggedAt = Date.now()
    this.insert.run(e.pk, e.anonymousId ?? null, e.eventId ?? null, e.type, e.name ?? null, JSON.stringify(e.data ?? {}), e.timestamp ?? Math.floor(loggedAt / 1000), loggedAt, who?.id ?? null, who?.email ?? null)
  }

  /** A merge moves the secondary's live rows to the primary; their snapshot follows the new owner. */
  reassign(fromPk: number, toPk: number): void {
    const to = this.identifiersOf.get(toPk) as { id: string | null; email: string | null } | undefined
    this.db.prepare('UPDATE activities SET pk = ?, snap_id = ?, snap_email = ? WHERE pk = ? AND gone = 0').run(toPk, to?.id ?? null, to?.email ?? null, fromPk)
  }

  /** Anonymous rows with this anonymous_id now belong to the person (docs/customerio-api.md §3.4). */
  claimAnonymous(pk: number, anonymousId: string): void {
    const who = this.identifiersOf.get(pk) as { id: string | null; email: string | null } | undefined
    this.db.prepare('UPDATE activities SET pk = ?, snap_id = ?, snap_email = ? WHERE anonymous_id = ? AND pk IS NULL').run(pk, who?.id ?? null, who?.email ?? null, anonymousId)
  }

  /**
   * The person is about to disappear: their rows leave the live feed and all carry the identifiers the
   * person had at the end (the same ones the live feed showed for them a moment before).
   */
  retire(pk: number, identifiers: { id: string | null; email: string | null }): void {
    this.db.prepare('UPDATE activities SET gone = 1, snap_id = ?, snap_email = ? WHERE pk = ? AND gone = 0').run(identifiers.id, identifiers.email, pk)
  }

  /**
   * One page, newest first (seq DESC), within the window. logged_at grows with seq, so the window is
   * also turned into a seq floor found through the logged_at index; the logged_at term stays as well,
   * in case the wall clock ever stepped back.
   */
  query(q: ActivityQuery): ActivityRow[] {
    const cutoff = Date.now() - this.windowMs
    const floor = this.firstInWindow.get(cutoff) as number | undefined
    if (floor === undefined) return []
    // `gone` is written as a literal so the partial index on deleted rows can be chosen.
    const c = new Conditions()
      .add(q.deleted ? 'gone = 1' : 'gone = 0')
      .add('seq >= ?', floor)
      .add('logged_at > ?', cutoff)
      .when(q.before !== undefined, 'seq < ?', q.before)
      .when(!!q.type, 'type = ?', q.type)
      .when(!!q.name, 'name = ?', q.name)
    const owner = q.owner
    if (owner && 'pk' in owner) c.add('pk = ?', owner.pk)
    else if (owner && 'snapId' in owner) c.add('snap_id = ?', owner.snapId)
    else if (owner) c.add('lower(snap_email) = ?', owner.snapEmail.toLowerCase())
    return this.db.prepare(`SELECT * FROM activities ${c.sql()} ORDER BY seq DESC LIMIT ?`).all(...c.params, q.limit) as ActivityRow[]
  }
}

function checkedWindow(seconds: number): number {
  if (!Number.isFinite(seconds) || seconds < 0) throw new RangeError(`activity window must be a number of seconds >= 0, not ${seconds}`)
  return seconds
}

/** The public id of an activity: stable across merges (unlike anything derived from pk) and never reused. */
export function activityId(seq: number): string {
  return `a${seq}`
}
