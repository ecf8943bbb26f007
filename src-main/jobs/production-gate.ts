// The one place that decides whether a job may send to a production workspace. JobService calls
// it whenever a job is created (not when an interrupted one is resumed: that one was confirmed
// when it was created), so every way a push can start passes it: `app:changes:push`,
// `app:imports:push`, a push schedule's run or "Run now". `app:jobs:start` cannot start these kinds
// at all (its contract takes only START_KINDS), and a push schedule keeps the name typed when it
// was created or last edited, which a run hands back here.

import type { JobTrigger, JobView } from '../contract/jobs'

/** The job kinds that send to the workspace: a production workspace's name must be typed to create one. */
export const CONFIRMED_KINDS: readonly JobView['kind'][] = ['push', 'import-push']

export interface ConfirmationSource {
  /** FORBIDDEN unless the workspace is not production or `confirm` is its exact name. */
  requireConfirmation(id: string, confirm: string | undefined, what: string): { production: boolean; name: string }
}

/**
 * Checks a job about to be created (or a push schedule about to be saved). Throws FORBIDDEN for a
 * sending kind on a production workspace without its exact name, the message ending "type its
 * name to <what>"; otherwise answers the name confirmed (null when none was needed).
 */
export type ProductionGate = (kind: JobView['kind'], workspaceId: string | null, confirm: string | undefined, what: string) => string | null

export function productionGate(workspaces: ConfirmationSource): ProductionGate {
  return (kind, workspaceId, confirm, what) => {
    if (!CONFIRMED_KINDS.includes(kind) || workspaceId === null) return null
    const row = workspaces.requireConfirmation(workspaceId, confirm, what)
    return row.production ? row.name : null
  }
}

/** What a refused job's message asks for, by who started it. */
export function confirmationWhat(trigger: JobTrigger): string {
  return trigger === 'schedule' ? 'let its scheduled pushes run (edit the schedule and type the name; nothing was sent)' : 'confirm the push'
}
