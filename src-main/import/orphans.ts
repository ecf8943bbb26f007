// Plans and pushes whose process is gone, and `import cancel`. A plan is only ever run by the
// process that started it (a CLI command does not resume another's plan), so a plan whose owner is
// gone (job-owner.ts) can never finish: it is marked 'plan-interrupted' and its job row ends, and
// the workspace takes new plans again. A push whose process died is left as it is: pushing the
// import again resumes it from its books. Cancel stops either, wherever it runs: here through the
// job service, in another live process through a request it sees within RENEW_MS, and for a dead
// process by ending its records (a push keeps its books: it can be resumed later).

import { AppError } from '../contract/result'
import type { JobService } from '../jobs/job-service'
import type { ImportRecord, ImportRepo } from './import-repo'
import { RENEW_MS, whyGone, type ImportOwners } from './job-owner'

export interface OrphanDeps {
  repo: ImportRepo
  owners: ImportOwners
  jobs: JobService
  now: () => number
}

export interface CancelAnswer {
  state: string
  message: string
}

export class OrphanedImports {
  constructor(private readonly deps: OrphanDeps) {}

  private runsHere(jobId: string | null): boolean {
    return jobId !== null && this.deps.jobs.listRunning().some((j) => j.id === jobId)
  }

  /** The record as it is once a plan whose process is gone was marked interrupted. */
  settle(rec: ImportRecord): ImportRecord {
    if (rec.state !== 'planning' || this.runsHere(rec.id)) return rec
    const why = whyGone(this.deps.owners.get(rec.id), this.deps.now())
    if (why === null) return rec
    this.end(rec, 'plan-interrupted', `planning stopped before its end: ${why}. Plan the file again.`)
    return this.deps.repo.get(rec.id)!
  }

  /** Settles every plan of the workspace left 'planning' (before a new plan or undo is refused for it). */
  settleWorkspace(workspaceId: string): void {
    const planning = this.deps.repo.planningIds(workspaceId)
    for (const id of planning) this.settle(this.deps.repo.get(id)!)
  }

  /** A push of this import running in another live process: who, or null. Two processes must never push one import at once. */
  pushedElsewhere(rec: ImportRecord): string | null {
    const owner = this.deps.owners.get(rec.id)
    if (!owner || owner.pid === process.pid || rec.state !== 'pushing' || whyGone(owner, this.deps.now()) !== null) return null
    return `pid ${owner.pid}${owner.host ? ` on ${owner.host}` : ''}`
  }

  cancel(rec: ImportRecord): CancelAnswer {
    const running = rec.state === 'planning' ? rec.id : rec.state === 'pushing' ? rec.meta.pushJobId : null
    if (rec.state !== 'planning' && rec.state !== 'pushing') {
      throw new AppError('CONFLICT', `import ${rec.id} is not running (${rec.state}): there is nothing to cancel`)
    }
    const what = rec.state === 'planning' ? 'plan' : 'push'
    if (running && this.runsHere(running)) {
      this.deps.jobs.cancel(running)
      return { state: 'cancelling', message: `the ${what} is stopping` }
    }
    const owner = this.deps.owners.get(rec.id)
    const why = whyGone(owner, this.deps.now())
    if (why === null) {
      this.deps.owners.requestCancel(rec.id)
      return { state: 'cancelling', message: `asked the process running the ${what} (pid ${owner!.pid}) to stop; it does within ${Math.round((RENEW_MS * 2) / 1000)} seconds` }
    }
    if (rec.state === 'planning') this.end(rec, 'plan-cancelled', `cancelled; ${why}. Plan the file again.`)
    else this.endPush(rec, why)
    return { state: this.deps.repo.get(rec.id)!.state, message: `the ${what} was cancelled (${why})` }
  }

  private end(rec: ImportRecord, state: 'plan-interrupted' | 'plan-cancelled', why: string): void {
    this.deps.repo.update(rec.id, { state, finishedAt: this.deps.now(), meta: { ...rec.meta, interrupted: why } })
    this.deps.jobs.endOrphan(rec.id, state === 'plan-cancelled' ? 'cancelled' : 'failed', why)
    this.deps.owners.forget(rec.id)
  }

  /** A push whose process is gone, cancelled: paused with its books, as a pause leaves it (push again resumes). */
  private endPush(rec: ImportRecord, why: string): void {
    this.deps.repo.update(rec.id, { state: 'paused', meta: { ...rec.meta, pushStatus: 'paused' } })
    if (rec.meta.pushJobId) this.deps.jobs.endOrphan(rec.meta.pushJobId, 'cancelled', `cancelled; ${why}`)
    this.deps.owners.forget(rec.id)
  }
}
