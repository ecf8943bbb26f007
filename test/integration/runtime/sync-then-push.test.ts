import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { JobFinished } from '../../../src-main/contract/jobs'
import type { Connectivity } from '../../../src-main/contract/sync'
import type { Result } from '../../../src-main/contract/result'
import { startRuntime, type Runtime } from '../../../src-main/runtime/engine-runtime'
import { startSandbox, type SandboxHandle } from '../../../src-main/sandbox'
import { admin, appAttributes, type RequestLog } from '../import/harness'
import { MemorySecrets, tempDir } from '../pull/harness'

// Issue 15, point 2: "Sync" is a pull and then a push of the queued changes (never to a production
// workspace without its name typed); job events name their workspace, trigger and how many records
// changed; and an unreachable workspace can be asked again (`sync.connectivity` with `probe`).
// Through the engine's IPC surface with the real worker, mirror file and a sandbox over HTTP.
const dir = tempDir('sync-then-push')
let sandbox: SandboxHandle
let rt: Runtime
let workspaceId = ''
const finished: JobFinished[] = []
const PERSON = 'sbx-0000001'

async function value<T>(channel: string, input: unknown): Promise<T> {
  const r = (await rt.invoke(channel, input)) as Result<T>
  if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`)
  return r.value
}
async function until(match: (f: JobFinished) => boolean): Promise<JobFinished> {
  for (let i = 0; i < 600 && !finished.some(match); i++) await new Promise((r) => setTimeout(r, 50))
  const f = finished.find(match)
  if (!f) throw new Error('no such job finished')
  return f
}
async function edit(marker: string): Promise<void> {
  const { person } = await value<{ person: { pk: number } }>('app:people:get', { ident: PERSON })
  await value('app:changes:edit', { kind: 'attributes', pk: person.pk, set: { sync_marker: marker } })
}
const batches = async () => (await admin<RequestLog>(sandbox, '/__sandbox/requests?limit=1000')).requests.filter((r) => r.path === '/api/v2/batch').length

beforeAll(async () => {
  sandbox = await startSandbox({ people: 5, dataDir: join(dir, 'sandbox') })
  rt = await startRuntime({ home: join(dir, 'home'), mode: 'cli', firstRunSandbox: false, secrets: new MemorySecrets() })
  rt.onEvent((name, payload) => void (name === 'app:jobs:finished' && finished.push(payload as JobFinished)))
  const { siteId, trackApiKey, appApiKey, writeKey } = sandbox
  workspaceId = (await value<{ id: string }>('app:workspaces:add', { name: 'Acme', kind: 'custom', url: sandbox.url, credentials: { siteId, trackApiKey, appApiKey, writeKey } })).id
  await value('app:workspaces:select', { id: workspaceId })
}, 60_000)
afterAll(async () => {
  await rt?.stop()
  await sandbox?.close()
})

describe('sync', () => {
  it('pulls, then pushes the queued changes as a push job; the events say whose jobs they were and what changed', async () => {
    const first = await value<{ id: string }>('app:jobs:start', { kind: 'pull-and-push', workspaceId })
    const pulled = await until((f) => f.jobId === first.id)
    expect(pulled).toMatchObject({ kind: 'pull-and-push', workspaceId, trigger: 'user', state: 'succeeded' })
    expect(pulled.changes).toBeGreaterThan(0) // 5 people created in the mirror
    expect(pulled.message).not.toContain('queued')

    await edit('synced')
    const sync = await value<{ id: string }>('app:jobs:start', { kind: 'pull-and-push', workspaceId, trigger: 'tray' })
    const done = await until((f) => f.jobId === sync.id)
    expect(done).toMatchObject({ kind: 'pull-and-push', workspaceId, trigger: 'tray', state: 'succeeded' })
    expect(done.message).toMatch(/pushing 1 queued change$/)
    const push = await until((f) => f.kind === 'push')
    expect(push).toMatchObject({ workspaceId, trigger: 'tray', state: 'succeeded', changes: 1 })
    await expect.poll(async () => (await appAttributes(sandbox, PERSON))?.sync_marker, { timeout: 15_000 }).toBe('synced')
  })

  it('reports no change for a pull that found none, so a scheduled one can say nothing', async () => {
    const again = await value<{ id: string }>('app:jobs:start', { kind: 'pull', workspaceId, options: { only: ['people', 'segments'] } })
    expect(await until((f) => f.jobId === again.id)).toMatchObject({ state: 'succeeded', changes: 0 })
  })

  it('leaves a production workspace’s queued changes for a push with its name typed', async () => {
    await value('app:workspaces:update', { id: workspaceId, production: true })
    await edit('not-without-the-name')
    const sentBefore = await batches()
    const pushesBefore = finished.filter((f) => f.kind === 'push').length
    const sync = await value<{ id: string }>('app:jobs:start', { kind: 'pull-and-push', workspaceId })
    const done = await until((f) => f.jobId === sync.id)
    expect(done.state).toBe('succeeded')
    expect(done.message).toMatch(/1 queued change wait: production needs its name typed to push them$/)
    await new Promise((r) => setTimeout(r, 300))
    expect(finished.filter((f) => f.kind === 'push')).toHaveLength(pushesBefore)
    expect(await batches()).toBe(sentBefore)
    await value('app:workspaces:update', { id: workspaceId, production: false })
  })
})

describe('connectivity probe', () => {
  it('asks an unreachable workspace again and finds it back', async () => {
    const port = Number(new URL(sandbox.url).port)
    // Not known unreachable: a probe asks nothing and answers what is known.
    const known = await value<Connectivity | null>('app:sync:connectivity', { workspaceId, probe: true })
    expect(known?.reachable).toBe(true)

    await sandbox.close()
    const pull = await value<{ id: string }>('app:jobs:start', { kind: 'pull', workspaceId, options: { only: ['segments'] } })
    expect(await until((f) => f.jobId === pull.id)).toMatchObject({ state: 'failed', workspaceId })
    expect(await value<Connectivity>('app:sync:connectivity', { workspaceId })).toMatchObject({ reachable: false })
    expect(await value<Connectivity>('app:sync:connectivity', { workspaceId, probe: true })).toMatchObject({ reachable: false })

    sandbox = await startSandbox({ dataDir: join(dir, 'sandbox'), port })
    const back = await value<Connectivity>('app:sync:connectivity', { workspaceId, probe: true })
    expect(back).toMatchObject({ workspaceId, reachable: true, message: null })
  }, 60_000)
})
