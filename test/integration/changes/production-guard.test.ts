import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { JobFinished } from '../../../src-main/contract/jobs'
import type { ScheduleView } from '../../../src-main/contract/schedules'
import type { Result } from '../../../src-main/contract/result'
import { startRuntime, type Runtime } from '../../../src-main/runtime/engine-runtime'
import { startSandbox, type SandboxHandle } from '../../../src-main/sandbox'
import { admin, appAttributes, tempDir, type RequestLog } from '../import/harness'
import { MemorySecrets } from '../pull/harness'

// Issue 14 item 8: nothing pushes to a production workspace without its name typed, whichever
// way the push starts. Through the engine's public surface (the IPC contract a window or the
// headless socket uses) with the real worker, mirror file and a sandbox over HTTP; the keys sit
// in an in-memory store, since the rule has nothing to do with the keychain.
let sandbox: SandboxHandle
let rt: Runtime
let workspaceId = ''
const finished: JobFinished[] = []
const PERSON = 'sbx-0000001'

async function invoke<T>(channel: string, input: unknown): Promise<Result<T>> {
  return (await rt.invoke(channel, input)) as Result<T>
}
async function value<T>(channel: string, input: unknown): Promise<T> {
  const r = await invoke<T>(channel, input)
  if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`)
  return r.value
}
async function until(jobId: string): Promise<JobFinished> {
  for (let i = 0; i < 600 && !finished.some((f) => f.jobId === jobId); i++) await new Promise((r) => setTimeout(r, 50))
  return finished.find((f) => f.jobId === jobId)!
}
async function edit(marker: string): Promise<void> {
  const { person } = await value<{ person: { pk: number } }>('app:people:get', { ident: PERSON })
  await value('app:changes:edit', { kind: 'attributes', pk: person.pk, set: { guard_marker: marker } })
}
const remote = async () => (await appAttributes(sandbox, PERSON))?.guard_marker ?? null
const batches = async () => (await admin<RequestLog>(sandbox, '/__sandbox/requests?limit=1000')).requests.filter((r) => r.path === '/api/v2/batch').length
const rename = (name: string) => value('app:workspaces:update', { id: workspaceId, name })
const setProduction = (production: boolean) => value('app:workspaces:update', { id: workspaceId, production })

beforeAll(async () => {
  sandbox = await startSandbox({ people: 5 })
  rt = await startRuntime({ home: join(tempDir('production-guard'), 'home'), mode: 'cli', firstRunSandbox: false, secrets: new MemorySecrets() })
  rt.onEvent((name, payload) => void (name === 'app:jobs:finished' && finished.push(payload as JobFinished)))
  const { siteId, trackApiKey, appApiKey, writeKey } = sandbox
  workspaceId = (await value<{ id: string }>('app:workspaces:add', { name: 'Acme', kind: 'custom', url: sandbox.url, credentials: { siteId, trackApiKey, appApiKey, writeKey } })).id
  const pull = await value<{ id: string }>('app:jobs:start', { kind: 'pull', workspaceId, options: { only: ['people'] } })
  expect((await until(pull.id)).state).toBe('succeeded')
  await setProduction(true)
}, 60_000)
afterAll(async () => {
  await rt?.stop()
  await sandbox?.close()
})

describe('pushes to a production workspace', () => {
  it('cannot be started through app:jobs:start, which takes only the kinds that read', async () => {
    await edit('one')
    const sentBefore = await batches()
    for (const kind of ['push', 'import', 'plan']) {
      const r = await invoke('app:jobs:start', { kind, workspaceId })
      expect(r.ok, kind).toBe(false)
      expect(!r.ok && r.error.code).toBe('VALIDATION')
    }
    await new Promise((r) => setTimeout(r, 300))
    expect(await batches()).toBe(sentBefore)
    expect(await remote()).toBeNull()
    const { counts } = await value<{ counts: { pending: number } }>('app:changes:outbox', { workspaceId, limit: 10 })
    expect(counts.pending).toBe(1)
  })

  it('go out through app:changes:push with the exact name only', async () => {
    for (const confirm of [undefined, 'acme', ' Acme']) {
      const r = await invoke('app:changes:push', { workspaceId, confirm })
      expect(!r.ok && r.error.code, String(confirm)).toBe('FORBIDDEN')
    }
    const { jobId } = await value<{ jobId: string }>('app:changes:push', { workspaceId, confirm: 'Acme' })
    expect((await until(jobId)).state).toBe('succeeded')
    expect(await remote()).toBe('one')
  })

  it('need the name when a push schedule is created, and run on it', async () => {
    for (const confirm of [undefined, 'ACME']) {
      const r = await invoke('app:schedules:add', { workspaceId, kind: 'push', everySeconds: 3600, confirm })
      expect(!r.ok && r.error.code, String(confirm)).toBe('FORBIDDEN')
      expect(!r.ok && r.error.message).toContain('"Acme" is a production workspace: type its name to schedule pushes')
    }
    expect((await value<{ schedules: ScheduleView[] }>('app:schedules:list', { workspaceId })).schedules).toEqual([])
    const schedule = await value<ScheduleView>('app:schedules:add', { workspaceId, kind: 'push', everySeconds: 3600, confirm: 'Acme' })
    await edit('two')
    const { jobId } = await value<{ jobId: string }>('app:schedules:runnow', { id: schedule.id })
    expect((await until(jobId)).state).toBe('succeeded')
    expect(await remote()).toBe('two')
  })

  it('are held once the workspace is renamed, until the schedule is confirmed with the new name', async () => {
    const [schedule] = (await value<{ schedules: ScheduleView[] }>('app:schedules:list', { workspaceId })).schedules
    await rename('Acme EU')
    await edit('three')
    const held = await invoke('app:schedules:runnow', { id: schedule.id })
    expect(!held.ok && held.error.code).toBe('FORBIDDEN')
    expect(!held.ok && held.error.message).toContain('"Acme EU" is a production workspace: type its name to let its scheduled pushes run')
    expect(await remote()).toBe('two')
    expect(await invoke('app:schedules:update', { id: schedule.id, confirm: 'Acme' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    await value('app:schedules:update', { id: schedule.id, confirm: 'Acme EU' })
    const { jobId } = await value<{ jobId: string }>('app:schedules:runnow', { id: schedule.id })
    expect((await until(jobId)).state).toBe('succeeded')
    expect(await remote()).toBe('three')
    await value('app:schedules:remove', { id: schedule.id })
  })

  it('are held for a push schedule made before the workspace became production', async () => {
    await setProduction(false)
    const schedule = await value<ScheduleView>('app:schedules:add', { workspaceId, kind: 'push', everySeconds: 3600 })
    await setProduction(true)
    await edit('four')
    expect(await invoke('app:schedules:runnow', { id: schedule.id })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(await remote()).toBe('three')
  })
})
