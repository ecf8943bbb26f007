import { and, asc, eq, sql } from 'drizzle-orm'
import { dbOf, type RepoSource } from '../db/repo-support'
import { schedules, type Schedule, type ScheduleWindow } from '../db/schema'
import { BATTERY_KEY, DEFAULT_BATTERY_THRESHOLD, SettingsRepo } from '../db/settings-repo'

// The schedules table and the settings the scheduler keeps beside it (the pause, the battery
// threshold, the typed confirmation of a production workspace's push schedule). Back-off state (failures, next_run_at) lives in the row, so a restart keeps spacing
// out a failing schedule instead of hammering the workspace again.

export type ScheduleRow = Schedule

export interface NewScheduleRow {
  workspaceId: string
  kind: Schedule['kind']
  parts: string[] | null
  everySeconds: number | null
  cron: string | null
  window: ScheduleWindow | null
  enabled: boolean
  nextRunAt: number | null
  createdAt: number
}

export type SchedulePatch = Partial<
  Pick<
    Schedule,
    'parts' | 'everySeconds' | 'cron' | 'window' | 'enabled' | 'nextRunAt' | 'lastRunAt' | 'failures' | 'lastJobId' | 'lastState' | 'lastError' | 'lastFinishedAt'
  >
>

/** The pause: `until` null = until resumed. Absent = not paused. */
export interface PauseSetting {
  until: number | null
  since: number
}

const PAUSE_KEY = 'schedule:pause'
const confirmKey = (id: number) => `schedule:confirmed:${id}`

export class SchedulesRepo {
  private readonly db
  private readonly settings: SettingsRepo

  constructor(source: RepoSource) {
    this.db = dbOf(source)
    this.settings = new SettingsRepo(source)
  }

  insert(row: NewScheduleRow): ScheduleRow {
    // parts and window are json columns: drizzle writes a JS null as SQL NULL, which is what we mean
    return this.db.insert(schedules).values(row).returning().get()
  }

  get(id: number): ScheduleRow | undefined {
    return this.db.select().from(schedules).where(eq(schedules.id, id)).get()
  }

  list(workspaceId?: string): ScheduleRow[] {
    const q = this.db.select().from(schedules)
    return (workspaceId ? q.where(eq(schedules.workspaceId, workspaceId)) : q).orderBy(asc(schedules.id)).all()
  }

  /** Enabled schedules, soonest first (the schedules_next_run index). */
  listEnabled(): ScheduleRow[] {
    return this.db.select().from(schedules).where(eq(schedules.enabled, true)).orderBy(asc(schedules.nextRunAt), asc(schedules.id)).all()
  }

  /** Schedules whose last run was still going when it was last looked at. */
  listRunning(): ScheduleRow[] {
    return this.db.select().from(schedules).where(and(eq(schedules.lastState, 'running'), sql`${schedules.lastJobId} IS NOT NULL`)).all()
  }

  update(id: number, patch: SchedulePatch): ScheduleRow | undefined {
    if (Object.keys(patch).length === 0) return this.get(id)
    return this.db.update(schedules).set(patch).where(eq(schedules.id, id)).returning().get()
  }

  remove(id: number): boolean {
    this.settings.delete(confirmKey(id))
    return this.db.delete(schedules).where(eq(schedules.id, id)).run().changes > 0
  }

  /**
   * A push schedule of a production workspace: the workspace name as typed when it was created or
   * last confirmed, which each run hands to the production gate (jobs/production-gate.ts). Kept
   * beside the row, as the pause is, rather than in a new column. Not a secret: the name is shown
   * everywhere.
   */
  confirmation(id: number): string | undefined {
    return this.settings.get<string>(confirmKey(id))
  }

  setConfirmation(id: number, name: string | null): void {
    if (name === null) this.settings.delete(confirmKey(id))
    else this.settings.set(confirmKey(id), name)
  }

  /** The last successful pull or push of any workspace (sync_runs), for "last sync" in the tray. */
  lastSuccessAt(): number | null {
    const row = this.db.$client
      .prepare("SELECT max(finished_at) AS at FROM sync_runs WHERE state = 'succeeded' AND kind IN ('pull', 'push')")
      .get() as { at: number | null }
    return row.at ?? null
  }

  getPause(): PauseSetting | null {
    return this.settings.get<PauseSetting | null>(PAUSE_KEY, null)
  }

  setPause(pause: PauseSetting | null): void {
    if (pause) this.settings.set(PAUSE_KEY, pause)
    else this.settings.delete(PAUSE_KEY)
  }

  batteryThreshold(): number {
    const v = this.settings.get<number>(BATTERY_KEY)
    return typeof v === 'number' && v >= 0 && v <= 100 ? v : DEFAULT_BATTERY_THRESHOLD
  }
}
