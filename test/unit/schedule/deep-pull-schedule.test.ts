import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ConnectivityTracker } from '../../../src-main/cio/connectivity'
import { JobsRepo } from '../../../src-main/jobs/jobs-repo'
import type { EventSink } from '../../../src-main/base/events'
import { addScheduleInput, schedulesContract } from '../../../src-main/contract/schedules'
import { MAINS } from '../../../src-main/schedule/power'
import { ScheduleService } from '../../../src-main/schedule/schedule-service'
import { Scheduler, type Timers } from '../../../src-main/schedule/scheduler'
import { SchedulesRepo } from '../../../src-main/schedule/schedules-repo'
import { JobService, type JobContext } from '../../../src-main/jobs/job-service'
import { addWorkspace, tempHome } from '../db/helpers'

// A deep-pull schedule (issue 13) against a real mirror file and the real JobService, whose runners
// are gates the test opens, as in scheduler.test.ts: it starts job kind 'deep-pull' with trigger
// 'schedule' and no options, has no parts, waits behind a deep pull of its workspace already
// running (and only behind that), and shows as background syncing only when nothing else runs.

const MIN = 60_000
const T0 = new Date(2026, 0, 5, 10, 0).getTime()

let home: ReturnType<typeof tempHome>
let t: number
let gates: Map<string, { kind: string; settle(): void }>
let started: { kind: string; trigger: string; options: Record<string, unknown> }[]
let jobs: JobService
let scheduler: Scheduler
let service: ScheduleService

const flush = () => new Promise((r) => setImmediate(r))
const noTimers: Timers = { set: () => 1, clear: () => {} }

function gate(ctx: JobContext): Promise<string | null> {
  const kind = jobs.get(ctx.jobId)!.kind
  started.push({ kind, trigger: ctx.trigger, options: ctx.options })
  return new Promise((res) => gates.set(ctx.jobId, { kind, settle: () => (gates.delete(ctx.jobId), res('done')) }))
}

async function finish(kind: string): Promise<void> {
  for (const g of [...gates.values()]) if (g.kind === kind) g.settle()
  await flush()
}

beforeEach(() => {
  home = tempHome()
  const m = home.open()
  addWorkspace(m, 'w1', 'One', true)
  addWorkspace(m, 'w2', 'Two')
  t = T0
  gates = new Map()
  started = []
  const sink: EventSink = { emit: () => undefined }
  jobs = new JobService(new JobsRepo(m.db), sink, { pull: gate, 'deep-pull': gate, 'import-push': gate }, () => 'w1', () => t)
  const repo = new SchedulesRepo(m)
  scheduler = new Scheduler({ repo, jobs, connectivity: new ConnectivityTracker(sink, () => t), power: { read: () => MAINS }, events: sink, now: () => t, timers: noTimers })
  service = new ScheduleService({ repo, scheduler, now: () => t })
})
afterEach(async () => {
  scheduler.stop()
  for (const g of [...gates.values()]) g.settle()
  await flush()
  home.cleanup()
})

describe('a deep-pull schedule', () => {
  it('is a schedule kind of the contract, without parts', () => {
    expect(schedulesContract.channels.add.input.safeParse({ kind: 'deep-pull', everySeconds: 3600 }).success).toBe(true)
    const withParts = addScheduleInput.safeParse({ kind: 'deep-pull', everySeconds: 3600, parts: ['people'] })
    expect(withParts.success).toBe(false)
    expect(JSON.stringify(withParts.error?.issues)).toContain('parts apply to pull schedules only')
    expect(addScheduleInput.safeParse({ kind: 'deeppull', everySeconds: 3600 }).success).toBe(false)
  })

  it('starts a deep-pull job with trigger schedule and no options, and keeps no parts on edit', async () => {
    scheduler.start()
    const s = service.add('w1', { kind: 'deep-pull', everySeconds: 60, enabled: true })
    expect(s).toMatchObject({ kind: 'deep-pull', parts: null, description: 'every 1 min', nextRunAt: T0 + MIN })
    expect(service.update({ id: s.id, parts: ['people'] }).parts).toBeNull()
    t += MIN
    scheduler.tick()
    expect(started).toEqual([{ kind: 'deep-pull', trigger: 'schedule', options: {} }])
    expect(service.list('w1')[0]).toMatchObject({ lastState: 'running', lastRunAt: T0 + MIN })
    await finish('deep-pull')
    scheduler.tick()
    expect(service.list('w1')[0]).toMatchObject({ lastState: 'succeeded', failures: 0 })
  })

  it('waits behind a deep pull of its workspace already running, but not behind a pull or another workspace', async () => {
    scheduler.start()
    const deep = service.add('w1', { kind: 'deep-pull', everySeconds: 60, enabled: true })
    service.add('w1', { kind: 'pull', parts: ['people'], everySeconds: 60, enabled: true })
    service.add('w2', { kind: 'deep-pull', everySeconds: 60, enabled: true })
    const byHand = jobs.start('deep-pull', 'user', {}, 'w1')
    started = []
    t += MIN
    scheduler.tick()
    // the pull and the other workspace's deep pull go; this workspace's deep pull waits its turn
    expect(started.map((s) => s.kind).sort()).toEqual(['deep-pull', 'pull'])
    expect(jobs.listRunning().filter((j) => j.kind === 'deep-pull').map((j) => j.workspaceId).sort()).toEqual(['w1', 'w2'])
    expect(service.list('w1').find((s) => s.id === deep.id)!.lastState).toBeNull()
    // Run now hands back the deep pull already going instead of starting a second one
    expect(service.runNow(deep.id).jobId).toBe(byHand.id)

    await finish('deep-pull')
    started = []
    scheduler.tick()
    expect(started).toEqual([{ kind: 'deep-pull', trigger: 'schedule', options: {} }])
    expect(service.list('w1').find((s) => s.id === deep.id)!.lastState).toBe('running')
  })

  it('shows as syncing while it runs alone, and a pull beside it is what the status shows', async () => {
    scheduler.start()
    const deep = jobs.start('deep-pull', 'schedule', {}, 'w1')
    expect(scheduler.status()).toMatchObject({ state: 'syncing', running: { jobId: deep.id, kind: 'deep-pull' } })
    const pull = jobs.start('pull', 'user', {}, 'w1')
    expect(scheduler.status()).toMatchObject({ state: 'syncing', running: { jobId: pull.id, kind: 'pull' } })
  })
})
