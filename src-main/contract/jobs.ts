import { z } from 'zod'
import { channel, event } from './channel'
import { JOB_KINDS } from './job-kinds'
import { PULL_PARTS } from './sync'

// Long work is a job: an id, a cancel, throttled progress events and exactly one final event.

export { JOB_FAMILIES, JOB_KINDS, jobFamily, sameFamily, type JobFamily, type JobKind } from './job-kinds'
export const JOB_STATES = ['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const
/**
 * What `jobs.start` may start: the kinds that only read from the workspace. The others start
 * through the channels that take what they need: a plan from `imports.plan`, an import push from
 * `imports.push` and an outbox push from `changes.push`, both with `confirm` (the typed name of a
 * production workspace, checked where the job is created: src-main/jobs/production-gate.ts).
 */
export const START_KINDS = ['pull-and-push', 'pull', 'deep-pull'] as const
export type StartKind = (typeof START_KINDS)[number]

/** Who started a job: a window, the tray, a schedule, the CLI. */
export const JOB_TRIGGERS = ['user', 'tray', 'schedule', 'cli'] as const
export type JobTrigger = (typeof JOB_TRIGGERS)[number]

export const jobView = z.object({
  id: z.string(),
  kind: z.enum(JOB_KINDS),
  workspaceId: z.string().nullable(),
  state: z.enum(JOB_STATES),
  trigger: z.enum(JOB_TRIGGERS),
  phase: z.string(),
  done: z.number(),
  total: z.number().nullable(),
  startedAt: z.number(),
  finishedAt: z.number().nullable(),
  message: z.string().nullable(),
})
export type JobView = z.infer<typeof jobView>

export const jobProgress = z.object({
  jobId: z.string(),
  kind: z.enum(JOB_KINDS),
  /** whose job it is: windows show a job's progress only on its own workspace */
  workspaceId: z.string().nullable(),
  phase: z.string(),
  done: z.number(),
  total: z.number().nullable(),
  /** units per second over the recent window */
  rate: z.number().nullable(),
  /** seconds left, null when unknown */
  eta: z.number().nullable(),
})
export type JobProgress = z.infer<typeof jobProgress>

export const jobFinished = z.object({
  jobId: z.string(),
  kind: z.enum(JOB_KINDS),
  /** whose job it was: a window tells its result under that workspace's name, never another's */
  workspaceId: z.string().nullable(),
  trigger: z.enum(JOB_TRIGGERS),
  state: z.enum(['succeeded', 'failed', 'cancelled']),
  message: z.string().nullable(),
  /**
   * How many records the job changed (people created, updated or deleted, segment members joined
   * or left, changes sent), when its runner counts them; null when it does not. A scheduled run
   * that changed nothing says nothing.
   */
  changes: z.number().nullable(),
  /**
   * What a finished job left undone, for its tone (a push that ended with conflicts is not a plain
   * success): edits held back as conflicts, entries that failed. Absent for kinds that do not count them.
   */
  conflicts: z.number().int().optional(),
  failed: z.number().int().optional(),
})
export type JobFinished = z.infer<typeof jobFinished>

export const jobsContract = {
  channels: {
    start: channel(
      'jobs',
      'start',
      z.object({
        kind: z.enum(START_KINDS),
        /** default: the active workspace */
        workspaceId: z.string().min(1).optional(),
        trigger: z.enum(JOB_TRIGGERS).default('user'),
        /** pull: which parts (default all) and whether to force a full export-based pull */
        options: z.object({ only: z.array(z.enum(PULL_PARTS)).min(1).optional(), full: z.boolean().optional() }).strict().default({}),
      }).strict(),
      jobView,
    ),
    list: channel('jobs', 'list', z.object({}).strict().default({}), z.object({ jobs: z.array(jobView) })),
    cancel: channel('jobs', 'cancel', z.object({ id: z.string().min(1) }).strict(), jobView),
  },
  events: {
    progress: event('jobs', 'progress', jobProgress),
    finished: event('jobs', 'finished', jobFinished),
  },
} as const
