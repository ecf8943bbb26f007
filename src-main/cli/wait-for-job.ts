import { eventsOf, type InputOf } from '../contract/client'
import type { JobFinished } from '../contract/jobs'
import type { Runtime } from '../runtime/engine-runtime'
import { cio, cioResults, type GlobalOptions } from './output'
import { ProgressLine } from './progress-line'

/** Starts a job and waits for its one final event, drawing progress on a terminal. */
export async function runJob(rt: Runtime, opts: GlobalOptions, input: InputOf<'jobs', 'start'>): Promise<JobFinished> {
  return waitForJob(rt, opts, async () => (await cio(rt).jobs.start(input)).id)
}

/**
 * Runs `start` (which starts a job and answers its id) and waits for that job's one final event,
 * drawing its progress on a terminal. Ctrl+C cancels the job; its final event still ends the wait.
 */
export async function waitForJob(rt: Runtime, opts: GlobalOptions, start: () => Promise<string>): Promise<JobFinished> {
  const line = !opts.json && process.stderr.isTTY ? new ProgressLine(process.stderr) : null
  let jobId: string | null = null
  const early: JobFinished[] = []
  let resolveDone: (f: JobFinished) => void = () => undefined
  const done = new Promise<JobFinished>((res) => (resolveDone = res))
  const on = eventsOf((listener) => rt.onEvent(listener))
  const offProgress = on('app:jobs:progress', (p) => {
    if (line && p.jobId === jobId) line.draw(p)
  })
  const offFinished = on('app:jobs:finished', (f) => {
    if (jobId === null) early.push(f)
    else if (f.jobId === jobId) resolveDone(f)
  })
  const cancel = () => jobId && void cioResults(rt).jobs.cancel({ id: jobId })
  process.once('SIGINT', cancel)
  try {
    jobId = await start()
    const already = early.find((f) => f.jobId === jobId)
    if (already) resolveDone(already)
    const result = await done
    line?.end()
    return result
  } finally {
    offProgress()
    offFinished()
    process.off('SIGINT', cancel)
  }
}
