// The pull (remote → mirror) as a job runner for the kinds 'pull' and 'pull-and-push'
// (docs/DESIGN.md "Sync semantics"): people through an export, then segments with members, collections, campaigns and
// messages. The state of the pull is the job's checkpoint, so a pull cut off by a crash, a kill or
// a quit continues from its last unit of work when the engine starts again, and ends with the same
// mirror an uninterrupted pull would have produced.

import { AppReads } from '../../cio/app-reads'
import type { ConnectivityTracker } from '../../cio/connectivity'
import type { GovernorRegistry } from '../../cio/rate-governor'
import type { Mirror } from '../../db/connection'
import { PULL_PARTS, type PullPart } from '../../contract/sync'
import { AppError } from '../../contract/result'
import type { WorkspaceAccess } from '../../db/workspace-access'
import type { JobContext, JobRunner } from '../../jobs/job-service'
import { jobClients } from './job-clients'
import { pullCampaigns, pullCollections, pullMessages } from './catalog-pull'
import { repairPeopleFts } from './people-fts'
import { pullPeople } from './people-pull'
import { emptyCounts, restoreState, type PullEnv, type PullState } from './pull-state'
import { pullSegments } from './segments-pull'
import { SyncRunsRepo } from '../../db/sync-runs-repo'

export interface PullServiceDeps {
  mirror: Mirror
  workspaces: WorkspaceAccess
  connectivity: ConnectivityTracker
  now?: () => number
  /** tests may give their own; the engine shares one registry between all jobs */
  governors: GovernorRegistry
  /**
   * People per transaction while applying an export (default 10,000): big enough that commits
   * cost little, small enough that a killed pull loses a fraction of a second of work.
   */
  peopleBatchRows?: number
}

const PART_RUNNERS: Record<PullPart, (env: PullEnv) => Promise<void>> = {
  people: pullPeople,
  segments: pullSegments,
  collections: pullCollections,
  campaigns: pullCampaigns,
  messages: pullMessages,
}

export class PullService {
  private readonly runs: SyncRunsRepo
  private readonly now: () => number

  constructor(private readonly deps: PullServiceDeps) {
    this.runs = new SyncRunsRepo(deps.mirror.sqlite)
    this.now = deps.now ?? Date.now
  }

  runner(): JobRunner {
    return (ctx) => this.run(ctx)
  }

  private async run(ctx: JobContext): Promise<string | null> {
    const sqlite = this.deps.mirror.sqlite
    const { workspaceId, cio } = await jobClients(this.deps, ctx, ctx.trigger === 'schedule' ? 'background' : 'foreground')

    const state = restoreState(ctx.resumeFrom) ?? newState(ctx.options, this.now())
    const earlier = { requests: state.counts.requests, retries: state.counts.retries, rateLimited: state.counts.rateLimited }
    const env: PullEnv = {
      sqlite,
      workspaceId,
      runId: ctx.jobId,
      state,
      reads: new AppReads(cio, ctx.signal),
      peopleBatchRows: this.deps.peopleBatchRows ?? 10_000,
      signal: ctx.signal,
      progress: (phase, done, total) => ctx.progress(phase, done, total),
      save: () => {
        state.counts.requests = earlier.requests + cio.stats.requests
        state.counts.retries = earlier.retries + cio.stats.retries
        state.counts.rateLimited = earlier.rateLimited + cio.stats.rateLimited
        ctx.checkpoint(state)
      },
      now: this.now,
    }
    this.runs.begin({ id: ctx.jobId, workspaceId, kind: 'pull', trigger: ctx.trigger, startedAt: state.startedAt })
    // A bulk load cut off before it restored the FTS trigger is repaired before anything else.
    if (repairPeopleFts(sqlite) && state.people) state.people.bulk = false

    try {
      for (const part of state.parts) {
        if (state.done.includes(part)) continue
        await PART_RUNNERS[part](env)
        ctx.signal.throwIfAborted()
        state.done.push(part)
        env.save()
        this.runs.record(ctx.jobId, state.counts, state.counts.retries)
      }
    } catch (err) {
      env.save()
      // An engine shutdown leaves the job running so the next start resumes it: so does its history row.
      if (ctx.stopReason() === 'shutdown') {
        this.runs.record(ctx.jobId, state.counts, state.counts.retries)
        throw err
      }
      const error = ctx.signal.aborted ? 'cancelled' : describe(err)
      this.runs.finish(ctx.jobId, ctx.signal.aborted ? 'cancelled' : 'failed', this.now(), state.counts, state.counts.retries, error)
      throw ctx.signal.aborted || !(err instanceof AppError) ? err : new AppError(err.code, error, err.retryable)
    }
    ctx.progress('finish', 1, 1)
    this.runs.finish(ctx.jobId, 'succeeded', this.now(), state.counts, state.counts.retries, null)
    ctx.countChanges(changedRecords(state))
    return summary(state)
  }
}

function newState(options: Record<string, unknown>, now: number): PullState {
  const only = Array.isArray(options.only) ? options.only.filter((p): p is PullPart => (PULL_PARTS as readonly string[]).includes(p as string)) : []
  // Parts always run in the canonical order: people first, so segment members can be joined to them.
  const parts = PULL_PARTS.filter((p) => only.length === 0 || only.includes(p))
  return { version: 1, parts, done: [], full: options.full === true, startedAt: now, counts: emptyCounts() }
}

function describe(err: unknown): string {
  if (err instanceof AppError && err.code === 'NETWORK') return `workspace not reachable: ${err.message}`
  return err instanceof Error ? err.message : String(err)
}

/** "1 person", "2 people": the summary agrees in number. */
const n = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`

/** What this pull changed in the mirror (totals such as "42 segments" are not changes). */
function changedRecords(state: PullState): number {
  const { people: p, segments: s } = state.counts
  return p.created + p.updated + p.deleted + p.restored + p.conflicts + s.joined + s.left + s.removed
}

function summary(state: PullState): string {
  const c = state.counts
  const parts: string[] = []
  if (state.parts.includes('people')) {
    const p = c.people
    const path = c.peoplePull
    const how = !path ? '' : path.mode === 'incremental' ? ' (incremental, through the activity feed)' : path.mode === 'search' ? ' (one search page)' : ` (export: ${path.reason ?? 'asked for'})`
    parts.push(`people${how}: ${p.created} created, ${p.updated} updated, ${p.unchanged} unchanged, ${p.deleted} deleted${p.restored ? `, ${p.restored} restored` : ''}${p.conflicts ? `, ${n(p.conflicts, 'conflict')}` : ''}`)
  }
  if (state.parts.includes('segments')) {
    const s = c.segments
    // a segment's first read is a baseline: its members are not counted as joined
    const baseline = s.firstRead ? `; first read of ${s.firstRead}: a baseline` : ''
    parts.push(`${n(s.segments, 'segment')} (${n(s.members, 'member')}${baseline}; ${s.joined} joined, ${s.left} left)`)
  }
  if (state.parts.includes('collections')) parts.push(n(c.collections.collections, 'collection'))
  if (state.parts.includes('campaigns')) parts.push(`${n(c.campaigns.campaigns, 'campaign')}, ${n(c.campaigns.broadcasts, 'broadcast')}, ${n(c.campaigns.newsletters, 'newsletter')}`)
  if (state.parts.includes('messages')) parts.push(n(c.messages.messages, 'message'))
  return `${parts.join('; ')}; ${n(c.requests, 'request')}, ${n(c.retries, 'retry', 'retries')}`
}
