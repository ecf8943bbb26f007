// A plan compares a file with the mirror as it was when the plan ran. Once a newer plan of the
// same file exists, or a pull has changed the mirror since, the plan is stale (issue 14): the
// review and the CLI say so, and offer to discard it. A stale plan can still be pushed (the push
// judges again the people who changed: push/recheck.ts), but a newer plan of the same file is
// normally the one meant; discarding the old one keeps it from being pushed by mistake.

import { AppError } from '../contract/result'
import { SyncRunsRepo } from '../db/sync-runs-repo'
import type { ImportRecord, ImportRepo } from './import-repo'

const time = (ms: number) => new Date(ms).toTimeString().slice(0, 5)

/** Why a plan not yet pushed is stale, in words, or null while it is current. */
export function staleReason(repo: ImportRepo, rec: ImportRecord): string | null {
  if (rec.state !== 'planned') return null
  const newer = repo.newerPlanOf(rec)
  if (newer) return `a newer plan of ${rec.fileName} (import ${newer.id}, planned at ${time(newer.createdAt)}) replaces this one: push that one, and discard this`
  // a pull that finished after this plan began may have changed what the plan compared with
  const pulled = new SyncRunsRepo(repo.sqlite).pulledAfter(rec.workspaceId, rec.createdAt)
  if (pulled !== null) return `the mirror was pulled at ${time(pulled)}, after this plan: values may have changed since. A push judges the people who changed again first; or plan the file again, and discard this plan`
  return null
}

const DISCARDABLE = new Set(['planned', 'plan-failed', 'plan-interrupted', 'plan-cancelled'])

/** Marks a plan that was not pushed as discarded: it can no longer be pushed. */
export function discardPlan(repo: ImportRepo, rec: ImportRecord, now: number, reason: string | null): void {
  if (rec.state === 'discarded') return
  if (!DISCARDABLE.has(rec.state)) {
    const why = rec.state === 'planning' ? 'it is still being planned (cancel it instead)' : 'it was pushed, or is being pushed (undo it instead)'
    throw new AppError('CONFLICT', `import ${rec.id} cannot be discarded: ${why}`)
  }
  repo.update(rec.id, { state: 'discarded', finishedAt: now, meta: { ...rec.meta, discarded: { at: now, reason: reason ?? 'discarded by the user' } } })
}
