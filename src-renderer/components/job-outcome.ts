// How a finished job's result is worded and toned, in one place for every screen and notification
// that shows it: a push that held edits back as conflicts (or had entries fail) did finish, but it
// is not a plain success, so it is amber ("Finished with 1 conflict"), never a green tick.
import type { JobFinished, JobKind } from '../api'
import { plural } from './format'

export type OutcomeTone = 'success' | 'warning' | 'error'

export interface Outcome {
  tone: OutcomeTone
  /** the result alone: "Finished", "Finished with 2 conflicts", "Failed", "Cancelled" */
  text: string
  /** with the job's name: "Push changes finished with 2 conflicts" */
  headline: string
}

/**
 * The job kinds in the words of the Sync menu (README "Syncing: one vocabulary"); the one table of
 * them, for notices, progress and the sync history alike.
 */
export const JOB_KIND_NAMES: Record<JobKind, string> = {
  pull: 'Pull',
  'pull-and-push': 'Sync',
  'deep-pull': 'Deep pull',
  'import-plan': 'Import check',
  'undo-plan': 'Undo check',
  'import-push': 'Import',
  push: 'Push changes',
}

type FinishedJob = Pick<JobFinished, 'kind' | 'state'> & Partial<Pick<JobFinished, 'conflicts' | 'failed'>>

/** What was left undone, as words: "1 conflict", "2 conflicts and 1 failed change"; '' when nothing. */
function leftUndone(job: FinishedJob): string {
  const parts: string[] = []
  if (job.conflicts) parts.push(plural(job.conflicts, 'conflict'))
  if (job.failed) parts.push(plural(job.failed, job.kind === 'push' ? 'failed change' : 'failure'))
  return parts.join(' and ')
}

export function describeOutcome(job: FinishedJob): Outcome {
  const name = JOB_KIND_NAMES[job.kind]
  if (job.state === 'failed') return { tone: 'error', text: 'Failed', headline: `${name} failed` }
  if (job.state === 'cancelled') return { tone: 'warning', text: 'Cancelled', headline: `${name} cancelled` }
  const undone = leftUndone(job)
  if (undone) return { tone: 'warning', text: `Finished with ${undone}`, headline: `${name} finished with ${undone}` }
  return { tone: 'success', text: 'Finished', headline: `${name} finished` }
}
