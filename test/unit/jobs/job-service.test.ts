import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { EventSink } from '../../../src-main/base/events'
import { JOB_FAMILIES, JOB_KINDS, jobFamily, sameFamily, type JobFinished } from '../../../src-main/contract/jobs'
import { JobsRepo } from '../../../src-main/jobs/jobs-repo'
import { JobService, type JobContext, type JobKind, type JobRunner, type StopReason } from '../../../src-main/jobs/job-service'
import { addWorkspace, tempHome } from '../db/helpers'

// The job service's two rules about running work: two jobs of one kind family never run at once on
// one workspace, whoever starts them (the tray's "Sync now" while a window pulls); and a runner
// learns why it was stopped (a cancel or the engine's shutdown) from ctx.stopReason().

let home: ReturnType<typeof tempHome>
let jobs: JobService
let finished: JobFinished[]
/** each started job waits here until the test lets it end */
let held: Map<string, { ctx: JobContext; release(): void }>

function heldRunner(): JobRunner {
  return (ctx) =>
    new Promise((resolve, reject) => {
      const release = () => resolve('done')
      held.set(ctx.jobId, { ctx, release })
      ctx.signal.addEventListener('abort', () => reject(new Error('aborted')), { once: true })
    })
}

const tick = () => new Promise((r) => setImmediate(r))

beforeEach(() => {
  home = tempHome()
  const m = home.open()
  addWorkspace(m, 'A', 'A', true)
  addWorkspace(m, 'B')
  held = new Map()
  finished = []
  const sink: EventSink = { emit: (name, payload) => void (name === 'app:jobs:finished' && finished.push(payload as JobFinished)) }
  const runners = Object.fromEntries(JOB_KINDS.map((k) => [k, heldRunner()])) as Record<JobKind, JobRunner>
  jobs = new JobService(new JobsRepo(m.db), sink, runners, () => 'A')
})
afterEach(async () => {
  await jobs.shutdown()
  home.cleanup()
})

describe('kind families', () => {
  it('puts every kind in exactly one family, and "Sync" with the pull', () => {
    const all = Object.values(JOB_FAMILIES).flat()
    expect([...all].sort()).toEqual([...JOB_KINDS].sort())
    expect(jobFamily('pull-and-push')).toBe('pull')
    expect(sameFamily('pull', 'pull-and-push')).toBe(true)
    expect(sameFamily('import-plan', 'undo-plan')).toBe(true)
    expect(sameFamily('pull', 'deep-pull')).toBe(false)
    expect(sameFamily('push', 'import-push')).toBe(false)
    expect(jobFamily('sync')).toBeNull()
  })
})

describe('one job of a family per workspace', () => {
  it("answers a tray Sync with the window's running pull of the same workspace, and the other way round", async () => {
    const pull = jobs.start('pull', 'user', {}, 'A')
    const sync = jobs.start('pull-and-push', 'tray', {}, 'A')
    expect(sync.id).toBe(pull.id)
    expect(sync.kind).toBe('pull')
    expect(jobs.listRunning()).toHaveLength(1)
    held.get(pull.id)!.release()
    await tick()
    const second = jobs.start('pull-and-push', 'tray', {}, 'A')
    expect(second.id).not.toBe(pull.id)
    expect(jobs.start('pull', 'schedule', {}, 'A').id).toBe(second.id)
  })

  it('runs a pull of A beside a pull of B, and a push or a deep pull beside a pull of A', () => {
    const a = jobs.start('pull', 'user', {}, 'A')
    const b = jobs.start('pull-and-push', 'user', {}, 'B')
    const push = jobs.start('push', 'user', {}, 'A')
    const deep = jobs.start('deep-pull', 'user', {}, 'A')
    expect(new Set([a.id, b.id, push.id, deep.id]).size).toBe(4)
    expect(jobs.listRunning()).toHaveLength(4)
  })

  it('runs one plan per workspace, an import plan or an undo plan', () => {
    const plan = jobs.start('import-plan', 'user', {}, 'A')
    expect(jobs.start('undo-plan', 'user', { undoOf: 'x' }, 'A').id).toBe(plan.id)
    expect(jobs.start('import-push', 'user', { importId: 'x' }, 'A').id).not.toBe(plan.id)
  })
})

describe('stopReason', () => {
  it('is null while the job runs, "cancelled" after a cancel, and the job ends cancelled', async () => {
    const job = jobs.start('pull', 'user', {}, 'A')
    const { ctx } = held.get(job.id)!
    expect(ctx.stopReason()).toBeNull()
    jobs.cancel(job.id)
    expect(ctx.stopReason()).toBe<StopReason>('cancelled')
    await tick()
    expect(finished).toMatchObject([{ jobId: job.id, state: 'cancelled' }])
    expect(jobs.get(job.id)?.state).toBe('cancelled')
  })

  it('is "shutdown" when the engine stops: no final event, the job stays running to resume', async () => {
    const job = jobs.start('push', 'user', {}, 'A')
    const { ctx } = held.get(job.id)!
    await jobs.shutdown()
    expect(ctx.stopReason()).toBe<StopReason>('shutdown')
    expect(finished).toEqual([])
    expect(jobs.get(job.id)?.state).toBe('running')
  })

  it('stays null for a job that ends by itself', async () => {
    const job = jobs.start('deep-pull', 'user', {}, 'A')
    const { ctx, release } = held.get(job.id)!
    release()
    await tick()
    expect(ctx.stopReason()).toBeNull()
    expect(finished).toMatchObject([{ jobId: job.id, state: 'succeeded' }])
  })
})

describe('runner registry', () => {
  it('refuses a second runner for a kind, and a kind without a runner', () => {
    const service = new JobService(new JobsRepo(home.open().db), { emit: () => undefined }, {}, () => 'A')
    service.register('pull', heldRunner())
    expect(() => service.register('pull', heldRunner())).toThrow(/already registered/)
    expect(() => service.start('push', 'user', {}, 'A')).toThrow(/no runner for push jobs/)
  })
})
