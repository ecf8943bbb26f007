// The outbox driven through the real runtime (engine worker, IPC contract, OS keychain) in its own
// process, so kill-resume.test.ts can SIGKILL it mid-push.
// env: HOME_DIR, MODE prepare|push, SANDBOX (url and keys, for prepare), PEOPLE (how many to edit).
// Prints one JSON line per milestone: prepare → {"edited"}; push → {"jobId"}, then {"finished","counts"}.
import { runChild, startChildRuntime, value } from '../support/runtime-child'

async function main(): Promise<void> {
  const { rt, until, addSandboxWorkspace } = await startChildRuntime()
  if (process.env.MODE === 'prepare') {
    await addSandboxWorkspace()
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

runChild(main)
