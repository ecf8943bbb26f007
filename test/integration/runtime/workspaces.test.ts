import Database from 'better-sqlite3'
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { keychainServiceFor } from '../../../src-main/credentials/keytar-store'
import type { ConnectionReport, WorkspaceView } from '../../../src-main/contract/workspaces'
import type { Result } from '../../../src-main/contract/result'
import { startRuntime, type Runtime } from '../../../src-main/runtime/engine-runtime'
import { startSandbox, type SandboxHandle } from '../../../src-main/sandbox'
import { requireKeyring } from '../support/keyring'

// The workspaces capability through the engine's public surface (the IPC contract), with the real
// engine worker, a real SQLite file, the real OS keychain and a real sandbox over HTTP.
requireKeyring()
// eslint-disable-next-line @typescript-eslint/no-require-imports
const keytar = require('keytar') as typeof import('keytar')

const home = mkdtempSync(join(tmpdir(), 'cio-sync-rt-'))
const service = keychainServiceFor(home, false)
let rt: Runtime
let peer: SandboxHandle
const answers: unknown[] = []

async function call<T>(channel: string, input: unknown): Promise<T> {
  const r = (await rt.invoke(channel, input)) as Result<T>
  answers.push(r)
  if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`)
  return r.value
}

beforeAll(async () => {
  peer = await startSandbox({ people: 5 })
  rt = await startRuntime({ home, mode: 'cli', sandboxPeople: 10 })
})
afterAll(async () => {
  await rt?.stop()
  await peer?.close()
})

describe('workspaces through the engine', () => {
  let prod: WorkspaceView

  it('creates and selects the sandbox workspace on first run', async () => {
    const { workspaces } = await call<{ workspaces: WorkspaceView[] }>('app:workspaces:list', {})
    expect(workspaces).toHaveLength(1)
    expect(workspaces[0]).toMatchObject({ name: 'Sandbox', kind: 'sandbox', active: true, production: false })
    expect(workspaces[0].credentials.appApiKey.set).toBe(true)
    const report = await call<ConnectionReport>('app:workspaces:test', { id: workspaces[0].id })
    expect(report).toMatchObject({ ok: true, region: 'us', track: { ok: true }, app: { ok: true }, pipelines: { ok: true } })
  })

  it('stores keys in the OS keychain and shows only their last characters', async () => {
    prod = await call<WorkspaceView>('app:workspaces:add', {
      name: 'Acme production',
      kind: 'custom',
      url: peer.url,
      production: true,
      credentials: { siteId: peer.siteId, trackApiKey: peer.trackApiKey, appApiKey: peer.appApiKey, writeKey: peer.writeKey },
    })
    expect(prod.credentials.appApiKey).toEqual({ set: true, last4: peer.appApiKey.slice(-4) })
    expect(prod.active).toBe(false)
    expect(await keytar.getPassword(service, `${prod.id}/appApiKey`)).toBe(peer.appApiKey)
    expect(await keytar.getPassword(service, `${prod.id}/writeKey`)).toBe(peer.writeKey)
  })

  it('tests each key against its own API', async () => {
    const ok = await call<ConnectionReport>('app:workspaces:test', { id: prod.id })
    expect(ok).toMatchObject({ ok: true, region: 'us', track: { status: 'ok' }, app: { status: 'ok' }, pipelines: { status: 'ok' } })
    await call('app:workspaces:update', { id: prod.id, credentials: { appApiKey: 'f'.repeat(32) } })
    const bad = await call<ConnectionReport>('app:workspaces:test', { id: prod.id })
    expect(bad.ok).toBe(false)
    expect(bad.app.status).toBe('auth')
    expect(bad.track.status).toBe('ok')
    await call('app:workspaces:update', { id: prod.id, credentials: { appApiKey: peer.appApiKey } })
    expect(await call<ConnectionReport>('app:workspaces:test', { id: prod.id })).toMatchObject({ ok: true })
  })

  it('reports an unreachable workspace as a network failure', async () => {
    const dead = await call<WorkspaceView>('app:workspaces:add', { name: 'Nowhere', kind: 'custom', url: 'http://127.0.0.1:9', credentials: { siteId: 's', trackApiKey: 'k' } })
    const report = await call<ConnectionReport>('app:workspaces:test', { id: dead.id })
    expect(report.track.status).toBe('network')
    expect(report.app.status).toBe('missing-key')
    await call('app:workspaces:remove', { id: dead.id })
  })

  it('answers invalid input with VALIDATION and an unknown channel with UNKNOWN_CHANNEL', async () => {
    const bad = await rt.invoke('app:workspaces:add', { name: '', kind: 'custom' })
    expect(bad).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
    expect(!bad.ok && bad.error.issues?.map((i) => i.path)).toEqual(expect.arrayContaining(['name', 'url']))
    expect(await rt.invoke('app:credentials:reveal', { id: prod.id })).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } })
    expect(await rt.invoke('app:workspaces:add', { name: 'acme PRODUCTION', kind: 'us' })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })
  })

  it('switches the active workspace', async () => {
    const view = await call<WorkspaceView>('app:workspaces:select', { id: prod.id })
    expect(view.active).toBe(true)
    const { workspaces } = await call<{ workspaces: WorkspaceView[] }>('app:workspaces:list', {})
    expect(workspaces.filter((w) => w.active).map((w) => w.id)).toEqual([prod.id])
  })

  it('keeps workspaces and keys across a restart', async () => {
    await rt.stop()
    rt = await startRuntime({ home, mode: 'cli' })
    const { workspaces } = await call<{ workspaces: WorkspaceView[] }>('app:workspaces:list', {})
    expect(workspaces.map((w) => w.name).sort()).toEqual(['Acme production', 'Sandbox'])
    const again = workspaces.find((w) => w.id === prod.id)!
    expect(again).toMatchObject({ active: true, production: true })
    expect(again.lastTest).toMatchObject({ ok: true })
    expect(again.credentials.trackApiKey).toEqual({ set: true, last4: peer.trackApiKey.slice(-4) })
  })

  it('never lets a stored secret into an IPC result, the mirror file or the log', async () => {
    const secrets = [peer.trackApiKey, peer.appApiKey, peer.writeKey]
    const results = JSON.stringify(answers)
    const files = readdirSync(home, { recursive: true, withFileTypes: true })
      .filter((f) => f.isFile() && !f.parentPath.includes('sandbox'))
      .map((f) => join(f.parentPath, f.name))
    expect(files.some((f) => f.endsWith('mirror.db'))).toBe(true)
    expect(files.some((f) => f.endsWith('cio-sync.log'))).toBe(true)
    for (const s of secrets) {
      expect(results).not.toContain(s)
      for (const f of files) expect(readFileSync(f).includes(Buffer.from(s)), `${s.slice(-4)} in ${f}`).toBe(false)
    }
  })

  it('removes the keychain items with the workspace', async () => {
    await call('app:workspaces:remove', { id: prod.id })
    expect(await keytar.getPassword(service, `${prod.id}/appApiKey`)).toBeNull()
    const { workspaces } = await call<{ workspaces: WorkspaceView[] }>('app:workspaces:list', {})
    expect(workspaces.map((w) => w.name)).toEqual(['Sandbox'])
    expect(workspaces[0].active).toBe(true)
  })

  it('refuses to open a mirror written by a newer cio-sync, and leaves it untouched', async () => {
    await rt.stop()
    const file = join(home, 'mirror.db')
    const db = new Database(file)
    db.pragma('user_version = 999')
    db.close()
    await expect(startRuntime({ home, mode: 'cli' })).rejects.toThrow(/newer cio-sync/)
    const again = new Database(file)
    expect(again.pragma('user_version', { simple: true })).toBe(999)
    again.close()
    expect(existsSync(file)).toBe(true)
    // Put it back so afterAll's stop has a runtime to stop.
    const fix = new Database(file)
    fix.pragma('user_version = 0')
    fix.close()
    rt = await startRuntime({ home, mode: 'cli' })
  })
})
