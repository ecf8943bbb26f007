// The sandbox's composition: one database, its stores, and the request-independent machinery
// (processing queue, faults, rate limiter). Route modules receive this object; nothing is global.

import type { SandboxKeys } from './auth'
import type { DB } from './store/db'
import { PeopleStore } from './store/people'
import { SegmentStore } from './store/segments'
import { ActivityStore } from './store/activity'
import { ActivityLog } from './store/activity-log'
import { CatalogStore } from './store/catalog'
import { ObjectStore } from './store/objects'
import { ProcessingQueue } from './processing-queue'
import { Faults } from './faults'
import { RateLimiter } from './rate-limits'
import type { FaultConfig, RateLimitConfig } from './config'

export interface Services {
  db: DB
  keys: SandboxKeys
  people: PeopleStore
  segments: SegmentStore
  activity: ActivityStore
  /** The workspace activity log (feed reads, retention window). */
  activityLog: ActivityLog
  catalog: CatalogStore
  objects: ObjectStore
  queue: ProcessingQueue
  faults: Faults
  limiter: RateLimiter
  exportDelayMs: number
  /** Runs `fn` in one SQLite transaction (a v2 batch applies atomically per request). */
  tx<T>(fn: () => T): T
  /** Accepted writes: applied now, or after the configured processing lag. */
  write(apply: () => void): void
  log(message: string): void
}

export function createServices(
  db: DB,
  keys: SandboxKeys,
  opts: { faults?: Partial<FaultConfig>; rateLimits?: Partial<RateLimitConfig>; exportDelayMs?: number; activityWindowSeconds?: number; log?: (m: string) => void },
): Services {
  const segments = new SegmentStore(db)
  const activityLog = new ActivityLog(db, opts.activityWindowSeconds)
  const faults = new Faults(opts.faults)
  const log = opts.log ?? (() => undefined)
  const queue = new ProcessingQueue(() => faults.processingLagMs, (err) => log(`sandbox: deferred write failed: ${String(err)}`))
  const tx = <T>(fn: () => T): T => db.transaction(fn)()
  return {
    db,
    keys,
    segments,
    people: new PeopleStore(db, segments, activityLog),
    activity: new ActivityStore(db, activityLog),
    activityLog,
    catalog: new CatalogStore(db),
    objects: new ObjectStore(db),
    queue,
    faults,
    limiter: new RateLimiter(opts.rateLimits),
    exportDelayMs: opts.exportDelayMs ?? 2000,
    tx,
    write: (apply) => queue.enqueue(() => tx(apply)),
    log,
  }
}
