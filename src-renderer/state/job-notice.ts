// What a window says when a job ends: the words of a notification (title, detail, tone), or
// nothing at all. Pure, so the rules are unit-tested (test/unit/renderer/job-notice.test.ts).
import type { JobFinished, JobKind } from '../api'

export type NoticeTone = 'success' | 'error' | 'info'

export interface NoticeText {
  tone: NoticeTone
  title: string
  detail: string | null
}

/** The job kinds in the words of the Sync menu (README "Syncing: one vocabulary"). */
export const JOB_KIND_NAME: Record<JobKind, string> = {
  sync: 'Sync',
  pull: 'Pull',
  'deep-pull': 'Deep pull',
  plan: 'Import check',
  import: 'Import',
  push: 'Push',
}

const TRIGGER_WORD: Partial<Record<JobFinished['trigger'], string>> = { schedule: 'Scheduled', tray: 'Tray', cli: 'Command-line' }

/**
 * The notice for a finished job, or null when there is nothing worth saying: a scheduled run that
 * changed nothing, or an import check that went well (its own screen shows the result).
 */
export function jobNotice(f: Pick<JobFinished, 'kind' | 'trigger' | 'state' | 'message' | 'changes'>): NoticeText | null {
  if (f.state === 'succeeded' && f.trigger === 'schedule' && f.changes === 0) return null
  if (f.state === 'succeeded' && f.kind === 'plan') return null
  const by = TRIGGER_WORD[f.trigger]
  const what = by ? `${by} ${JOB_KIND_NAME[f.kind].toLowerCase()}` : JOB_KIND_NAME[f.kind]
  const verb = f.state === 'succeeded' ? 'finished' : f.state === 'cancelled' ? 'was cancelled' : 'failed'
  const tone: NoticeTone = f.state === 'succeeded' ? 'success' : f.state === 'cancelled' ? 'info' : 'error'
  const detail = f.state === 'cancelled' || !f.message ? null : capitalise(f.message)
  return { tone, title: `${what} ${verb}`, detail }
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1)
}
