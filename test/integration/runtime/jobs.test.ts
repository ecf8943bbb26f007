import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { JobFinished, JobProgress, JobView } from '../../../src-main/contract/jobs'
import { startRuntime, type Runtime } from '../../../src-main/runtime/engine-runtime'
import { requireKeyring } from '../support/keyring'

// "Sync" as the tray and the header start it (a pull of everything, then a push of what is queued: sync-then-push.test.ts): a job with
// progress events and exactly one final event, recorded in the job history.
requireKeyring()
let rt: Runtime
const progress: JobProgress[] = []
const finished: JobFinished[] = []

beforeAll(async () => {
  rt = await startRuntime({ home: mkdtempSync(join(tmpdir(), 'cio-sync-jobs-')), mode: 'cli', sandboxPeople: 10 })
  rt.onEvent((name, payload) => {
    if (name === 'app:jobs:progress') progress.push(payload as JobProgress)
    if (name === 'app:jobs:finished') finished.push(payload as JobFinished)
  })
})
afterAll(() => rt?.stop())

async function waitFor<T>(fn: () => T | undefined, ms = 15_000): Promise<T> {
  const until = Date.now() + ms
  for (;;) {
    const v = fn()
    if (v !== undefined) return v
    if (Date.now() > until) throw new Error('timed out')
    await new Promise((r) => setTimeout(r, 25))
  }
}

describe('sync job', () => {
  it('runs against the active workspace with progress and one final event', async () => {
    const started = await rt.invoke('app:jobs:start', { kind: 'pull-and-push', trigger: 'tray' })
    expect(started.ok).toBe(true)
    const job = (started as { value: JobView }).value
    expect(job).toMatchObject({ kind: 'pull-and-push', trigger: 'tray', state: 'running' })
    // Starting it again while it runs returns the running job instead of a second one.
    const again = await rt.invoke('app:jobs:start', { kind: 'pull-and-push', trigger: 'user' })
    expect(again.ok && (again.value as JobView).id).toBe(job.id)
    // A window's Pull of the same workspace meanwhile is the same pull: never two at once.
    const pull = await rt.invoke('app:jobs:start', { kind: 'pull', trigger: 'user' })
    expect(pull.ok && (pull.value as JobView).id).toBe(job.id)

    const done = await waitFor(() => finished.find((f) => f.jobId === job.id))
    expect(done).toMatchObject({ state: 'succeeded', kind: 'pull-and-push' })
    await new Promise((r) => setTimeout(r, 200))
    expect(finished.filter((f) => f.jobId === job.id)).toHaveLength(1)
    expect(progress.filter((p) => p.jobId === job.id).length).toBeGreaterThan(0)

    const list = await rt.invoke('app:jobs:list', {})
    const row = list.ok ? (list.value as { jobs: JobView[] }).jobs.find((j) => j.id === job.id) : undefined
    expect(row).toMatchObject({ state: 'succeeded' })
    expect(row?.finishedAt).toBeGreaterThanOrEqual(row!.startedAt)
  })

  it('fails with a message that says what to do when the workspace cannot be reached', async () => {
    const added = await rt.invoke('app:workspaces:add', { name: 'Down', kind: 'custom', url: 'http://127.0.0.1:9', credentials: { siteId: 'a', trackApiKey: 'b', appApiKey: 'c', writeKey: 'd' } })
    expect(added.ok).toBe(true)
    await rt.invoke('app:workspaces:select', { id: (added as { value: { id: string } }).value.id })
    const started = await rt.invoke('app:jobs:start', { kind: 'pull-and-push' })
    const id = (started as { value: JobView }).value.id
    const done = await waitFor(() => finished.find((f) => f.jobId === id))
    expect(done.state).toBe('failed')
    expect(done.message).toMatch(/reach/i)
  })

  it('refuses to cancel a job that does not exist', async () => {
    expect(await rt.invoke('app:jobs:cancel', { id: 'nope' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
  })
})
