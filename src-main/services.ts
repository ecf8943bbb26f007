import { AuditService } from './audit/audit-service'
import { ChangesService } from './changes/changes-service'
import type { SecretStore } from './credentials/secret-store'
import { openMirror, type Mirror } from './db/connection'
import { JobsRepo } from './jobs/jobs-repo'
import { WorkspacesRepo } from './db/workspaces-repo'
import type { EventSink } from './base/events'
import type { EngineConfig } from './engine/protocol'
import type { AppInfo } from './contract/app'
import { ConnectivityTracker } from './cio/connectivity'
import { ConnectivityProbe } from './cio/connectivity-probe'
import { DEFAULT_RATES, GovernorRegistry, realClock } from './cio/rate-governor'
import { PreferencesService, workspaceRates } from './preferences/preferences-service'
import { AppError } from './contract/result'
import { CollectionsReadService } from './mirror/collections-read-service'
import { MirrorStatusService } from './mirror/status-service'
import { PeopleReadService } from './mirror/people-read-service'
import { SegmentsReadService } from './mirror/segments-read-service'
import { SyncHistoryService } from './mirror/sync-history-service'
import { ImportService } from './import/import-service'
import { MessagingService } from './messaging/messaging-service'
import { DeepPullService } from './sync/pull/deep-pull'
import { PullService } from './sync/pull/pull-service'
import { PersonLookupService } from './sync/person-lookup/person-lookup-service'
import { readSandboxKeys, startSandbox } from './sandbox'
import { WorkspaceWatcher } from './workspaces/workspace-watcher'
import { JobService } from './jobs/job-service'
import { productionGate } from './jobs/production-gate'
import { platformPower, type PowerSource } from './schedule/power'
import { ScheduleService } from './schedule/schedule-service'
import { Scheduler } from './schedule/scheduler'
import { SchedulesRepo } from './schedule/schedules-repo'
import { SandboxManager, type StartSandbox } from './workspaces/sandbox-manager'
import { WorkspaceService } from './workspaces/workspace-service'
import { statSync } from 'node:fs'
import { join } from 'node:path'
import { userInfo } from 'node:os'

export interface Services {
  appInfo(): AppInfo
  workspaces: WorkspaceService
  jobs: JobService
  mirror: MirrorStatusService
  people: PeopleReadService
  /** one person by identifier: the mirror, else the workspace (then added to the mirror) */
  personLookup: PersonLookupService
  segments: SegmentsReadService
  collections: CollectionsReadService
  history: SyncHistoryService
  imports: ImportService
  messaging: MessagingService
  changes: ChangesService
  connectivity: ConnectivityTracker
  /** asks an unreachable workspace whether it is back (`sync.connectivity` with `probe`) */
  connectivityProbe: ConnectivityProbe
  preferences: PreferencesService
  schedules: ScheduleService
  /** the audit log's reads (the Audit log screen and its CSV) */
  audit: AuditService
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
  /** where the scheduler reads mains/battery from (default: the platform's reader) */
  power?: PowerSource
}

/** Who the audit log names for pushes, imports, sends and triggers: the OS user, read once. */
function osUser(): string {
  try {
    return userInfo().username || 'unknown'
  } catch {
    return 'unknown'
  }
}

function fileBytes(path: string): number {
  try {
    return statSync(path).size
  } catch {
    return 0
  }
}

/**
 * The pulls as jobs. They live in sync/ and know nothing of the outbox; a pull may settle or find
 * conflicts, so the changes service wraps each to tell the windows when it ends, and "Sync"
 * (`pull-and-push`) is its pull followed by a `push` job for the queued changes.
 */
function registerSyncRunners(jobs: JobService, pull: PullService, deepPull: DeepPullService, changes: ChangesService): void {
  jobs.register('pull', changes.afterPull(pull.runner()))
  jobs.register('pull-and-push', changes.pullAndPushRunner(pull.runner()))
  jobs.register('deep-pull', changes.afterPull(deepPull.runner()))
}

/**
 * The composition root: every service is built here from the config, in dependency order, each
 * given what it needs through its constructor; nothing is built at import time.
 */
export function createServices(deps: ServiceDeps): Services {
  const { config, secrets, events } = deps
  const mirrorFile = join(config.home, 'mirror.db')
  const mirror: Mirror = openMirror(mirrorFile, { migrationsFolder: config.migrationsFolder })
  const sandbox = new SandboxManager(
    deps.startSandbox ?? ((o) => startSandbox({ dataDir: o.dataDir, people: o.people })),
    config.home,
    config.sandboxPeople,
    readSandboxKeys,
  )
  const workspaces = new WorkspaceService(new WorkspacesRepo(mirror.db), secrets, sandbox, events)
  // The app and the headless host show workspaces the CLI adds meanwhile (another process).
  const workspaceWatcher = new WorkspaceWatcher(
    () => mirror.sqlite.pragma('data_version', { simple: true }) as number,
    () => workspaces.fingerprint(),
    () => workspaces.noticeExternalChange(),
  )
  const connectivity = new ConnectivityTracker(events)
  // One rate budget per workspace and surface for every job of this engine, at the rates the
  // user chose for the workspace (Settings, read from the settings table) or the defaults.
  const governors = new GovernorRegistry(DEFAULT_RATES, realClock, workspaceRates(mirror))
  const preferences = new PreferencesService(mirror, governors)
  const actor = osUser()
  const connectivityProbe = new ConnectivityProbe({ tracker: connectivity, connection: (id) => workspaces.connection(workspaces.row(id)), governors })
  // A production workspace's name, typed, before any job that sends is created (push schedules too).
  const gate = productionGate(workspaces)
  // The job service first: the services that own work register their runners with it as they are
  // built (the import's plans and push, the outbox push); registerSyncRunners adds the pulls.
  const jobs = new JobService(new JobsRepo(mirror.db), events, {}, () => workspaces.active()?.id ?? null, Date.now, gate)
  const pull = new PullService({ mirror, workspaces, connectivity, governors })
  const deepPull = new DeepPullService({ mirror, workspaces, connectivity, governors })
  const imports = new ImportService({ mirror, workspaces, home: config.home, jobs, governors, actor })
  const changes = new ChangesService({ mirror, workspaces, events, connectivity, governors, jobs, actor })
  registerSyncRunners(jobs, pull, deepPull, changes)
  // Background schedules run in the app and under `cio-sync serve`; a one-shot CLI command only
  // edits them. CIO_SYNC_SCHEDULE_MIN_SECONDS is for tests, which cannot wait minutes per run.
  const schedulesRepo = new SchedulesRepo(mirror)
  const scheduler = new Scheduler({ repo: schedulesRepo, jobs, connectivity, power: deps.power ?? platformPower(), events })
  // Any job's end may change the background-sync status (last sync time, error, idle): the
  // scheduler looks again right away instead of at its next wake-up, after the event has gone out.
  jobs.onFinished(() => setImmediate(() => scheduler.poke()))
  const minEvery = Number(process.env.CIO_SYNC_SCHEDULE_MIN_SECONDS)
  const schedules = new ScheduleService({ repo: schedulesRepo, scheduler, minEverySeconds: minEvery > 0 ? minEvery : undefined, gate })
  const messaging = new MessagingService({ sqlite: mirror.sqlite, workspaces, connectivity, governors, home: config.home, actor })
  const mirrorStatus = new MirrorStatusService(mirror.sqlite, () => workspaces.active() ?? null)
  const people = new PeopleReadService(mirror.sqlite)
  // A person created in Customer.io after the last pull is looked up online and added to the
  // mirror (person panel, `people get`, and so `edit` and `send`, which resolve people through it).
  const personLookup = new PersonLookupService({
    sqlite: mirror.sqlite,
    workspaces,
    connectivity,
    governors,
    readPerson: (ws, input) => people.get(ws, input),
    onPeopleChanged: (ws) => events.emit('app:changes:updated', { ...changes.counts(ws), workspaceId: ws }),
  })

  return {
    appInfo: () => ({
      name: 'cio-sync',
      version: config.version,
      mode: config.mode,
      home: config.home,
      platform: process.platform,
      schemaVersion: mirror.schemaVersion,
      dataFile: { path: mirrorFile, bytes: fileBytes(mirrorFile) + fileBytes(`${mirrorFile}-wal`) },
    }),
    workspaces,
    jobs,
    mirror: mirrorStatus,
    people,
    personLookup,
    segments: new SegmentsReadService(mirror.sqlite),
    collections: new CollectionsReadService(mirror.sqlite),
    history: new SyncHistoryService(mirror.sqlite),
    imports,
    messaging,
    changes,
    connectivity,
    connectivityProbe,
    preferences,
    schedules,
    audit: new AuditService(mirror.sqlite),
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
      if (config.mode !== 'cli') scheduler.start()
      if (config.mode !== 'cli') workspaceWatcher.start()
    },
    async close() {
      workspaceWatcher.stop()
      scheduler.stop()
      await jobs.shutdown()
      await sandbox.stop()
      mirror.close()
    },
  }
}
