// The deep pull (job kind 'deep-pull', docs/pulls.md): every person of the workspace read in full
// through bulk attributes, so the mirror holds every attribute of everyone whatever its name, which
// an export (only the columns asked for) cannot promise. It pages through customer search (1,000
// people a page) and reads each page's people 100 per request, always at background priority: it
// takes the App API's budget only when the user's own jobs leave it. The checkpoint is the search
// cursor, saved with each page's writes, so a deep pull that is killed or cut off by a shutdown
// continues with the next page, and a new deep pull carries on from one that was stopped (cancelled)
// or failed within the last week.
//
// It does not tombstone: a resumed run has not seen the earlier pages' people, and the pull (feed
// or export) already says who is gone.

import { AppReads } from '../../cio/app-reads'
import { AppError } from '../../contract/result'
import type { JobContext, JobRunner } from '../../jobs/job-service'
import { EVERYONE } from './everyone-filter'
import { jobClients } from './job-clients'
import { refreshPeople } from './people-refresh'
import { PeopleSyncStateRepo } from '../../db/people-sync-state-repo'
import { emptyPeopleCounts, type PeopleCounts } from '../../merge/people-writer'
import type { PullServiceDeps } from './pull-service'
import { SyncRunsRepo } from '../../db/sync-runs-repo'

const SEARCH_PAGE = 1000
/** How long a stopped deep pull's place is kept for the next one to carry on from. */
const CARRY_OVER_MS = 7 * 86_400_000

export interface DeepPullState {
  version: 1
  kind: 'deep'
  /** the search cursor of the next page; null = the first page */
  cursor: string | null
  /** people read so far (all runs of this job) */
  read: number
  startedAt: number
  people: PeopleCounts
  requests: number
  retries: number
  rateLimited: number
}

function restore(checkpoint: unknown): DeepPullState | null {
  const s = checkpoint as Partial<DeepPullState> | null
  if (!s || typeof s !== 'object' || s.version !== 1 || s.kind !== 'deep' || typeof s.read !== 'number') return null
  return { ...(s as DeepPullState), people: { ...emptyPeopleCounts(), ...s.people } }
}

export class DeepPullService {
  private readonly runs: SyncRunsRepo
  private readonly syncState: PeopleSyncStateRepo
  private readonly now: () => number

  constructor(private readonly deps: PullServiceDeps) {
    this.runs = new SyncRunsRepo(deps.mirror.sqlite)
    this.syncState = new PeopleSyncStateRepo(deps.mirror.sqlite)
    this.now = deps.now ?? Date.now
  }

  runner(): JobRunner {
    return (ctx) => this.run(ctx)
  }

  /** The checkpoint of the last deep pull of the workspace when it was stopped or failed (within a week) and none finished since. */
  private stoppedEarlier(workspaceId: string): DeepPullState | null {
    const row = this.deps.mirror.sqlite
      .prepare("SELECT state, checkpoint FROM jobs WHERE kind = 'deep-pull' AND workspace_id = ? AND state IN ('succeeded', 'cancelled', 'failed') AND started_at > ? ORDER BY started_at DESC LIMIT 1")
      .get(workspaceId, this.now() - CARRY_OVER_MS) as { state: string; checkpoint: string | null } | undefined
    if (!row || row.state === 'succeeded' || row.checkpoint === null) return null
    const state = restore(JSON.parse(row.checkpoint) as unknown)
    return state && state.cursor !== null ? state : null
  }

  private async run(ctx: JobContext): Promise<string | null> {
    const sqlite = this.deps.mirror.sqlite
    // always background: the deep pull takes the App API's budget only when other work leaves it
    const { workspaceId, cio } = await jobClients(this.deps, ctx, 'background')
    const reads = new AppReads(cio, ctx.signal)
    const fresh = (): DeepPullState => ({ version: 1, kind: 'deep', cursor: null, read: 0, startedAt: this.now(), people: emptyPeopleCounts(), requests: 0, retries: 0, rateLimited: 0 })
    // A new deep pull carries on where a stopped or failed one of this workspace left off.
    const stopped = ctx.resumeFrom ? null : this.stoppedEarlier(workspaceId)
    const carried = stopped && { ...stopped, startedAt: this.now() }
    let state: DeepPullState = restore(ctx.resumeFrom) ?? carried ?? fresh()
    const earlier = { requests: state.requests, retries: state.retries, rateLimited: state.rateLimited }
    const save = () => {
      state.requests = earlier.requests + cio.stats.requests
      state.retries = earlier.retries + cio.stats.retries
      state.rateLimited = earlier.rateLimited + cio.stats.rateLimited
      ctx.checkpoint(state)
    }
    const counts = () => ({ people: state.people, read: state.read, requests: state.requests, retries: state.retries, rateLimited: state.rateLimited })
    this.runs.begin({ id: ctx.jobId, workspaceId, kind: 'deep-pull', trigger: ctx.trigger, startedAt: state.startedAt })
    const total = () => Math.max(state.read, sqlite.prepare('SELECT count(*) FROM people WHERE ws = (SELECT ws FROM workspaces WHERE id = ?) AND deleted_at IS NULL').pluck().get(workspaceId) as number)
    const env = { sqlite, workspaceId, reads, signal: ctx.signal, now: this.now, progress: () => undefined }
    try {
      ctx.progress('people', state.read, total())
      for (;;) {
        ctx.signal.throwIfAborted()
        let page
        try {
          page = await reads.searchCustomers(EVERYONE, { limit: SEARCH_PAGE, ...(state.cursor ? { start: state.cursor } : {}) })
        } catch (err) {
          // A cursor kept from a stopped run may have expired remotely: start that run's pages over.
          if (!carried || state.cursor !== carried.cursor || !(err instanceof AppError) || (err.code !== 'VALIDATION' && err.code !== 'REMOTE')) throw err
          state = { ...fresh(), requests: state.requests, retries: state.retries, rateLimited: state.rateLimited }
          continue
        }
        const ids = page.items.map((p) => p.cio_id).filter((id): id is string => !!id)
        const pageCounts = emptyPeopleCounts()
        const result = await refreshPeople(env, ids, pageCounts, { phase: 'people' })
        // The page's people are in; the cursor moves past them with the counts in one transaction.
        sqlite.transaction(() => {
          for (const k of Object.keys(pageCounts) as (keyof PeopleCounts)[]) state.people[k] += pageCounts[k]
          state.read += ids.length - result.missing.length
          // Some deployments send a non-empty `next` with the last page (docs/customerio-api.md §2.8): only a full page means more.
          state.cursor = page.next && page.items.length >= SEARCH_PAGE ? page.next : null
          this.syncState.addAttributeNames(workspaceId, result.names, 'bulk')
          save()
        })()
        ctx.progress('people', state.read, total())
        this.runs.record(ctx.jobId, counts(), state.retries)
        if (state.cursor === null) break
      }
    } catch (err) {
      save()
      // An engine shutdown leaves the job running: it resumes at the next start.
      if (ctx.stopReason() === 'shutdown') {
        this.runs.record(ctx.jobId, counts(), state.retries)
        throw err
      }
      this.runs.finish(ctx.jobId, ctx.signal.aborted ? 'cancelled' : 'failed', this.now(), counts(), state.retries, ctx.signal.aborted ? 'cancelled' : err instanceof Error ? err.message : String(err))
      throw err
    }
    const finishedAt = this.now()
    this.syncState.recordDeepFinished(workspaceId, finishedAt)
    this.runs.finish(ctx.jobId, 'succeeded', finishedAt, counts(), state.retries, null)
    const p = state.people
    ctx.countChanges(p.created + p.updated)
    return `deep pull: ${state.read} people read in full; ${p.created} created, ${p.updated} updated, ${p.unchanged} unchanged; ${state.requests} requests`
  }
}
