import { desc, eq, inArray, sql, type Placeholder } from 'drizzle-orm'
import { AppError } from '../contract/result'
import { dbOf, type Clock, type RepoSource } from '../db/repo-support'
import { jobs, UNFINISHED_JOB_STATES, type Job, type JobState, type NewJob } from '../db/schema'

// Persistence for long work (pull, push, import). The job runner keeps the live state in memory
// and writes here at phase changes, at a throttled progress rate and at every checkpoint, so a
// restarted engine can list what was cut off and resume it from its last checkpoint.

export type { Job, JobState, NewJob }

export interface JobProgressUpdate {
  phase?: string
  done?: number
  total?: number | null
  message?: string | null
}

export type FinalJobState = Extract<JobState, 'succeeded' | 'failed' | 'cancelled'>

/** The columns a write sets, as a prepared UPDATE … RETURNING takes them. */
type JobPatch = Partial<Omit<NewJob, 'id'>>

interface PreparedWrite {
  get(values: Record<string, unknown>): Job | undefined
}

export class JobsRepo {
  private readonly db
  private readonly now: Clock
  /**
   * write's UPDATEs, prepared once per set of columns (and of columns set to null). Built afresh,
   * drizzle's builder and SQLite's prepare cost about 0.3 ms a write, and a job writes progress
   * and a checkpoint per batch: 0.5 s of a 1M-row plan's planner thread (bench/import/RESULTS.md,
   * Session 10).
   */
  private readonly writes = new Map<string, PreparedWrite>()

  constructor(source: RepoSource, opts: { now?: Clock } = {}) {
    this.db = dbOf(source)
    this.now = opts.now ?? Date.now
  }

  /** updatedAt defaults to startedAt; startedAt to now. */
  insert(row: Omit<NewJob, 'startedAt' | 'updatedAt'> & { startedAt?: number }): Job {
    const startedAt = row.startedAt ?? this.now()
    return this.db
      .insert(jobs)
      .values({ ...row, startedAt, updatedAt: startedAt })
      .returning()
      .get()
  }

  get(id: string): Job | undefined {
    return this.db.select().from(jobs).where(eq(jobs.id, id)).get()
  }

  progress(id: string, update: JobProgressUpdate): Job {
    return this.write(id, { ...update })
  }

  /** Any columns at once, for a runner that keeps its own notion of progress. */
  update(id: string, patch: Partial<Omit<NewJob, 'id'>>): Job {
    return this.write(id, patch)
  }

  /** A state change that is not the end (queued → running). */
  setState(id: string, state: JobState, message?: string | null): Job {
    return this.write(id, message === undefined ? { state } : { state, message })
  }

  /** Persists the resume point; written after each unit that must not be redone (a batch, a page). */
  saveCheckpoint(id: string, checkpoint: unknown): Job {
    return this.write(id, { checkpoint })
  }

  /**
   * The final state. The checkpoint is kept on failure or cancel (a failed import can still be
   * resumed) and cleared on success, when there is nothing left to resume.
   */
  finish(id: string, state: FinalJobState, message: string | null = null): Job {
    const at = this.now()
    return this.write(id, {
      state,
      message,
      finishedAt: at,
      ...(state === 'succeeded' ? { checkpoint: null } : {}),
    })
  }

  /** Most recent first. */
  listRecent(limit = 50): Job[] {
    return this.db.select().from(jobs).orderBy(desc(jobs.startedAt), desc(jobs.id)).limit(limit).all()
  }

  /** Jobs a crash or a quit left queued or running: the engine offers to resume them. */
  listUnfinished(): Job[] {
    return this.db
      .select()
      .from(jobs)
      .where(inArray(jobs.state, [...UNFINISHED_JOB_STATES]))
      .orderBy(jobs.startedAt, jobs.id)
      .all()
  }

  private write(id: string, values: JobPatch): Job {
    // as drizzle's set() does, an undefined value leaves its column alone
    const patch = Object.entries({ ...values, updatedAt: this.now() }).filter(([, v]) => v !== undefined)
    const row = this.preparedWrite(patch).get({ ...Object.fromEntries(patch), id })
    if (!row) throw new AppError('NOT_FOUND', `No job with id ${id}.`)
    return row
  }

  private preparedWrite(patch: [string, unknown][]): PreparedWrite {
    const key = patch.map(([column, v]) => (v === null ? `${column}=null` : column)).join(',')
    let prepared = this.writes.get(key)
    if (!prepared) {
      // A null is written as such, not through a placeholder: a placeholder gives a JSON column's
      // encoder the null, which would store the text 'null' where drizzle's set() stores NULL.
      const set = Object.fromEntries(patch.map(([column, v]) => [column, v === null ? null : sql.placeholder(column)])) as Record<string, Placeholder | null>
      prepared = this.db.update(jobs).set(set).where(eq(jobs.id, sql.placeholder('id'))).returning().prepare()
      this.writes.set(key, prepared)
    }
    return prepared
  }
}
