// The import wired as services.ts wires it — real mirror file, real job service, the real sandbox
// over HTTP — with the keychain swapped for the in-memory store of the pull harness.

import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { ConnectivityTracker } from '../../../src-main/cio/connectivity'
import { GovernorRegistry } from '../../../src-main/cio/rate-governor'
import { openMirror, type Mirror } from '../../../src-main/db/connection'
import { JobsRepo } from '../../../src-main/jobs/jobs-repo'
import { WorkspacesRepo } from '../../../src-main/db/workspaces-repo'
import type { EventSink } from '../../../src-main/base/events'
import { ImportService } from '../../../src-main/import/import-service'
import type { JobFinished } from '../../../src-main/contract/jobs'
import type { SandboxHandle } from '../../../src-main/sandbox'
import { JobService } from '../../../src-main/jobs/job-service'
import { PullService } from '../../../src-main/sync/pull/pull-service'
import { SandboxManager } from '../../../src-main/workspaces/sandbox-manager'
import { WorkspaceService } from '../../../src-main/workspaces/workspace-service'
import { MemorySecrets, tempDir, waitFor } from '../pull/harness'
import { queryMirror, type RuntimeChild } from '../support/child-process'

export interface ImportEngine {
  mirror: Mirror
  workspaces: WorkspaceService
  jobs: JobService
  imports: ImportService
  workspaceId: string
  /** waits for the final event of a job */
  finished(jobId: string, ms?: number): Promise<JobFinished>
  pull(): Promise<JobFinished>
  close(): void
}

export type SandboxKeys = Pick<SandboxHandle, 'url' | 'siteId' | 'trackApiKey' | 'appApiKey' | 'writeKey'>

export async function openImportEngine(sandbox: SandboxKeys, name = 'import', dir = tempDir(name)): Promise<ImportEngine> {
  const mirror = openMirror(join(dir, 'mirror.db'))
  const events: { name: string; payload: unknown }[] = []
  const sink: EventSink = { emit: (n, payload) => void events.push({ name: n, payload }) }
  const manager = new SandboxManager(() => Promise.reject(new Error('the tests use their own sandbox')), tempDir('unused'), 0)
  const workspaces = new WorkspaceService(new WorkspacesRepo(mirror.db), new MemorySecrets(), manager, sink)
  const credentials = { siteId: sandbox.siteId, trackApiKey: sandbox.trackApiKey, appApiKey: sandbox.appApiKey, writeKey: sandbox.writeKey }
  const workspaceId = (await workspaces.add({ name: 'Sandbox over HTTP', kind: 'custom', url: sandbox.url, credentials })).id
  const governors = new GovernorRegistry()
  const pull = new PullService({ mirror, workspaces, connectivity: new ConnectivityTracker(sink), governors })
  // the import service registers its runners (import-plan, undo-plan, import-push) itself
  const jobs = new JobService(new JobsRepo(mirror.db), sink, { pull: pull.runner() }, () => workspaceId)
  const imports = new ImportService({ mirror, workspaces, home: dir, jobs, actor: 'test-user', governors })
  const finished = (jobId: string, ms = 60_000) =>
    waitFor(() => events.find((e) => e.name === 'app:jobs:finished' && (e.payload as JobFinished).jobId === jobId)?.payload as JobFinished | undefined, ms)
  return {
    mirror, workspaces, jobs, imports, workspaceId, finished,
    pull: () => finished(jobs.start('pull', 'cli', { only: ['people'] }).id),
    close: () => mirror.close(),
  }
}

export function writeCsv(dir: string, name: string, rows: string[][]): string {
  const quote = (c: string) => (/[",\n\r]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)
  const file = join(dir, name)
  writeFileSync(file, rows.map((r) => r.map(quote).join(',')).join('\n') + '\n')
  return file
}

export async function admin<T>(h: SandboxHandle, path: string, init: RequestInit = {}): Promise<T> {
  const res = await fetch(`${h.url}${path}`, { ...init, headers: { authorization: `Bearer ${h.adminToken}`, ...(init.headers ?? {}) } })
  return (await res.json()) as T
}

/** A person's attributes as the App API returns them, or null for 404. */
export async function appAttributes(h: SandboxHandle, id: string): Promise<Record<string, string> | null> {
  let res: Response
  // the App API allows 10 requests a second; a test reading many people waits its turn
  while ((res = await fetch(`${h.url}/v1/customers/${encodeURIComponent(id)}/attributes?id_type=id`, { headers: { authorization: `Bearer ${h.appApiKey}` } })).status === 429) {
    await new Promise((r) => setTimeout(r, 250))
  }
  if (res.status === 404) return null
  if (!res.ok) throw new Error(`App API: HTTP ${res.status} ${await res.text()}`)
  const body = (await res.json()) as { customer: { attributes: Record<string, string> } }
  return body.customer.attributes
}

export interface RequestLog {
  requests: { method: string; path: string; status: number; requestBytes: number }[]
}

/** The import batches in an import child's mirror under `home`, in order ([] before it exists). */
export function importBatches(home: string): { seq: number; state: string }[] {
  return queryMirror(join(home, 'mirror.db'), 'SELECT seq, state FROM import_batches ORDER BY seq')
}

/**
 * SIGKILLs an import child (import-child.ts) once `acknowledged` batches are answered and the next
 * one is on the wire: the moment a resume has to decide about a batch that may have applied.
 */
export async function killMidBatch(child: RuntimeChild, home: string, acknowledged: number): Promise<void> {
  await waitFor(() => {
    const b = importBatches(home)
    return b.filter((x) => x.state === 'acknowledged').length >= acknowledged && b.some((x) => x.state === 'sent') ? true : undefined
  }, 60_000)
  child.proc.kill('SIGKILL')
  await child.exited
}

export { tempDir, waitFor }
