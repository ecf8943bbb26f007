import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ConnectivityTracker } from '../../../src-main/cio/connectivity'
import { JobsRepo } from '../../../src-main/jobs/jobs-repo'
import type { EventSink } from '../../../src-main/base/events'
import type { ScheduleStatus } from '../../../src-main/contract/schedules'
import { MAINS, sysfsPower, type PowerState } from '../../../src-main/schedule/power'
import { ScheduleService } from '../../../src-main/schedule/schedule-service'
import { OFFLINE_RECHECK_MS, Scheduler, type Timers } from '../../../src-main/schedule/scheduler'
import { SchedulesRepo } from '../../../src-main/schedule/schedules-repo'
import { JobService, type JobContext } from '../../../src-main/jobs/job-service'
import { addWorkspace, tempHome } from '../db/helpers'

// The scheduler against a real mirror file and the real JobService, whose runners are gates the
// test opens; time is a number the test moves, and tick() is called by hand: nothing sleeps.

const MIN = 60_000
const T0 = new Date(2026, 0, 5, 10, 0).getTime() // a Monday, 10:00 local time

let home: ReturnType<typeof tempHome>
let t: number
let power: PowerState
let gates: Map<string, { ctx: JobContext; settle(error?: Error): void }>
let started: { kind: string; trigger: string; options: Record<string, unknown> }[]
let statuses: ScheduleStatus[]
let repo: SchedulesRepo
let jobs: JobService
let connectivity: ConnectivityTracker
let scheduler: Scheduler
let service: ScheduleService

const flush = () => new Promise((r) => setImmediate(r))
const noTimers: Timers = { set: () => 1, clear: () => {} }

function gate(ctx: JobContext): Promise<string | null> {
  started.push({ kind: jobs.get(ctx.jobId)!.kind, trigger: ctx.trigger, options: ctx.options })
  return new Promise((res, rej) => gates.set(ctx.jobId, { ctx, settle: (e) => (gates.delete(ctx.jobId), e ? rej(e) : res('done')) }))
}

/** Ends every running job (optionally with a failure) and lets the JobService record it. */
async function finishAll(error?: Error): Promise<void> {
  for (const g of [...gates.values()]) g.settle(error)
  await flush()
}

function build(): void {
  const m = home.open()
  const sink: EventSink = { emit: (name, payload) => void (name === 'app:schedules:status' && statuses.push(payload as ScheduleStatus)) }
  jobs = new JobService(new JobsRepo(m.db), sink, { pull: gate, 'pull-and-push': gate, 'import-push': gate }, () => 'w1', () => t)
  connectivity = new ConnectivityTracker(sink, () => t)
  repo = new SchedulesRepo(m)
  scheduler = new Scheduler({ repo, jobs, connectivity, power: { read: () => power }, events: sink, now: () => t, timers: noTimers })
  service = new ScheduleService({ repo, scheduler, now: () => t })
}

beforeEach(() => {
  home = tempHome()
  addWorkspace(home.open(), 'w1', 'One', true)
  t = T0
  power = MAINS
  gates = new Map()
  started = []
  statuses = []
  build()
})
afterEach(async () => {
  scheduler.stop()
  await finishAll()
  home.cleanup()
})

describe('the scheduler', () => {
  it('starts a due schedule through the JobService with trigger schedule and the parts to pull', async () => {
    scheduler.start()
    const s = service.add('w1', { kind: 'pull', parts: ['people'], everySeconds: 60, enabled: true })
    expect(s.nextRunAt).toBe(T0 + MIN)
    t += MIN - 1
    scheduler.tick()
    expect(started).toEqual([])
    t += 1
    scheduler.tick()
    expect(started).toEqual([{ kind: 'pull', trigger: 'schedule', options: { only: ['people'] } }])
    expect(service.list('w1')[0]).toMatchObject({ lastState: 'running', lastRunAt: T0 + MIN, nextRunAt: T0 + 2 * MIN })
    await finishAll()
    scheduler.tick()
    expect(service.list('w1')[0]).toMatchObject({ lastState: 'succeeded', failures: 0 })
  })

  it('never runs two pulls of a workspace at once, and lets a foreground import go first', async () => {
    scheduler.start()
    service.add('w1', { kind: 'pull', parts: ['people'], everySeconds: 60, enabled: true })
    service.add('w1', { kind: 'pull', parts: ['segments'], everySeconds: 60, enabled: true })
    jobs.start('import-push', 'user', {}, 'w1')
    started = []
    t += MIN
    scheduler.tick()
    expect(started).toEqual([]) // the import holds both back
    expect(scheduler.status().reason).toMatch(/import/)
    await finishAll()
    scheduler.tick()
    expect(started.map((s) => s.options.only)).toEqual([['people']]) // the second waits for the first
    await finishAll()
    scheduler.tick()
    expect(started.map((s) => s.options.only)).toEqual([['people'], ['segments']])
  })

  it('backs off exponentially after failures, keeps it across a restart, and returns to normal after a success', async () => {
    scheduler.start()
    const id = service.add('w1', { kind: 'pull', everySeconds: 60, enabled: true }).id
    const failRun = async () => {
      t = repo.get(id)!.nextRunAt!
      scheduler.tick()
      t += 5000
      await finishAll(new Error('Customer.io answered 503'))
      scheduler.tick()
      return repo.get(id)!
    }
    let row = await failRun()
    expect(row).toMatchObject({ failures: 1, lastState: 'failed', lastError: 'Customer.io answered 503', nextRunAt: t + 2 * MIN })
    expect(scheduler.status()).toMatchObject({ state: 'error', reason: 'Customer.io answered 503' })
    row = await failRun()
    expect(row).toMatchObject({ failures: 2, nextRunAt: t + 4 * MIN })

    // a new engine on the same file keeps spacing the runs out
    scheduler.stop()
    build()
    scheduler.start()
    expect(repo.get(id)).toMatchObject({ failures: 2, nextRunAt: t + 4 * MIN })
    row = await failRun()
    expect(row).toMatchObject({ failures: 3, nextRunAt: t + 8 * MIN })

    t = row.nextRunAt!
    const runStart = t
    scheduler.tick()
    await finishAll()
    scheduler.tick()
    expect(repo.get(id)).toMatchObject({ failures: 0, lastState: 'succeeded', nextRunAt: runStart + MIN })
    expect(scheduler.status().state).toBe('idle')
  })

  it('runs the runs missed while the app was closed once, not once per missed run', async () => {
    const id = service.add('w1', { kind: 'pull', everySeconds: 60, enabled: true }).id
    t += 10 * 3600_000 // closed for ten hours: 600 runs missed
    scheduler.start()
    expect(started).toHaveLength(1)
    await finishAll()
    scheduler.tick()
    scheduler.tick()
    expect(started).toHaveLength(1)
    expect(repo.get(id)!.nextRunAt).toBe(t + MIN)
  })

  it('pulls a next run back when the clock moves backwards, keeping a back-off but not a day of it', async () => {
    scheduler.start()
    const every = service.add('w1', { kind: 'pull', everySeconds: 60, enabled: true }).id
    const hourly = service.add('w1', { kind: 'pull', parts: ['segments'], cron: '0 * * * *', enabled: true }).id
    expect(repo.get(every)!.nextRunAt).toBe(T0 + MIN)
    t -= 24 * 3600_000 // the clock is set back a day (a wrong NTP answer corrected, a VM restored)
    scheduler.tick()
    expect(repo.get(every)!.nextRunAt).toBe(t + MIN) // not a day and a minute away
    expect(repo.get(hourly)!.nextRunAt).toBe(t + 3600_000) // the cron's next from the new time (T0 is on the hour)
    t += MIN
    scheduler.tick()
    expect(started.map((s) => s.options.only)).toEqual([['people', 'segments', 'collections']])
    await finishAll(new Error('Customer.io answered 503'))
    scheduler.tick()
    expect(repo.get(every)).toMatchObject({ failures: 1, nextRunAt: t + 2 * MIN })
    // back again by an hour while backing off: two periods from now, the back-off still holds
    t -= 3600_000
    scheduler.tick()
    expect(repo.get(every)!.nextRunAt).toBe(t + 2 * MIN)
    expect(started).toHaveLength(1)
  })

  it('waits while the workspace is offline, probing again after a while', async () => {
    scheduler.start()
    service.add('w1', { kind: 'pull', everySeconds: 60, enabled: true })
    t += MIN
    connectivity.record('w1', false, 'connect ECONNREFUSED')
    scheduler.tick()
    expect(started).toEqual([])
    expect(scheduler.status()).toMatchObject({ state: 'offline', reason: 'connect ECONNREFUSED' })
    t += OFFLINE_RECHECK_MS
    scheduler.tick()
    expect(started).toHaveLength(1) // the run is the probe
    // it fails with the network still down: not counted towards the back-off
    await finishAll(new Error('workspace not reachable'))
    scheduler.tick()
    expect(service.list('w1')[0]).toMatchObject({ failures: 0, lastState: 'failed' })
  })

  it('holds back on a low battery, runs on mains or when the charge is unknown', async () => {
    scheduler.start()
    service.add('w1', { kind: 'pull', everySeconds: 60, enabled: true })
    t += MIN
    power = { onBattery: true, percent: 12 }
    scheduler.tick()
    expect(started).toEqual([])
    expect(scheduler.status()).toMatchObject({ state: 'paused', paused: false, reason: 'on battery (12 %, below 20 %)' })
    power = { onBattery: true, percent: null }
    scheduler.tick()
    expect(started).toHaveLength(1)
  })

  it('pauses for an hour or until resumed, then runs a missed schedule once', async () => {
    scheduler.start()
    service.add('w1', { kind: 'pull', everySeconds: 60, enabled: true })
    expect(service.pause(60)).toMatchObject({ state: 'paused', paused: true, pausedUntil: T0 + 60 * MIN })
    t += 30 * MIN
    scheduler.tick()
    expect(started).toEqual([])
    t = T0 + 60 * MIN
    scheduler.tick()
    expect(started).toHaveLength(1)
    expect(scheduler.status().paused).toBe(false)
    await finishAll()

    service.pause(undefined)
    t += 3 * 3600_000
    scheduler.tick()
    expect(started).toHaveLength(1)
    expect(scheduler.status()).toMatchObject({ state: 'paused', pausedUntil: null })
    service.resume()
    expect(started).toHaveLength(2)
  })

  it('reports a running sync with its percent, and publishes only changed statuses', async () => {
    scheduler.start()
    const { jobId } = service.runNow(service.add('w1', { kind: 'pull', everySeconds: 60, enabled: true }).id)
    gates.get(jobId)!.ctx.progress('people', 5, 20)
    scheduler.tick()
    expect(scheduler.status()).toMatchObject({ state: 'syncing', percent: 25, running: { jobId, kind: 'pull' } })
    const before = statuses.length
    scheduler.tick()
    expect(statuses.length).toBe(before)
  })

  it('records a start refused for want of a runner as a failed run with its reason', () => {
    scheduler.start()
    const id = service.add('w1', { kind: 'push', everySeconds: 60, enabled: true }).id
    t += MIN
    scheduler.tick()
    expect(repo.get(id)).toMatchObject({ lastState: 'failed', lastError: 'no runner for push jobs', failures: 1, nextRunAt: t + 2 * MIN })
  })

  it('refuses intervals under a minute and cron expressions croner cannot read', () => {
    expect(() => service.add('w1', { kind: 'pull', everySeconds: 30, enabled: true })).toThrow(/at least 1 minute/)
    expect(() => service.add('w1', { kind: 'pull', cron: 'every day', enabled: true })).toThrow(/The cron expression "every day" is not valid: The cron expression has 2 fields/)
  })
})

describe('the Linux power reader', () => {
  function supply(root: string, name: string, files: Record<string, string>): void {
    mkdirSync(join(root, name), { recursive: true })
    for (const [f, v] of Object.entries(files)) writeFileSync(join(root, name, f), `${v}\n`)
  }

  it('reads a discharging battery, mains when an adapter is online, and mains when nothing is known', () => {
    const root = join(home.dir, 'power_supply')
    expect(sysfsPower(root).read()).toEqual(MAINS)
    supply(root, 'BAT0', { type: 'Battery', status: 'Discharging', capacity: '15' })
    supply(root, 'hidpp_battery_0', { type: 'Battery', scope: 'Device', status: 'Discharging', capacity: '3' })
    supply(root, 'AC', { type: 'Mains', online: '0' })
    expect(sysfsPower(root).read()).toEqual({ onBattery: true, percent: 15 })
    supply(root, 'AC', { type: 'Mains', online: '1' })
    expect(sysfsPower(root).read()).toEqual(MAINS)
  })
})
