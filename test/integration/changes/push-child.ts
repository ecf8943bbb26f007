// The outbox driven through the real runtime (engine worker, IPC contract, OS keychain) in its own
// process, so kill-resume.test.ts can SIGKILL it mid-push.
// env: HOME_DIR, MODE prepare|push, SANDBOX (url and keys, for prepare), PEOPLE (how many to edit).
// Prints one JSON line per milestone: prepare → {"edited"}; push → {"jobId"}, then {"finished","counts"}.
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
  if (process.env.MODE === 'prepare') {
    const sb = JSON.parse(process.env.SANDBOX!) as { url: string; siteId: string; trackApiKey: string; appApiKey: string; writeKey: string }
    const ws = await value<{ id: string }>(rt.invoke('app:workspaces:add', { name: 'Kill test', kind: 'custom', url: sb.url, credentials: { siteId: sb.siteId, trackApiKey: sb.trackApiKey, appApiKey: sb.appApiKey, writeKey: sb.writeKey } }))
    await value(rt.invoke('app:workspaces:select', { id: ws.id }))
    const pull = await value<{ id: string }>(rt.invoke('app:jobs:start', { kind: 'pull', trigger: 'cli', options: { only: ['people'] } }))
    const pulled = await until(pull.id)
    if (pulled.state !== 'succeeded') throw new Error(`pull ${pulled.state}: ${pulled.message}`)
    const n = Number(process.env.PEOPLE)
    for (let i = 1; i <= n; i++) {
      const { person } = await value<{ person: { pk: number } }>(rt.invoke('app:people:get', { ident: `sbx-${String(i).padStart(7, '0')}` }))
      await value(rt.invoke('app:changes:edit', { kind: 'attributes', pk: person.pk, set: { kill_marker: `edited-${i}` } }))
    }
    process.stdout.write(JSON.stringify({ edited: n }) + '\n')
  } else {
    const push = await value<{ jobId: string }>(rt.invoke('app:changes:push', {}))
    process.stdout.write(JSON.stringify({ jobId: push.jobId }) + '\n')
    const done = await until(push.jobId)
    const runs = await value<{ runs: { id: string; counts: Record<string, number> }[] }>(rt.invoke('app:sync:history', { limit: 10 }))
    process.stdout.write(JSON.stringify({ finished: done, counts: runs.runs.find((r) => r.id === push.jobId)?.counts ?? null }) + '\n')
  }
  await rt.stop()
}

main().catch((err) => {
  process.stderr.write(String(err?.stack ?? err) + '\n')
  process.exit(1)
})
