// What a window says when a job ends: the words of a notification (title, detail, tone), or
// nothing at all. Pure, so the rules are unit-tested (test/unit/renderer/job-notice.test.ts).
import type { JobFinished } from '../api'
import { describeOutcome, JOB_KIND_NAMES } from '../components/job-outcome'

/** warning: finished, but left something undone (a push with conflicts): amber, kept until read */
export type NoticeTone = 'success' | 'warning' | 'error' | 'info'

export interface NoticeText {
  tone: NoticeTone
  title: string
  detail: string | null
}


const TRIGGER_WORD: Partial<Record<JobFinished['trigger'], string>> = { schedule: 'Scheduled', tray: 'Tray', cli: 'Command-line' }

/**
 * The notice for a finished job, or null when there is nothing worth saying: a scheduled run that
 * changed nothing, or an import check that went well (its own screen shows the result).
 */
export function jobNotice(f: Pick<JobFinished, 'kind' | 'trigger' | 'state' | 'message' | 'changes' | 'conflicts' | 'failed'>): NoticeText | null {
  if (f.state === 'succeeded' && f.trigger === 'schedule' && f.changes === 0) return null
  if (f.state === 'succeeded' && (f.kind === 'import-plan' || f.kind === 'undo-plan')) return null
  const by = TRIGGER_WORD[f.trigger]
  const what = by ? `${by} ${JOB_KIND_NAMES[f.kind].toLowerCase()}` : JOB_KIND_NAMES[f.kind]
  // The tone and the words after the name come from describeOutcome, so a push that left conflicts
  // reads "… finished with 1 conflict", amber, here as on every screen.
  const outcome = describeOutcome(f)
  const verb = f.state === 'cancelled' ? 'was cancelled' : outcome.text.charAt(0).toLowerCase() + outcome.text.slice(1)
  const tone: NoticeTone = f.state === 'cancelled' ? 'info' : outcome.tone
  const detail = f.state === 'cancelled' || !f.message ? null : capitalise(f.message)
  return { tone, title: `${what} ${verb}`, detail }
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1)
}
