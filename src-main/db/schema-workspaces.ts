import { sql } from 'drizzle-orm'
import { check, index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'

// Workspaces and the app-wide tables that are not customer data: settings, jobs, sync history,
// schedules. See schema.ts for the conventions (unix ms, JSON text, cascade on workspace_id).

export const WORKSPACE_KINDS = ['us', 'eu', 'custom', 'sandbox'] as const
export type WorkspaceKind = (typeof WORKSPACE_KINDS)[number]

/**
 * A Customer.io workspace the app talks to. Its keys live in the OS keychain under `id`, never
 * here — not even their last 4 characters (the credentials layer derives those from the keychain).
 */
export const workspaces = sqliteTable(
  'workspaces',
  {
    /** a random id, also the keychain account prefix, so it never changes when the name does */
    id: text('id').primaryKey(),
    /**
     * The compact number every mirror table and index stores instead of the 36-character id
     * (migration 0008). Assigned by a trigger on insert (max + 1), never changed; unique.
     */
    ws: integer('ws'),
    name: text('name').notNull(),
    kind: text('kind', { enum: WORKSPACE_KINDS }).notNull(),
    /** only for kind 'custom' (and the sandbox's local URL); us/eu hosts come from the SDK */
    url: text('url'),
    production: integer('production', { mode: 'boolean' }).notNull().default(false),
    active: integer('active', { mode: 'boolean' }).notNull().default(false),
    createdAt: integer('created_at').notNull(),
    lastTestAt: integer('last_test_at'),
    lastTestOk: integer('last_test_ok', { mode: 'boolean' }),
    lastTestRegion: text('last_test_region', { enum: ['us', 'eu'] }),
  },
  (t) => [
    uniqueIndex('workspaces_ws').on(t.ws),
    // "Acme" and "acme" are the same workspace to a user. SQLite's lower() folds ASCII only, so
    // the repo compares with the same lower() to stay consistent with this index.
    uniqueIndex('workspaces_name_ci_unique').on(sql`lower(${t.name})`),
    // At most one active workspace: a partial unique index lets any number of rows be inactive.
    uniqueIndex('workspaces_one_active').on(t.active).where(sql`${t.active} = 1`),
  ],
)
export type Workspace = typeof workspaces.$inferSelect
export type NewWorkspace = typeof workspaces.$inferInsert

/** App-wide preferences, remembered mappings, saved views: a key and a JSON value. */
export const settings = sqliteTable('settings', {
  key: text('key').primaryKey(),
  value: text('value', { mode: 'json' }).$type<unknown>().notNull(),
})
export type Setting = typeof settings.$inferSelect

/**
 * Every job state, as the jobs IPC contract lists them. Queued and running count as unfinished and
 * are offered for resumption after a restart. (Import pause/resume will add 'paused' here and in
 * the contract; the column is plain text, so that needs no migration.)
 */
export const JOB_STATES = ['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const
export type JobState = (typeof JOB_STATES)[number]
export const UNFINISHED_JOB_STATES = ['queued', 'running'] as const satisfies readonly JobState[]

/** Long work (pull, push, import) with a checkpoint persisted so a restarted job resumes. */
export const jobs = sqliteTable(
  'jobs',
  {
    id: text('id').primaryKey(),
    /** null for app-wide work (e.g. a sandbox seed) */
    workspaceId: text('workspace_id').references(() => workspaces.id, { onDelete: 'cascade' }),
    /** free text on purpose: the set of job kinds grows with every feature */
    kind: text('kind').notNull(),
    trigger: text('trigger').notNull(),
    state: text('state', { enum: JOB_STATES }).notNull(),
    phase: text('phase').notNull().default(''),
    done: integer('done').notNull().default(0),
    total: integer('total'),
    checkpoint: text('checkpoint', { mode: 'json' }).$type<unknown>(),
    /** what the job was asked to do (e.g. which parts to pull), so a resumed job does the same */
    options: text('options', { mode: 'json' }).$type<unknown>(),
    message: text('message'),
    startedAt: integer('started_at').notNull(),
    /** last write of any kind: a 'running' job whose updated_at is old was cut off by a crash */
    updatedAt: integer('updated_at').notNull(),
    finishedAt: integer('finished_at'),
  },
  (t) => [index('jobs_state').on(t.state), index('jobs_started_at').on(t.startedAt)],
)
export type Job = typeof jobs.$inferSelect
export type NewJob = typeof jobs.$inferInsert

/** History of pulls, pushes and imports: what the Sync screen charts and `cio-sync runs` lists. */
export const syncRuns = sqliteTable(
  'sync_runs',
  {
    /** the id of the job that ran it; segment_members.pull_id points here */
    id: text('id').primaryKey(),
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: ['pull', 'deep-pull', 'push', 'import-push'] }).notNull(),
    trigger: text('trigger').notNull(),
    state: text('state', { enum: JOB_STATES }).notNull(),
    startedAt: integer('started_at').notNull(),
    finishedAt: integer('finished_at'),
    counts: text('counts', { mode: 'json' }).$type<Record<string, number>>(),
    retries: integer('retries').notNull().default(0),
    error: text('error'),
  },
  // "last successful pull of this workspace" and the history list both walk this index
  (t) => [index('sync_runs_ws_kind_started').on(t.workspaceId, t.kind, t.startedAt)],
)
export type SyncRun = typeof syncRuns.$inferSelect
export type NewSyncRun = typeof syncRuns.$inferInsert

/** A schedule's time window, in local time. days: 0 = Sunday … 6 = Saturday; end before start spans midnight. */
export interface ScheduleWindow {
  start: string
  end: string
  days: number[]
}

/** Background pulls and pushes: either every N seconds or a cron expression, never both. */
export const schedules = sqliteTable(
  'schedules',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: ['pull', 'deep-pull', 'push'] }).notNull(),
    everySeconds: integer('every_seconds'),
    cron: text('cron'),
    enabled: integer('enabled', { mode: 'boolean' }).notNull().default(true),
    nextRunAt: integer('next_run_at'),
    lastRunAt: integer('last_run_at'),
    createdAt: integer('created_at').notNull(),
    /** pull only: which parts (people, segments, collections); null = the default set */
    parts: text('parts', { mode: 'json' }).$type<string[]>(),
    /** local-time window the runs must start in: {"start":"09:00","end":"18:00","days":[1,2,3,4,5]} */
    window: text('window', { mode: 'json' }).$type<ScheduleWindow>(),
    /** consecutive failed runs; the back-off grows with it and a success resets it (survives restarts) */
    failures: integer('failures').notNull().default(0),
    /** the job of the last run, so a run still going after a restart is followed to its end */
    lastJobId: text('last_job_id'),
    lastState: text('last_state'),
    lastError: text('last_error'),
    lastFinishedAt: integer('last_finished_at'),
  },
  (t) => [
    index('schedules_next_run').on(t.enabled, t.nextRunAt),
    index('schedules_workspace').on(t.workspaceId),
    // a stable invariant, so a CHECK is worth it (a changing one would force a table rebuild)
    check('schedules_every_xor_cron', sql`(${t.everySeconds} IS NULL) <> (${t.cron} IS NULL)`),
  ],
)
export type Schedule = typeof schedules.$inferSelect
export type NewSchedule = typeof schedules.$inferInsert
