// What the CLI says about an import that is not a finished plan (issue 14): a resume of a plan
// still running, interrupted or cancelled used to answer "nothing to send" and exit 0, as if it had
// been pushed. `import cancel JOB` stops a plan or push wherever it runs; `import discard JOB`
// sets aside a plan that will not be pushed (a stale one: a newer plan of the file, or a pull since).
import type { ImportSummary } from '../contract/imports'
import type { Runtime } from '../runtime/engine-runtime'
import { cio, CliError, emit, EXIT, type GlobalOptions, type Io } from './output'

/** Why the import cannot be pushed, with what to do, or null when it can. */
export function notPushable(s: ImportSummary): string | null {
  switch (s.state) {
    case 'planning':
      return `import ${s.id} is still being planned; wait for it to finish, or stop it with: cio-sync import cancel ${s.id}`
    case 'plan-failed':
      return `import ${s.id} has no plan to push: its planning failed. Plan the file again.`
    case 'plan-interrupted':
    case 'plan-cancelled':
      return `import ${s.id} has no plan to push: ${s.interrupted ?? s.state}`
    case 'discarded':
      return `import ${s.id} was discarded and cannot be pushed; plan the file again`
    default:
      return null
  }
}

const RUNNING = new Set(['planning', 'pushing'])
/** how long `import cancel` waits for another process to stop (it looks every 5 s) */
const WAIT_MS = 15_000

/** `import cancel JOB`: stops the plan or push; waits until it has stopped, also in another process. */
export async function cancelImport(rt: Runtime, io: Io, opts: GlobalOptions, importId: string): Promise<number> {
  const answer = await cio(rt).imports.cancel({ importId })
  let s = await cio(rt).imports.summary({ importId })
  for (const until = Date.now() + WAIT_MS; RUNNING.has(s.state) && Date.now() < until; ) {
    await new Promise((r) => setTimeout(r, 250))
    s = await cio(rt).imports.summary({ importId })
  }
  if (RUNNING.has(s.state)) throw new CliError(`${answer.message}, but import ${importId} is still ${s.state} after ${WAIT_MS / 1000} s; try again`, EXIT.failed)
  emit(io, opts, { job: importId, state: s.state, message: answer.message }, () => `import ${importId}: ${answer.message} (now ${s.state})`)
  return EXIT.done
}

/** `import discard JOB`: the plan is set aside for good; says why it was stale, if it was. */
export async function discardImport(rt: Runtime, io: Io, opts: GlobalOptions, importId: string): Promise<number> {
  const before = await cio(rt).imports.summary({ importId })
  const s = await cio(rt).imports.discard({ importId })
  emit(io, opts, { job: importId, state: s.state, stale: before.stale }, () => `import ${importId} (${s.fileName}) discarded${before.stale ? `: ${before.stale}` : ''}`)
  return EXIT.done
}
