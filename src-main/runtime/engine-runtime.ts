import { existsSync } from 'node:fs'
import { join } from 'node:path'
import type { SecretStore } from '../credentials/secret-store'
import { KeytarSecretStore, keychainServiceFor } from '../credentials/keytar-store'
import { EngineHost } from '../engine/host'
import type { EngineConfig } from '../engine/protocol'
import { describeThisProcess, registerFolderUser } from '../db/folder-users'
import type { CallContext } from '../ipc/dispatch'
import type { Result } from '../contract/result'
import { ensurePrivateDir } from '../security/private-files'
import { appVersion, resolveHome } from './home'
import { Logger } from './logger'

export interface RuntimeOptions {
  home?: string
  mode: EngineConfig['mode']
  sandboxPeople?: number
  firstRunSandbox?: boolean
  /** tests may use another store; the app always uses the OS keychain */
  secrets?: SecretStore
  echoLog?: (line: string) => void
}

export interface Runtime {
  config: EngineConfig
  logger: Logger
  /**
   * What starting had to tell the user, once (a damaged mirror set aside: what was kept, what was
   * not, how to export the rest). Also in the log; each front end shows them its own way.
   */
  notices: string[]
  invoke(channel: string, input: unknown, ctx?: CallContext): Promise<Result<unknown>>
  onEvent(listener: (name: string, payload: unknown) => void): () => void
  stop(): Promise<void>
}

/**
 * Starts the engine for the CLI, the headless host and the desktop shell alike: resolves the data
 * folder, opens the keychain on this thread, and starts the worker that owns the database.
 */
export async function startRuntime(opts: RuntimeOptions): Promise<Runtime> {
  const { home, isDefault } = resolveHome(opts.home)
  // Owner-only: it holds the mirror (customer data), the logs and the sandbox's keys. An existing
  // folder is tightened when it is evidently ours, not any folder --home was pointed at.
  ensurePrivateDir(home, isDefault || existsSync(join(home, 'mirror.db')))
  const logger = new Logger(home, opts.echoLog ?? null)
  const store = opts.secrets ?? new KeytarSecretStore(keychainServiceFor(home, isDefault))
  const secrets = redactingStore(store, logger)
  const config: EngineConfig = {
    home,
    mode: opts.mode,
    version: appVersion(),
    firstRunSandbox: opts.firstRunSandbox ?? true,
    sandboxPeople: opts.sandboxPeople ?? Number(process.env.CIO_SYNC_SANDBOX_PEOPLE ?? 2000),
  }
  const listeners = new Set<(name: string, payload: unknown) => void>()
  const engine = new EngineHost({
    config,
    secrets,
    onEvent: (name, payload) => listeners.forEach((l) => l(name, payload)),
    onLog: (level, message) => logger.log(level, message),
  })
  // Known on the folder while it runs: another process that waits in vain for the mirror's write
  // lock names this one (db/busy.ts), and recovery never moves a mirror this one has open.
  const unregister = registerFolderUser(home, describeThisProcess(opts.mode))
  try {
    await engine.start()
  } catch (err) {
    unregister()
    throw err
  }
  logger.info(`engine started (mode ${config.mode}, home ${home})`)
  for (const notice of engine.notices) logger.warn(notice)
  return {
    config,
    logger,
    notices: engine.notices,
    invoke: (channel, input, ctx = { transport: 'cli' }) => engine.invoke(channel, input, ctx),
    onEvent: (l) => {
      listeners.add(l)
      return () => listeners.delete(l)
    },
    stop: async () => {
      await engine.stop()
      unregister()
    },
  }
}

/** Every value that passes through the keychain is registered with the logger's scrubber. */
function redactingStore(inner: SecretStore, logger: Logger): SecretStore {
  return {
    get: async (w, k) => {
      const v = await inner.get(w, k)
      logger.redact(v)
      return v
    },
    set: async (w, k, v) => {
      logger.redact(v)
      await inner.set(w, k, v)
    },
    delete: (w, k) => inner.delete(w, k),
    describe: (w) => inner.describe(w),
    deleteAll: (w) => inner.deleteAll(w),
  }
}
