// An import driven through the real runtime (engine worker, IPC contract, OS keychain) in its own
// process, so kill-resume.test.ts can SIGKILL it mid-push.
// env: HOME_DIR, MODE start|resume, SANDBOX (url and keys, for start), FILE (for start), IMPORT_ID (for resume),
// VIA (optional: 'pipelines' sends the events through the Pipelines API).
// Prints one JSON line per milestone: {"importId"} once the push started, then {"finished", "summary"}.
import { runChild, startChildRuntime, value } from '../support/runtime-child'

async function main(): Promise<void> {
  const { rt, until, addSandboxWorkspace } = await startChildRuntime()
  let importId = process.env.IMPORT_ID ?? ''
  if (process.env.MODE === 'start') {
    await addSandboxWorkspace()
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

runChild(main)
