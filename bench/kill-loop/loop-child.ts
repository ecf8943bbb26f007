// One operation of the kill loop (kill-loop.ts) in a process of its own, through the real runtime
// (engine worker, IPC contract, OS keychain, mirror file), so the loop can SIGKILL it anywhere.
// Built on the kill-resume tests' child support (test/integration/support/runtime-child.ts).
// env: HOME_DIR, OP, ROUND, SANDBOX (url and keys, for setup), FILE (plan and import), EDITS (outbox).
//   setup    add the sandbox as the active workspace and pull people and segments once
//   plan     plan FILE (a people CSV) and stop there
//   import   plan FILE and push it
//   pull     pull people and segments (every other pull round with --full: an export)
//   outbox   edit EDITS people (kl_edit = ROUND) and push the outbox
//   recover  start as the app and the headless host do (interrupted jobs resume), wait until no
//            job runs, print what the jobs ended as
// Prints one JSON line per milestone: {"ready"}, {"job"} once the operation's job started, {"done"}.
import { startRuntime } from '../../src-main/runtime/engine-runtime'
import type { JobFinished, JobView } from '../../src-main/contract/jobs'
import { runChild, startChildRuntime, value } from '../../test/integration/support/runtime-child'

const say = (line: unknown) => process.stdout.write(JSON.stringify(line) + '\n')
const round = Number(process.env.ROUND ?? 0)

async function recover(): Promise<void> {
  const rt = await startRuntime({ home: process.env.HOME_DIR!, mode: 'headless', firstRunSandbox: false })
  const finished: JobFinished[] = []
  rt.onEvent((name, payload) => void (name === 'app:jobs:finished' && finished.push(payload as JobFinished)))
  say({ ready: true })
  // resumeUnfinished() ran at start; wait until nothing of ours runs for a second
  let quiet = 0
  for (let waited = 0; waited < 180_000 && quiet < 5; waited += 200) {
    await new Promise((r) => setTimeout(r, 200))
    const { jobs } = await value<{ jobs: JobView[] }>(rt.invoke('app:jobs:list', {}))
    quiet = jobs.some((j) => j.state === 'running' || j.state === 'queued') ? 0 : quiet + 1
  }
  say({ done: true, resumed: finished.map((f) => ({ kind: f.kind, state: f.state, message: f.message })) })
  await rt.stop()
}

async function main(): Promise<void> {
  if (process.env.OP === 'recover') return recover()
  const { rt, until, addSandboxWorkspace } = await startChildRuntime()
  say({ ready: true })
  const job = async (start: Promise<{ ok: boolean }>, id: (v: never) => string) => {
    const jobId = id((await value(start)) as never)
    say({ job: jobId })
    return until(jobId)
  }
  let end: JobFinished
  switch (process.env.OP) {
    case 'setup':
      await addSandboxWorkspace()
      end = await job(rt.invoke('app:jobs:start', { kind: 'pull', trigger: 'cli', options: { only: ['people', 'segments'] } }), (v: { id: string }) => v.id)
      break
    case 'pull':
      end = await job(rt.invoke('app:jobs:start', { kind: 'pull', trigger: 'cli', options: { only: ['people', 'segments'], ...(Math.floor(round / 4) % 2 ? { full: true } : {}) } }), (v: { id: string }) => v.id)
      break
    case 'plan':
    case 'import': {
      const plan = await value<{ importId: string; jobId: string }>(rt.invoke('app:imports:plan', { source: { path: process.env.FILE! }, options: { kind: 'people', identifierType: 'id' } }))
      say({ job: plan.jobId, importId: plan.importId })
      end = await until(plan.jobId)
      if (process.env.OP === 'import' && end.state === 'succeeded') end = await job(rt.invoke('app:imports:push', { importId: plan.importId }), (v: { jobId: string }) => v.jobId)
      break
    }
    case 'outbox': {
      for (let i = 1; i <= Number(process.env.EDITS); i++) {
        const ident = `sbx-${String(((round * 37 + i) % 2000) + 1).padStart(7, '0')}`
        const { person } = await value<{ person: { pk: number } }>(rt.invoke('app:people:get', { ident }))
        await value(rt.invoke('app:changes:edit', { kind: 'attributes', pk: person.pk, set: { kl_edit: `round-${round}` } }))
      }
      end = await job(rt.invoke('app:changes:push', {}), (v: { jobId: string }) => v.jobId)
      break
    }
    default:
      throw new Error(`unknown OP ${process.env.OP}`)
  }
  say({ done: true, state: end.state, message: end.message })
  await rt.stop()
}

runChild(main)
