import { afterEach, describe, expect, it } from 'vitest'
import { openMirror } from '../../../src-main/db/connection'
import { JobsRepo } from '../../../src-main/jobs/jobs-repo'
import { JobService, type JobContext } from '../../../src-main/jobs/job-service'
import { SyncHistoryService } from '../../../src-main/mirror/sync-history-service'
import { migrationsBefore, tempHome } from './helpers'

// A mirror written before the job kinds were renamed (drizzle/…_job_kinds.sql): its jobs and sync
// history carry 'sync', 'plan' and 'import'. Opened by this version, they read under the new names,
// and a job cut off under an old name resumes under its new one.

let home: ReturnType<typeof tempHome>
afterEach(() => home?.cleanup())

describe('the job kinds migration', () => {
  it('renames the kinds of jobs and runs written by an older version', async () => {
    home = tempHome()
    const old = openMirror(home.file, { migrationsFolder: migrationsBefore(home.dir, 'job_kinds') })
    old.sqlite.prepare("INSERT INTO workspaces (id, name, kind, created_at) VALUES ('w1', 'One', 'sandbox', 1)").run()
    const job = old.sqlite.prepare(
      "INSERT INTO jobs (id, workspace_id, kind, trigger, state, phase, done, checkpoint, options, started_at, updated_at, finished_at) VALUES (?, 'w1', ?, 'user', ?, '', 0, ?, ?, ?, ?, ?)",
    )
    job.run('j-sync', 'sync', 'running', JSON.stringify({ done: ['people'] }), '{}', 10, 10, null)
    job.run('j-plan', 'plan', 'succeeded', null, JSON.stringify({ sourcePath: '/tmp/a.csv', fileName: 'a.csv' }), 20, 20, 21)
    job.run('j-undo', 'plan', 'succeeded', null, JSON.stringify({ undoOf: 'j-plan' }), 30, 30, 31)
    job.run('j-import', 'import', 'failed', null, JSON.stringify({ importId: 'j-plan' }), 40, 40, 41)
    job.run('j-pull', 'pull', 'succeeded', null, null, 50, 50, 51)
    job.run('j-push', 'push', 'succeeded', null, '{}', 60, 60, 61)
    const run = old.sqlite.prepare("INSERT INTO sync_runs (id, workspace_id, kind, trigger, state, started_at, finished_at) VALUES (?, 'w1', ?, 'user', 'succeeded', ?, ?)")
    run.run('j-import', 'import', 40, 41)
    run.run('j-pull', 'pull', 50, 51)
    old.close()

    const now = home.open()
    const kinds = Object.fromEntries((now.sqlite.prepare('SELECT id, kind FROM jobs').all() as { id: string; kind: string }[]).map((r) => [r.id, r.kind]))
    expect(kinds).toEqual({
      'j-sync': 'pull-and-push',
      'j-plan': 'import-plan',
      'j-undo': 'undo-plan',
      'j-import': 'import-push',
      'j-pull': 'pull',
      'j-push': 'push',
    })
    expect(new SyncHistoryService(now.sqlite).list('w1', 10).map((r) => [r.id, r.kind])).toEqual([
      ['j-pull', 'pull'],
      ['j-import', 'import-push'],
    ])

    // the "Sync" cut off by the old version resumes as a pull-and-push, from its checkpoint
    const resumed: JobContext[] = []
    const jobs = new JobService(new JobsRepo(now.db), { emit: () => undefined }, { 'pull-and-push': async (ctx) => (resumed.push(ctx), 'done') }, () => 'w1')
    jobs.resumeUnfinished()
    await jobs.shutdown()
    expect(resumed.map((c) => [c.jobId, c.resumeFrom])).toEqual([['j-sync', { done: ['people'] }]])
    now.close()
  })
})
