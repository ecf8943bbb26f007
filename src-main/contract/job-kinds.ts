// The job vocabulary, apart from the jobs contract so that other contracts (sync history) can name
// job kinds without an import circle.

/**
 * What each kind of job does:
 * - pull: the workspace into the mirror (people, segments, collections, campaigns, messages)
 * - pull-and-push: "Sync" (the Sync button, the tray's "Sync now"): a pull, then a `push` job for
 *   the queued changes
 * - deep-pull: every person's attributes through bulk reads, in the background (docs/pulls.md)
 * - import-plan: reads a CSV and plans what its import would change (sends nothing)
 * - undo-plan: plans the undo of a people import, to review and push like any other plan
 * - import-push: sends a planned import (or an undo plan) to the workspace
 * - push: sends the outbox (local edits) to the workspace
 */
export const JOB_KINDS = ['pull', 'pull-and-push', 'deep-pull', 'import-plan', 'undo-plan', 'import-push', 'push'] as const
export type JobKind = (typeof JOB_KINDS)[number]

/**
 * Kinds that do the same work on a workspace: at most one job of a family runs per workspace at a
 * time in one engine, whoever starts it (a window, the tray, a schedule). "Sync" pulls first, so it
 * is a pull; an import plan and an undo plan both plan into the import tables. (Across processes,
 * an import is held by the process that runs it: src-main/import/job-owner.ts.)
 */
export const JOB_FAMILIES = {
  pull: ['pull', 'pull-and-push'],
  'deep-pull': ['deep-pull'],
  plan: ['import-plan', 'undo-plan'],
  'import-push': ['import-push'],
  push: ['push'],
} as const satisfies Record<string, readonly JobKind[]>
export type JobFamily = keyof typeof JOB_FAMILIES

/** The family of a kind; null for a name that is not a job kind (a row written by another version). */
export function jobFamily(kind: string): JobFamily | null {
  for (const [family, kinds] of Object.entries(JOB_FAMILIES) as [JobFamily, readonly string[]][]) if (kinds.includes(kind)) return family
  return null
}

/** Whether two kinds do the same work (one family), so they never run at once on one workspace. */
export function sameFamily(a: JobKind, b: JobKind): boolean {
  return a === b || jobFamily(a) === jobFamily(b)
}
