// An import driven through the real runtime (engine worker, IPC contract, OS keychain) in its own
// process, so kill-resume.test.ts can SIGKILL it mid-push.
// env: HOME_DIR, MODE start|resume, SANDBOX (url and keys, for start), FILE (for start), IMPORT_ID (for resume),
// VIA (optional: 'pipelines' sends the events through the Pipelines API).
// Prints one JSON line per milestone: {"importId"} once the push started, then {"finished", "summary"}.
import type { JobFinished } from '../../../src-main/ipc/contracts/jobs'
import { startRuntime } from '../../../src-main/runtime/engine-runtime'

async function value<T>(p: Promise<{ ok: boolean; value?: unknown; error?: unknown }>): Promise<T> {
  const r = await p
  if (!r.ok) throw new Error(JSON.stringify(r.error))
  return r.value as T
}

async function main(): Promise<void> {
  const rt = await startRuntime({ home: process.env.HOME_DIR!, mode: 'cli', firstRunSandbox: false })
  const finished: JobFinished[] = []
  rt.onEvent((name, payload) => {
    if (name === 'app:jobs:finished') finished.push(payload as JobFinished)
  })
  const until = async (jobId: string) => {
    while (!finished.some((f) => f.jobId === jobId)) await new Promise((r) => setTimeout(r, 20))
    return finished.find((f) => f.jobId === jobId)!
  }
  let importId = process.env.IMPORT_ID ?? ''
  if (process.env.MODE === 'start') {
    const sb = JSON.parse(process.env.SANDBOX!) as { url: string; siteId: string; trackApiKey: string; appApiKey: string; writeKey: string }
    const ws = await value<{ id: string }>(rt.invoke('app:workspaces:add', { name: 'Kill test', kind: 'custom', url: sb.url, credentials: { siteId: sb.siteId, trackApiKey: sb.trackApiKey, appApiKey: sb.appApiKey, writeKey: sb.writeKey } }))
    await value(rt.invoke('app:workspaces:select', { id: ws.id }))
    const plan = await value<{ importId: string; jobId: string }>(rt.invoke('app:imports:plan', { source: { path: process.env.FILE! }, options: { kind: 'events', identifierType: 'id', ...(process.env.VIA ? { via: process.env.VIA } : {}) } }))
    const planned = await until(plan.jobId)
    if (planned.state !== 'succeeded') throw new Error(`plan ${planned.state}: ${planned.message}`)
    importId = plan.importId
  }
  const push = await value<{ jobId: string }>(rt.invoke('app:imports:push', { importId }))
  process.stdout.write(JSON.stringify({ importId, pushJobId: push.jobId }) + '\n')
  const done = await until(push.jobId)
  const summary = await value(rt.invoke('app:imports:summary', { importId }))
  process.stdout.write(JSON.stringify({ finished: done, summary }) + '\n')
  await rt.stop()
}

main().catch((err) => {
  process.stderr.write(String(err?.stack ?? err) + '\n')
  process.exit(1)
})
