// The child side of the kill-and-resume tests (push-child.ts, import-child.ts): the real runtime
// (engine worker, IPC contract, OS keychain) in a process of its own, which the test may SIGKILL at
// any point. The test side is child-process.ts.
import type { JobFinished } from '../../../src-main/contract/jobs'
import { startRuntime } from '../../../src-main/runtime/engine-runtime'
import type { SandboxKeys } from './child-process'

type Runtime = Awaited<ReturnType<typeof startRuntime>>

/** The value of an IPC result; an error result fails the child with the error as its message. */
export async function value<T>(p: Promise<{ ok: boolean; value?: unknown; error?: unknown }>): Promise<T> {
  const r = await p
  if (!r.ok) throw new Error(JSON.stringify(r.error))
  return r.value as T
}

export interface ChildRuntime {
  rt: Runtime
  /** Waits for the job's app:jobs:finished event (recorded from the start, so none is missed). */
  until(jobId: string): Promise<JobFinished>
  /** Adds the sandbox in the SANDBOX variable as a custom workspace and makes it the active one. */
  addSandboxWorkspace(): Promise<void>
}

/** Starts the runtime on HOME_DIR as the CLI does (no first-run sandbox workspace). */
export async function startChildRuntime(): Promise<ChildRuntime> {
  const rt = await startRuntime({ home: process.env.HOME_DIR!, mode: 'cli', firstRunSandbox: false })
  const finished: JobFinished[] = []
  rt.onEvent((name, payload) => {
    if (name === 'app:jobs:finished') finished.push(payload as JobFinished)
  })
  return {
    rt,
    async until(jobId) {
      while (!finished.some((f) => f.jobId === jobId)) await new Promise((r) => setTimeout(r, 20))
      return finished.find((f) => f.jobId === jobId)!
    },
    async addSandboxWorkspace() {
      const sb = JSON.parse(process.env.SANDBOX!) as SandboxKeys
      const credentials = { siteId: sb.siteId, trackApiKey: sb.trackApiKey, appApiKey: sb.appApiKey, writeKey: sb.writeKey }
      const ws = await value<{ id: string }>(rt.invoke('app:workspaces:add', { name: 'Kill test', kind: 'custom', url: sb.url, credentials }))
      await value(rt.invoke('app:workspaces:select', { id: ws.id }))
    },
  }
}

/** Runs the child's main; a failure goes to stderr with exit code 1, which the test reports. */
export function runChild(main: () => Promise<void>): void {
  main().catch((err) => {
    process.stderr.write(String(err?.stack ?? err) + '\n')
    process.exit(1)
  })
}
