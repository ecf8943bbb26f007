import { z } from 'zod'
import { channel, event } from './channel'

// Background sync (issue #7): schedules per workspace that start the same pull, deep-pull and push
// jobs as the UI (trigger 'schedule'), a pause, and one status line for the tray, the Sync screen and `serve`.
// Cron expressions are checked by the service (with croner), not here: this file is bundled into
// the preload, which should not carry a cron parser.

const workspaceRef = { workspaceId: z.string().min(1).optional() }

/** deep-pull: every person's attributes through bulk reads (issue 13); it has no parts */
export const SCHEDULE_KINDS = ['pull', 'deep-pull', 'push'] as const
/** What a scheduled pull may fetch; campaigns and messages are left to a manual pull. */
export const SCHEDULE_PULL_PARTS = ['people', 'segments', 'collections'] as const

const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time like 09:00')

export const scheduleWindow = z
  .object({
    start: clock,
    end: clock,
    /** 0 = Sunday … 6 = Saturday; the days the window opens on */
    days: z.array(z.number().int().min(0).max(6)).min(1).max(7),
  })
  .strict()
  .refine((w) => w.start !== w.end, 'the window must not start and end at the same time')
export type ScheduleWindowInput = z.infer<typeof scheduleWindow>

export const scheduleView = z.object({
  id: z.number().int(),
  workspaceId: z.string(),
  kind: z.enum(SCHEDULE_KINDS),
  /** pull only; null = people, segments and collections */
  parts: z.array(z.enum(SCHEDULE_PULL_PARTS)).nullable(),
  everySeconds: z.number().int().nullable(),
  cron: z.string().nullable(),
  window: scheduleWindow.nullable(),
  enabled: z.boolean(),
  /** null when disabled or when a cron expression never fires again */
  nextRunAt: z.number().nullable(),
  lastRunAt: z.number().nullable(),
  lastFinishedAt: z.number().nullable(),
  lastState: z.enum(['running', 'succeeded', 'failed', 'cancelled']).nullable(),
  lastError: z.string().nullable(),
  /** failed runs in a row; each one doubles the wait before the next try */
  failures: z.number().int(),
  /** "every 15 min · weekdays 09:00–18:00" */
  description: z.string(),
  createdAt: z.number(),
})
export type ScheduleView = z.infer<typeof scheduleView>

const timingFields = {
  /** every N seconds (the UI and CLI speak minutes; at least 60 unless the app is under test) */
  everySeconds: z.number().int().min(1).max(30 * 86400).optional(),
  cron: z.string().min(1).max(200).optional(),
  window: scheduleWindow.nullable().optional(),
}

/**
 * A push schedule of a production workspace: its name, typed, when the schedule is created (or
 * edited, to confirm it again after the workspace was renamed or made production). Its runs push
 * on that confirmation; without it they are held, and say why.
 */
const confirmField = z.string().max(200).optional()

export const addScheduleInput = z
  .object({
    ...workspaceRef,
    kind: z.enum(SCHEDULE_KINDS),
    parts: z.array(z.enum(SCHEDULE_PULL_PARTS)).min(1).optional(),
    ...timingFields,
    enabled: z.boolean().default(true),
    confirm: confirmField,
  })
  .strict()
  .refine((v) => (v.everySeconds === undefined) !== (v.cron === undefined), 'give either an interval or a cron expression')
  .refine((v) => v.kind === 'pull' || v.parts === undefined, 'parts apply to pull schedules only')
export type AddScheduleInput = z.output<typeof addScheduleInput>

export const updateScheduleInput = z
  .object({
    id: z.number().int(),
    parts: z.array(z.enum(SCHEDULE_PULL_PARTS)).min(1).nullable().optional(),
    ...timingFields,
    enabled: z.boolean().optional(),
    confirm: confirmField,
  })
  .strict()
  .refine((v) => v.everySeconds === undefined || v.cron === undefined, 'give either an interval or a cron expression, not both')
export type UpdateScheduleInput = z.output<typeof updateScheduleInput>

export const SCHEDULE_STATES = ['idle', 'syncing', 'error', 'paused', 'offline'] as const

export const scheduleStatus = z.object({
  state: z.enum(SCHEDULE_STATES),
  /** while syncing: how far the running job is (0–100), null when it cannot tell */
  percent: z.number().nullable(),
  /** why: "on battery (12 %)", "waiting for an import", the last error, … */
  reason: z.string().nullable(),
  /**
   * The workspace the state and reason are about (the one syncing, unreachable or failing); null
   * when they concern none in particular (idle, paused). A window shows another workspace's
   * error to no one but that workspace.
   */
  workspaceId: z.string().nullable(),
  /** the user's pause: null = not paused; pausedUntil null while paused = until resumed */
  paused: z.boolean(),
  pausedUntil: z.number().nullable(),
  /** the last successful pull or push of any workspace */
  lastSyncAt: z.number().nullable(),
  nextRunAt: z.number().nullable(),
  running: z.object({ jobId: z.string(), kind: z.string(), workspaceId: z.string().nullable() }).nullable(),
  schedules: z.number().int(),
})
export type ScheduleStatus = z.infer<typeof scheduleStatus>

export const schedulesContract = {
  channels: {
    list: channel('schedules', 'list', z.object(workspaceRef).strict().default({}), z.object({ schedules: z.array(scheduleView) })),
    add: channel('schedules', 'add', addScheduleInput, scheduleView),
    update: channel('schedules', 'update', updateScheduleInput, scheduleView),
    remove: channel('schedules', 'remove', z.object({ id: z.number().int() }).strict(), z.object({ removed: z.boolean() })),
    /** runs the schedule now (outside its window and back-off), unless the same kind is already running */
    runnow: channel('schedules', 'runnow', z.object({ id: z.number().int() }).strict(), z.object({ jobId: z.string() })),
    /** minutes: pause for that long; omitted: until resumed */
    pause: channel('schedules', 'pause', z.object({ minutes: z.number().int().min(1).max(7 * 24 * 60).optional() }).strict().default({}), scheduleStatus),
    resume: channel('schedules', 'resume', z.object({}).strict().default({}), scheduleStatus),
    status: channel('schedules', 'status', z.object({}).strict().default({}), scheduleStatus),
  },
  events: {
    status: event('schedules', 'status', scheduleStatus),
  },
} as const
