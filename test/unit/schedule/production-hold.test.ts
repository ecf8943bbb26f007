import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ConnectivityTracker } from '../../../src-main/cio/connectivity'
import type { SecretStore } from '../../../src-main/credentials/secret-store'
import { JobsRepo } from '../../../src-main/jobs/jobs-repo'
import { WorkspacesRepo } from '../../../src-main/db/workspaces-repo'
import type { EventSink } from '../../../src-main/base/events'
import { AppError } from '../../../src-main/contract/result'
import { MAINS } from '../../../src-main/schedule/power'
import { ScheduleService } from '../../../src-main/schedule/schedule-service'
import { Scheduler, type Timers } from '../../../src-main/schedule/scheduler'
import { SchedulesRepo } from '../../../src-main/schedule/schedules-repo'
import { JobService, type JobContext } from '../../../src-main/jobs/job-service'
import { productionGate } from '../../../src-main/jobs/production-gate'
import { SandboxManager } from '../../../src-main/workspaces/sandbox-manager'
import { WorkspaceService } from '../../../src-main/workspaces/workspace-service'
import { addWorkspace, tempHome } from '../db/helpers'

// The timer's path of a production workspace's push schedule (issue 14 item 8): the real
// scheduler, JobService, production gate and WorkspaceService over a real mirror file; the push
// runner only records that it ran. The IPC side (creation, Run now) is in
// test/integration/changes/production-guard.test.ts.

const MIN = 60_000
const T0 = new Date(2026, 0, 5, 10, 0).getTime()
const noTimers: Timers = { set: () => 1, clear: () => {} }
const sink: EventSink = { emit: () => {} }
const noSecrets = {} as SecretStore // the rule reads the workspace row only

let home: ReturnType<typeof tempHome>
let t: number
let pushes: JobContext[]
let jobs: JobService
let repo: SchedulesRepo
let scheduler: Scheduler
let service: ScheduleService
let sql: (q: string) => void

beforeEach(() => {
  home = tempHome()
  const m = home.open()
  addWorkspace(m, 'w1', 'Acme', true)
  sql = (q) => void m.sqlite.exec(q)
  sql("UPDATE workspaces SET kind = 'custom', production = 1 WHERE id = 'w1'")
  t = T0
  pushes = []
  const workspaces = new WorkspaceService(new WorkspacesRepo(m.db), noSecrets, new SandboxManager(() => Promise.reject(new Error('unused')), home.dir, 0), sink)
  const gate = productionGate(workspaces)
  jobs = new JobService(new JobsRepo(m.db), sink, { push: async (ctx) => (pushes.push(ctx), 'pushed') }, () => 'w1', () => t, gate)
  repo = new SchedulesRepo(m)
  scheduler = new Scheduler({ repo, jobs, connectivity: new ConnectivityTracker(sink, () => t), power: { read: () => MAINS }, events: sink, now: () => t, timers: noTimers })
  service = new ScheduleService({ repo, scheduler, now: () => t, gate })
  scheduler.start()
})
afterEach(() => {
  scheduler.stop()
  home.cleanup()
})

const flush = () => new Promise((r) => setImmediate(r))

describe('push schedules of a production workspace', () => {
  it('are refused without the exact name, and nothing is saved', () => {
    for (const confirm of [undefined, 'acme']) {
      expect(() => service.add('w1', { kind: 'push', everySeconds: 60, enabled: true, confirm })).toThrow(AppError)
    }
    expect(service.list('w1')).toEqual([])
    expect(() => jobs.start('push', 'user', {}, 'w1')).toThrow(/"Acme" is a production workspace: type its name to confirm the push/)
  })

  it('run on the name typed at creation; a rename holds them, without back-off, until confirmed again', async () => {
    const id = service.add('w1', { kind: 'push', everySeconds: 60, enabled: true, confirm: 'Acme' }).id
    t += MIN
    scheduler.tick()
    await flush()
    expect(pushes.map((p) => p.trigger)).toEqual(['schedule'])
    scheduler.tick()
    expect(service.list('w1')[0]).toMatchObject({ lastState: 'succeeded', failures: 0 })

    sql("UPDATE workspaces SET name = 'Acme EU' WHERE id = 'w1'")
    for (let i = 0; i < 3; i++) {
      t += MIN
      scheduler.tick()
      await flush()
    }
    expect(pushes).toHaveLength(1)
    const held = service.list('w1')[0]
    expect(held).toMatchObject({ lastState: 'failed', failures: 0, nextRunAt: t + MIN })
    expect(held.lastError).toMatch(/"Acme EU" is a production workspace: type its name to let its scheduled pushes run .*nothing was sent/)

    service.update({ id, confirm: 'Acme EU' })
    t += MIN
    scheduler.tick()
    await flush()
    expect(pushes).toHaveLength(2)
  })

  it('hold one made before the workspace became production', async () => {
    sql("UPDATE workspaces SET production = 0 WHERE id = 'w1'")
    service.add('w1', { kind: 'push', everySeconds: 60, enabled: true })
    sql("UPDATE workspaces SET production = 1 WHERE id = 'w1'")
    t += MIN
    scheduler.tick()
    await flush()
    expect(pushes).toEqual([])
    expect(service.list('w1')[0]).toMatchObject({ lastState: 'failed', failures: 0 })
  })
})
