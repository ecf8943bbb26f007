import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { JobFinished, JobView } from '../../../src-main/contract/jobs'
import type { PeoplePage, PersonDetail } from '../../../src-main/contract/people'
import type { Connectivity } from '../../../src-main/contract/sync'
import type { Result } from '../../../src-main/contract/result'
import { startRuntime, type Runtime } from '../../../src-main/runtime/engine-runtime'
import { startSandbox, type SandboxHandle } from '../../../src-main/sandbox'
import { setFaults } from '../pull/harness'
import { requireKeyring } from '../support/keyring'
import { admin, identify, type RequestLog } from './helpers'

// `app:people:get` for someone created in Customer.io after the last pull (issue 13): through the
// engine's IPC contract, with the real engine worker, a real mirror file, the real OS keychain and
// the real sandbox over HTTP. The person is looked up through the App API and added to the mirror;
// an unknown person is NOT_FOUND; an unreachable workspace answers the mirror's NOT_FOUND quickly.
requireKeyring()
const home = mkdtempSync(join(tmpdir(), 'cio-sync-lookup-rt-'))
let rt: Runtime
let peer: SandboxHandle
let ws = ''
const finished: JobFinished[] = []

async function invoke<T>(channel: string, input: unknown): Promise<Result<T>> {
  return (await rt.invoke(channel, input)) as Result<T>
}

async function call<T>(channel: string, input: unknown): Promise<T> {
  const r = await invoke<T>(channel, input)
  if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`)
  return r.value
}

async function addAndPull(sandbox: SandboxHandle, name: string): Promise<string> {
  const credentials = { siteId: sandbox.siteId, trackApiKey: sandbox.trackApiKey, appApiKey: sandbox.appApiKey, writeKey: sandbox.writeKey }
  const { id } = await call<{ id: string }>('app:workspaces:add', { name, kind: 'custom', url: sandbox.url, credentials })
  const job = await call<JobView>('app:jobs:start', { kind: 'pull', workspaceId: id, options: { only: ['people'] } })
  const until = Date.now() + 60_000
  while (!finished.some((f) => f.jobId === job.id) && Date.now() < until) await new Promise((r) => setTimeout(r, 25))
  expect(finished.find((f) => f.jobId === job.id)).toMatchObject({ state: 'succeeded' })
  return id
}

const peopleCount = async (workspaceId: string) => (await call<{ people: number }>('app:mirror:status', { workspaceId })).people
const attributeReads = async () => (await admin<RequestLog>(peer, '/__sandbox/requests?limit=1000')).requests.filter((r) => r.method === 'GET' && /\/v1\/customers\/.+\/attributes$/.test(r.path)).length

beforeAll(async () => {
  peer = await startSandbox({ people: 5 })
  rt = await startRuntime({ home, mode: 'cli', firstRunSandbox: false })
  rt.onEvent((name, payload) => {
    if (name === 'app:jobs:finished') finished.push(payload as JobFinished)
  })
  ws = await addAndPull(peer, 'Peer')
}, 90_000)
afterAll(async () => {
  await rt?.stop()
  await peer?.close()
})

describe('app:people:get for a person the mirror does not hold yet', () => {
  it('looks a remote-created person up by id, adds them to the mirror and answers them as pulled', async () => {
    await identify(peer, 'late-1', { email: 'late-1@example.com', plan: 'basic', first_name: 'Lena' })
    const before = await peopleCount(ws)

    const d = await call<PersonDetail>('app:people:get', { workspaceId: ws, ident: 'late-1' })
    expect(d.person).toMatchObject({ id: 'late-1', email: 'late-1@example.com', cioId: expect.any(String), deletedAt: null, pending: [] })
    expect(d.person.attributes).toMatchObject({ plan: 'basic', first_name: 'Lena' })
    expect(d.base).toEqual(d.person.attributes) // the pulled copy is the merge base
    expect(d.syncedAt).toEqual(expect.any(Number))

    expect(await peopleCount(ws)).toBe(before + 1)
    const found = await call<PeoplePage>('app:people:search', { workspaceId: ws, text: 'Lena' })
    expect(found.rows.map((r) => r.id)).toContain('late-1')
    // From now on the mirror answers: no second App API read.
    const reads = await attributeReads()
    expect((await call<PersonDetail>('app:people:get', { workspaceId: ws, ident: 'LATE-1@example.com' })).person.pk).toBe(d.person.pk)
    expect(await attributeReads()).toBe(reads)
  })

  it('finds a person known only by email, and one addressed as cio_<cio_id>', async () => {
    await identify(peer, 'late-2@example.com', { plan: 'trial' })
    const byEmail = await call<PersonDetail>('app:people:get', { workspaceId: ws, ident: 'late-2@example.com' })
    expect(byEmail.person).toMatchObject({ id: null, email: 'late-2@example.com', attributes: { plan: 'trial' } })

    await identify(peer, 'late-3', { plan: 'pro' })
    const res = await fetch(`${peer.url}/v1/customers/late-3/attributes?id_type=id`, { headers: { authorization: `Bearer ${peer.appApiKey}` } })
    const cioId = ((await res.json()) as { customer: { identifiers: { cio_id: string } } }).customer.identifiers.cio_id
    const byCioId = await call<PersonDetail>('app:people:get', { workspaceId: ws, ident: `cio_${cioId}` })
    expect(byCioId.person).toMatchObject({ id: 'late-3', cioId, attributes: { plan: 'pro' } })
  })

  it('answers NOT_FOUND for a person neither the mirror nor the workspace knows, and adds nobody', async () => {
    const before = await peopleCount(ws)
    const r = await invoke<PersonDetail>('app:people:get', { workspaceId: ws, ident: 'nobody-anywhere' })
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.error.code).toBe('NOT_FOUND')
    expect(r.error.message).toMatch(/"nobody-anywhere" in the local mirror or in the workspace/)
    expect(await peopleCount(ws)).toBe(before)
  })

  it('answers the mirror NOT_FOUND within seconds when the App API hangs, then at once while it is known to be down', async () => {
    await identify(peer, 'late-4', { plan: 'basic' })
    await setFaults(peer, { latencyMs: 15_000, realms: ['app'] })
    try {
      let started = Date.now()
      const r = await invoke<PersonDetail>('app:people:get', { workspaceId: ws, ident: 'late-4' })
      expect(Date.now() - started).toBeLessThan(8000)
      expect(r).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', retryable: true } })
      if (!r.ok) expect(r.error.message).toMatch(/"late-4" in the local mirror.*could not be asked for them: .*timed out/)
      expect(await call<Connectivity | null>('app:sync:connectivity', { workspaceId: ws })).toMatchObject({ reachable: false })

      started = Date.now()
      const again = await invoke<PersonDetail>('app:people:get', { workspaceId: ws, ident: 'late-4' })
      expect(Date.now() - started).toBeLessThan(1000)
      expect(again).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
      // the people the mirror holds stay readable
      expect((await call<PersonDetail>('app:people:get', { workspaceId: ws, ident: 'late-1' })).person.id).toBe('late-1')
    } finally {
      await setFaults(peer, { latencyMs: 0, realms: [] })
    }
  }, 30_000)

  it('answers the mirror NOT_FOUND at once when the workspace server is gone, and the mirror still answers', async () => {
    const other = await startSandbox({ people: 3 })
    const gone = await addAndPull(other, 'Gone')
    await other.close()
    const started = Date.now()
    const r = await invoke<PersonDetail>('app:people:get', { workspaceId: gone, ident: 'created-while-away' })
    expect(Date.now() - started).toBeLessThan(3000)
    expect(r).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', retryable: true } })
    if (!r.ok) expect(r.error.message).toMatch(/"created-while-away" in the local mirror.*could not be asked for them: could not reach the App API/)
    expect((await call<PersonDetail>('app:people:get', { workspaceId: gone, ident: 'sbx-0000001' })).person.id).toBe('sbx-0000001')
  }, 60_000)
})
