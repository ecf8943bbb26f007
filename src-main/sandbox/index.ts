// Public surface of the sandbox: a local server faithful to Customer.io's Track, App and Pipelines APIs.
// One base URL serves all three: Track at `<url>/api/v1` (+ `/api/v2`), App and Pipelines at `<url>/v1`,
// the sandbox's own admin surface at `<url>/__sandbox`. Nothing here runs at import time.

import { openDb } from './store/db'
import { createServices } from './services'
import { startServer } from './server'
import { DEFAULT_PEOPLE, seedDefault } from './seed-default'
import type { SandboxHandle, SandboxOptions } from './config'

export type { SandboxHandle, SandboxOptions, FaultConfig, RateLimitConfig, Realm } from './config'
export { DEFAULT_FAULTS, DEFAULT_RATE_LIMITS, LIMITS } from './config'
export { readKeys as readSandboxKeys } from './store/db'

export async function startSandbox(opts: SandboxOptions = {}): Promise<SandboxHandle> {
  const { db, keys, created } = openDb(opts.dataDir)
  const services = createServices(db, keys, {
    faults: opts.faults,
    rateLimits: opts.rateLimits,
    exportDelayMs: opts.exportDelayMs,
    activityWindowSeconds: opts.activityWindowSeconds,
    log: (m) => process.stderr.write(m + '\n'),
  })
  // Seed on first creation only: a persisted workspace keeps its state (and `people` is ignored).
  if (created) seedDefault(services, opts.people ?? DEFAULT_PEOPLE)
  let running
  try {
    running = await startServer(services, opts.host ?? '127.0.0.1', opts.port ?? 0)
  } catch (err) {
    db.close()
    throw err
  }
  let closed: Promise<void> | null = null
  return {
    url: running.url,
    siteId: keys.siteId,
    trackApiKey: keys.trackApiKey,
    appApiKey: keys.appApiKey,
    writeKey: keys.writeKey,
    adminToken: keys.adminToken,
    close: () => {
      closed ??= running.close().then(() => {
        services.queue.flush() // acknowledged writes are not lost on shutdown
        db.close()
      })
      return closed
    },
  }
}

/**
 * What `cio-sync sandbox` runs: starts the sandbox and prints exactly one JSON line when it is ready.
 * The admin token is deliberately not printed (it is for tests and the embedding app).
 */
export async function runSandboxCli(opts: SandboxOptions, out: (line: string) => void): Promise<SandboxHandle> {
  const handle = await startSandbox(opts)
  out(JSON.stringify({ url: handle.url, siteId: handle.siteId, trackApiKey: handle.trackApiKey, appApiKey: handle.appApiKey, writeKey: handle.writeKey }))
  return handle
}
