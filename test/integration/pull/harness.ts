// A real mirror file, a real sandbox over HTTP and the real job service, wired the way services.ts
// wires them; only the keychain is an in-memory SecretStore (the OS keychain is tested elsewhere).

import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ConnectivityTracker } from '../../../src-main/cio/connectivity'
import { GovernorRegistry } from '../../../src-main/cio/rate-governor'
import { openMirror, type Mirror } from '../../../src-main/db/connection'
import { JobsRepo } from '../../../src-main/jobs/jobs-repo'
import { WorkspacesRepo } from '../../../src-main/db/workspaces-repo'
import type { EventSink } from '../../../src-main/base/events'
import type { SecretStore } from '../../../src-main/credentials/secret-store'
import { hintOf } from '../../../src-main/credentials/secret-store'
import type { JobFinished } from '../../../src-main/contract/jobs'
import type { CredentialKind } from '../../../src-main/contract/workspaces'
import type { SandboxHandle } from '../../../src-main/sandbox'
import { JobService } from '../../../src-main/jobs/job-service'
import { DeepPullService } from '../../../src-main/sync/pull/deep-pull'
import { PullService } from '../../../src-main/sync/pull/pull-service'
import { SyncRunsRepo, type SyncRunRow } from '../../../src-main/db/sync-runs-repo'
import { SandboxManager } from '../../../src-main/workspaces/sandbox-manager'
import { WorkspaceService } from '../../../src-main/workspaces/workspace-service'

export class MemorySecrets implements SecretStore {
  private readonly values = new Map<string, string>()
  async get(w: string, k: CredentialKind) {
    return this.values.get(`${w}/${k}`) ?? null
  }
  async set(w: string, k: CredentialKind, v: string) {
    this.values.set(`${w}/${k}`, v)
  }
  async delete(w: string, k: CredentialKind) {
    this.values.delete(`${w}/${k}`)
  }
  async describe(w: string) {
    const kinds: CredentialKind[] = ['siteId', 'trackApiKey', 'appApiKey', 'writeKey']
    return Object.fromEntries(kinds.map((k) => [k, hintOf(this.values.get(`${w}/${k}`) ?? null)])) as Record<CredentialKind, ReturnType<typeof hintOf>>
  }
  async deleteAll(w: string) {
    for (const key of [...this.values.keys()]) if (key.startsWith(`${w}/`)) this.values.delete(key)
  }
}

export interface Engine {
  mirror: Mirror
  workspaces: WorkspaceService
  jobs: JobService
  workspaceId: string
  events: { name: string; payload: unknown; at: number }[]
  /** starts a pull job and waits for its final event */
  pull(options?: Record<string, unknown>): Promise<{ finished: JobFinished; run: SyncRunRow }>
  /** starts a deep pull and waits for its final event */
  deepPull(): Promise<{ finished: JobFinished; run: SyncRunRow }>
  close(): void
}

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `cio-sync-${prefix}-`))
}

/** The mirror file `file`, with a custom workspace pointing at the sandbox (created once per file). */
export type SandboxKeys = Pick<SandboxHandle, 'url' | 'siteId' | 'trackApiKey' | 'appApiKey' | 'writeKey'>

export async function openEngine(file: string, sandbox: SandboxKeys, opts: { peopleBatchRows?: number } = {}): Promise<Engine> {
  const secrets = new MemorySecrets()
  const mirror = openMirror(file)
  const events: Engine['events'] = []
  const sink: EventSink = { emit: (name, payload) => void events.push({ name, payload, at: Date.now() }) }
  const manager = new SandboxManager(() => Promise.reject(new Error('the tests use their own sandbox')), tempDir('unused'), 0)
  const workspaces = new WorkspaceService(new WorkspacesRepo(mirror.db), secrets, manager, sink)
  const credentials = { siteId: sandbox.siteId, trackApiKey: sandbox.trackApiKey, appApiKey: sandbox.appApiKey, writeKey: sandbox.writeKey }
  const existing = workspaces.active()
  // A second process on the same file (a resumed pull) finds the workspace and brings the keys.
  if (existing) for (const [kind, value] of Object.entries(credentials)) await secrets.set(existing.id, kind as CredentialKind, value)
  const workspaceId = existing?.id ?? (await workspaces.add({ name: 'Sandbox over HTTP', kind: 'custom', url: sandbox.url, credentials })).id
  const pull = new PullService({ mirror, workspaces, connectivity: new ConnectivityTracker(sink), governors: new GovernorRegistry(), peopleBatchRows: opts.peopleBatchRows })
  const deep = new DeepPullService({ mirror, workspaces, connectivity: new ConnectivityTracker(sink), governors: new GovernorRegistry() })
  const jobs = new JobService(new JobsRepo(mirror.db), sink, { pull: pull.runner(), 'pull-and-push': pull.runner(), 'deep-pull': deep.runner() }, () => workspaceId)
  const runs = new SyncRunsRepo(mirror.sqlite)
  return {
    mirror,
    workspaces,
    jobs,
    workspaceId,
    events,
    async deepPull() {
      const job = jobs.start('deep-pull', 'cli', {})
      const finished = await waitFor(() => events.find((e) => e.name === 'app:jobs:finished' && (e.payload as JobFinished).jobId === job.id)?.payload as JobFinished | undefined, 120_000)
      return { finished, run: runs.get(job.id)! }
    },
    async pull(options = {}) {
      const job = jobs.start('pull', 'cli', options)
      const finished = await waitFor(() => events.find((e) => e.name === 'app:jobs:finished' && (e.payload as JobFinished).jobId === job.id)?.payload as JobFinished | undefined, 120_000)
      return { finished, run: runs.get(job.id)! }
    },
    close: () => mirror.close(),
  }
}

export async function waitFor<T>(fn: () => T | undefined, ms = 30_000): Promise<T> {
  const until = Date.now() + ms
  for (;;) {
    const v = fn()
    if (v !== undefined) return v
    if (Date.now() > until) throw new Error('timed out waiting')
    await new Promise((r) => setTimeout(r, 20))
  }
}

/** The sandbox's own numbers (GET /__sandbox/state). */
export async function sandboxState(h: SandboxHandle): Promise<Record<string, number>> {
  const res = await fetch(`${h.url}/__sandbox/state`, { headers: { authorization: `Bearer ${h.adminToken}` } })
  return (await res.json()) as Record<string, number>
}

export async function setFaults(h: SandboxHandle, faults: Record<string, unknown>): Promise<void> {
  const res = await fetch(`${h.url}/__sandbox/faults`, { method: 'PUT', headers: { authorization: `Bearer ${h.adminToken}`, 'content-type': 'application/json' }, body: JSON.stringify(faults) })
  if (!res.ok) throw new Error(`faults: ${res.status} ${await res.text()}`)
}

/** What the mirror holds for a workspace, as status would count it (members: current ones). */
export function mirrorCounts(mirror: Mirror, workspaceId: string): Record<string, number> {
  const count = (sql: string) => mirror.sqlite.prepare(sql).pluck().get(workspaceId) as number
  return {
    people: count('SELECT count(*) FROM people WHERE ws = (SELECT ws FROM workspaces WHERE id = ?) AND deleted_at IS NULL'),
    segments: count('SELECT count(*) FROM segments WHERE ws = (SELECT ws FROM workspaces WHERE id = ?)'),
    segmentMembers: count('SELECT count(*) FROM segment_members WHERE ws = (SELECT ws FROM workspaces WHERE id = ?) AND left_at IS NULL'),
    collections: count('SELECT count(*) FROM collections WHERE ws = (SELECT ws FROM workspaces WHERE id = ?)'),
  }
}
