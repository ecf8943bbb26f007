// The three jobs of an import, as the job service runs them: `import-plan` (a file's plan),
// `undo-plan` (the plan that reverts a pushed people import) and `import-push` (sends either). Around the work itself (plan/, push/, undo.ts) each holds the import
// for this process while it runs (job-owner.ts), so another process can tell it from one that was
// killed, and can ask it to stop; and each leaves the import in a state that says how it ended.

import type Database from 'better-sqlite3'
import type { GovernorRegistry } from '../cio/rate-governor'
import { AppError } from '../contract/result'
import type { JobRunner, JobService } from '../jobs/job-service'
import type { WorkspaceAccess } from '../db/workspace-access'
import type { ImportRepo } from './import-repo'
import type { ImportOwners } from './job-owner'
import type { OrphanedImports } from './orphans'
import { registerPlan, runFilePlan, type PlanJobOptions } from './plan/plan-runner'
import { runPush } from './push/push-runner'
import { registerUndo, runUndoPlan, type UndoJobOptions } from './undo'

export interface RunnerDeps {
  sqlite: Database.Database
  repo: ImportRepo
  owners: ImportOwners
  orphans: OrphanedImports
  workspaces: WorkspaceAccess
  jobs: JobService
  now: () => number
  actor: string
  governors: GovernorRegistry
}

/** Holds the import while `work` runs; a cancel asked by another process cancels the job here. */
async function held<T>(d: RunnerDeps, importId: string, jobId: string, work: () => Promise<T>): Promise<T> {
  d.owners.claim(importId, jobId)
  const letGo = d.owners.keep(importId, jobId, () => void d.jobs.cancel(jobId))
  try {
    return await work()
  } finally {
    letGo()
    d.owners.release(importId, jobId)
  }
}

/** `import-plan` (a file's plan) or, with `undo`, `undo-plan` (options { undoOf }). */
export function planRunner(d: RunnerDeps, what: 'import-plan' | 'undo-plan'): JobRunner {
  return async (ctx) => {
    if (!ctx.workspaceId) throw new AppError('NOT_FOUND', 'no active workspace; add or select one under Workspaces')
    const env = { sqlite: d.sqlite, repo: d.repo, now: d.now, holds: () => d.owners.holds(ctx.jobId, ctx.jobId) }
    // The import row is created before the first await, so `summary` finds it as soon as `plan` returns.
    const undo = what === 'undo-plan' ? ({ undoOf: String(ctx.options.undoOf ?? '') } as UndoJobOptions) : null
    if (undo) registerUndo(d.repo, ctx, undo, d.now())
    else registerPlan(env, ctx, ctx.options as unknown as PlanJobOptions)
    return held(d, ctx.jobId, ctx.jobId, async () => {
      try {
        return undo ? runUndoPlan(d.sqlite, d.repo, ctx, undo, d.now) : await runFilePlan(env, ctx, ctx.options as unknown as PlanJobOptions)
      } catch (err) {
        // An engine shutdown leaves the plan 'planning' for the next start to run again; a plan
        // another process already marked interrupted (this one stalled) keeps that state.
        const shutdown = ctx.stopReason() === 'shutdown'
        const rec = d.repo.get(ctx.jobId)
        if (!shutdown && rec?.state === 'planning') {
          d.repo.update(ctx.jobId, ctx.signal.aborted ? { state: 'plan-cancelled', finishedAt: d.now(), meta: { ...rec.meta, interrupted: 'the plan was cancelled before its end. Plan the file again.' } } : { state: 'plan-failed', finishedAt: d.now() })
        }
        throw err
      }
    })
  }
}

export function pushRunner(d: RunnerDeps): JobRunner {
  return async (ctx) => {
    const importId = String(ctx.options.importId ?? '')
    const rec = d.repo.get(importId)
    // the app resuming a push at its start while a CLI command already pushes it: never twice at once
    const elsewhere = rec ? d.orphans.pushedElsewhere(rec) : null
    if (elsewhere) throw new AppError('CONFLICT', `import ${importId} is being pushed by another process (${elsewhere}); wait for it, or cancel it with: cio-sync import cancel ${importId}`)
    return held(d, importId, ctx.jobId, () => runPush({ sqlite: d.sqlite, repo: d.repo, workspaces: d.workspaces, now: d.now, actor: d.actor, governors: d.governors }, ctx))
  }
}
