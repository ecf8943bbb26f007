// The test side of the kill-and-resume tests: a runtime child (push-child.ts, import-child.ts) in
// its own process, so the test can SIGKILL it mid-push, and read-only looks at its mirror.db while
// it runs or after it died. The child side is runtime-child.ts.
import { spawn, type ChildProcess } from 'node:child_process'
import Database from 'better-sqlite3'
import type { SandboxHandle } from '../../../src-main/sandbox'

export type SandboxKeys = Pick<SandboxHandle, 'url' | 'siteId' | 'trackApiKey' | 'appApiKey' | 'writeKey'>

export interface RuntimeChild {
  proc: ChildProcess
  /** The JSON lines the child printed so far, one per milestone. */
  lines: unknown[]
  /** Resolves to "<exit code or signal> <stderr>", so an assertion on it shows why a child failed. */
  exited: Promise<string>
}

/** Runs `script` with tsx, with `env` on top of this process's environment. */
export function spawnRuntimeChild(script: string, env: Record<string, string>): RuntimeChild {
  const proc = spawn(process.execPath, ['--import', 'tsx', script], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  const lines: unknown[] = []
  let err = ''
  proc.stdout!.on('data', (d: Buffer) => {
    for (const l of d.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(l))
  })
  proc.stderr!.on('data', (d) => (err += d))
  const exited = new Promise<string>((resolve) => proc.on('exit', (code, signal) => resolve(`${code ?? signal} ${err}`)))
  return { proc, lines, exited }
}

/** The sandbox's URL and keys as the child expects them in its SANDBOX variable. */
export function sandboxEnv(sandbox: SandboxKeys): string {
  const { url, siteId, trackApiKey, appApiKey, writeKey } = sandbox
  return JSON.stringify({ url, siteId, trackApiKey, appApiKey, writeKey })
}

/**
 * The rows of `sql` in the child's mirror, or [] when the child has not created the file or its
 * tables yet. Opened read-only and closed at once, so polling it never holds the child's writes up.
 */
export function queryMirror<T>(file: string, sql: string): T[] {
  let db: Database.Database | undefined
  try {
    db = new Database(file, { readonly: true, fileMustExist: true })
    return db.prepare(sql).all() as T[]
  } catch {
    return []
  } finally {
    db?.close()
  }
}
