import type { SecretStore } from './credentials/secret-store'
import { openMirror, type Mirror } from './db/connection'
import { JobsRepo } from './db/jobs-repo'
import { WorkspacesRepo } from './db/workspaces-repo'
import type { EventSink } from './engine/events'
import type { EngineConfig } from './engine/protocol'
import type { AppInfo } from './ipc/contracts/app'
import { MirrorStatusService } from './mirror/status-service'
import { startSandbox } from './sandbox'
import { JobService } from './sync/job-service'
import { syncJob } from './sync/sync-job'
import { SandboxManager, type StartSandbox } from './workspaces/sandbox-manager'
import { WorkspaceService } from './workspaces/workspace-service'
import { join } from 'node:path'

export interface Services {
  appInfo(): AppInfo
  workspaces: WorkspaceService
  jobs: JobService
  mirror: MirrorStatusService
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
  const jobs = new JobService(new JobsRepo(mirror.db), events, { sync: syncJob(workspaces) }, () => workspaces.active()?.id ?? null)
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
    async start() {
      if (config.firstRunSandbox) await workspaces.ensureFirstRun()
      jobs.resumeUnfinished()
    },
    async close() {
      await jobs.shutdown()
      await sandbox.stop()
      mirror.close()
    },
  }
}
