import type { SecretStore } from './credentials/secret-store'
import { openMirror, type Mirror } from './db/connection'
import { JobsRepo } from './db/jobs-repo'
import { WorkspacesRepo } from './db/workspaces-repo'
import type { EventSink } from './engine/events'
import type { EngineConfig } from './engine/protocol'
import type { AppInfo } from './ipc/contracts/app'
import { ConnectivityTracker } from './cio/connectivity'
import { AppError } from './ipc/result'
import { CollectionsReadService } from './mirror/collections-read-service'
import { MirrorStatusService } from './mirror/status-service'
import { PeopleReadService } from './mirror/people-read-service'
import { SegmentsReadService } from './mirror/segments-read-service'
import { SyncHistoryService } from './mirror/sync-history-service'
import { ImportService } from './import/import-service'
import { PullService } from './sync/pull/pull-service'
import { startSandbox } from './sandbox'
import { JobService } from './sync/job-service'
import { SandboxManager, type StartSandbox } from './workspaces/sandbox-manager'
import { WorkspaceService } from './workspaces/workspace-service'
import { join } from 'node:path'

export interface Services {
  appInfo(): AppInfo
  workspaces: WorkspaceService
  jobs: JobService
  mirror: MirrorStatusService
  people: PeopleReadService
  segments: SegmentsReadService
  collections: CollectionsReadService
  history: SyncHistoryService
  imports: ImportService
  connectivity: ConnectivityTracker
  /** the given workspace id, or the active one; NOT_FOUND when there is none */
  workspaceFor(id: string | undefined): string
  /** Called once after construction: first-run sandbox, resume interrupted jobs. */
  start(): Promise<void>
  close(): Promise<void>
}

export interface ServiceDeps {
  config: EngineConfig
  secrets: SecretStore
  events: EventSink
  /** tests may replace the embedded sandbox */
  startSandbox?: StartSandbox
}

/** The composition root: every service is built here from the config, nothing at import time. */
export function createServices(deps: ServiceDeps): Services {
  const { config, secrets, events } = deps
  const mirror: Mirror = openMirror(join(config.home, 'mirror.db'), { migrationsFolder: config.migrationsFolder })
  const sandbox = new SandboxManager(
    deps.startSandbox ?? ((o) => startSandbox({ dataDir: o.dataDir, people: o.people })),
    config.home,
    config.sandboxPeople,
  )
  const workspaces = new WorkspaceService(new WorkspacesRepo(mirror.db), secrets, sandbox, events)
  const connectivity = new ConnectivityTracker(events)
  const pull = new PullService({ mirror, workspaces, connectivity })
  // The import service starts its plan and push jobs through the job service, which runs them
  // with the import service's runners: the getter breaks the construction cycle.
  let jobs: JobService | null = null
  const imports = new ImportService({ mirror, workspaces, home: config.home, jobs: () => jobs! })
  // "Sync now" pulls everything; pushing the outbox joins it with the edits work (issue 6).
  jobs = new JobService(
    new JobsRepo(mirror.db),
    events,
    { sync: pull.runner(), pull: pull.runner(), plan: imports.planRunner(), import: imports.pushRunner() },
    () => workspaces.active()?.id ?? null,
  )
  const mirrorStatus = new MirrorStatusService(mirror.sqlite, () => workspaces.active() ?? null)

  return {
    appInfo: () => ({
      name: 'cio-sync',
      version: config.version,
      mode: config.mode,
      home: config.home,
      platform: process.platform,
      schemaVersion: mirror.schemaVersion,
    }),
    workspaces,
    jobs,
    mirror: mirrorStatus,
    people: new PeopleReadService(mirror.sqlite),
    segments: new SegmentsReadService(mirror.sqlite),
    collections: new CollectionsReadService(mirror.sqlite),
    history: new SyncHistoryService(mirror.sqlite),
    imports,
    connectivity,
    workspaceFor(id) {
      const ws = id ?? workspaces.active()?.id
      if (!ws) throw new AppError('NOT_FOUND', 'no active workspace; add or select one under Workspaces')
      return ws
    },
    async start() {
      if (config.firstRunSandbox) await workspaces.ensureFirstRun()
      // The app and the headless host pick up interrupted jobs by themselves; a CLI call resumes
      // one only when asked to run that kind of job again (a `status` must not start a pull).
      if (config.mode !== 'cli') jobs.resumeUnfinished()
    },
    async close() {
      await jobs.shutdown()
      await sandbox.stop()
      mirror.close()
    },
  }
}
