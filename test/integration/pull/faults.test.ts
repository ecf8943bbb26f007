import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSandbox, type SandboxHandle } from '../../../src-main/sandbox'
import { mirrorCounts, openEngine, sandboxState, setFaults, tempDir, type Engine } from './harness'

// With the sandbox answering 429s (with Retry-After) and 5xx, a pull still completes, and its
// history row shows the retries it took.

let sandbox: SandboxHandle
let engine: Engine

beforeAll(async () => {
  sandbox = await startSandbox({ people: 3000, exportDelayMs: 200, faults: { realms: ['app'] } })
  engine = await openEngine(join(tempDir('faults'), 'mirror.db'), sandbox)
})
afterAll(async () => {
  engine?.close()
  await sandbox?.close()
})

describe('pull under injected faults', () => {
  it('retries through 429 bursts and server errors and records the retries', async () => {
    await setFaults(sandbox, { burst429: 3, retryAfterSeconds: 1, errorNext: 3, errorStatus: 503 })
    const started = Date.now()
    const { finished, run } = await engine.pull()
    expect(finished.state, finished.message ?? '').toBe('succeeded')
    const counts = run.counts as { retries: number; rateLimited: number; requests: number }
    expect(counts.rateLimited).toBe(3)
    expect(run.retries).toBe(6)
    expect(counts.retries).toBe(6)
    // Retry-After: 1 s was honoured for the 429 burst.
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000)

    const remote = await sandboxState(sandbox)
    expect(mirrorCounts(engine.mirror, engine.workspaceId)).toEqual({ people: remote.people, segments: remote.segments, segmentMembers: remote.segmentMembers, collections: remote.collections })
  }, 60_000)

  it('fails with a message that says what to do when the 5xx do not stop', async () => {
    await setFaults(sandbox, { burst429: 0, errorNext: 0, errorRate: 1, errorStatus: 500 })
    const { finished, run } = await engine.pull({ only: ['segments'] })
    await setFaults(sandbox, { errorRate: 0 })
    expect(finished.state).toBe('failed')
    expect(finished.message).toMatch(/HTTP 500 while trying to list segments.*try again later/)
    expect(run).toMatchObject({ state: 'failed', retries: 4 })
  }, 60_000)
})
