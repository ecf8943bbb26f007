import type { Command } from 'commander'
import { PULL_PARTS, type PullPart, type SyncRun } from '../../ipc/contracts/sync'
import type { JobFinished, JobProgress, JobView } from '../../ipc/contracts/jobs'
import type { Runtime } from '../../runtime/engine-runtime'
import { call, CliError, emit, EXIT, resolveWorkspace, type GlobalOptions, type Io } from '../output'
import { ProgressLine } from '../progress-line'
import type { WithRuntime } from '../with-runtime'

type PullOptions = GlobalOptions & { only?: string; full?: boolean }

export function registerPull(program: Command, withRuntime: WithRuntime, io: Io): void {
  program
    .command('pull')
    .description('remote → mirror: people (through an export), segments with members, collections, campaigns, messages')
    .option('--only <parts>', `comma-separated: ${PULL_PARTS.join(',')}`)
    .option('--full', 'force a full export-based pull of people')
    .action(withRuntime(async (rt, opts: PullOptions) => {
      const ws = await resolveWorkspace(rt, opts.workspace)
      const only = parseParts(opts.only)
      const result = await runJob(rt, io, opts, { kind: 'pull', workspaceId: ws.id, trigger: 'cli', options: { ...(only ? { only } : {}), ...(opts.full ? { full: true } : {}) } })
      const run = (await call<{ runs: SyncRun[] }>(rt, 'app:sync:history', { workspaceId: ws.id, limit: 20 })).runs.find((r) => r.id === result.jobId)
      const doc = { job: result.jobId, workspace: ws.name, state: result.state, message: result.message, counts: run?.counts ?? {}, retries: run?.retries ?? 0, durationMs: run?.durationMs ?? null }
      emit(io, opts, doc, () => `${ws.name}: pull ${result.state}${result.message ? ` — ${result.message}` : ''}\n${JSON.stringify(doc.counts, null, 2)}`)
      return result.state === 'succeeded' ? EXIT.done : EXIT.failed
    }, (opts) => void parseParts(opts.only)))
}

function parseParts(only: string | undefined): PullPart[] | undefined {
  if (!only) return undefined
  const parts = only.split(',').map((p) => p.trim()).filter(Boolean)
  const bad = parts.filter((p) => !(PULL_PARTS as readonly string[]).includes(p))
  if (bad.length || !parts.length) throw new CliError(`--only takes ${PULL_PARTS.join(', ')}; not ${bad.join(', ') || 'nothing'}`, EXIT.usage)
  return parts as PullPart[]
}

/** Starts a job and waits for its one final event, drawing progress on a terminal. */
export async function runJob(rt: Runtime, io: Io, opts: GlobalOptions, input: Record<string, unknown>): Promise<JobFinished> {
  const line = !opts.json && process.stderr.isTTY ? new ProgressLine(process.stderr) : null
  let jobId: string | null = null
  const early: JobFinished[] = []
  let resolveDone: (f: JobFinished) => void = () => undefined
  const done = new Promise<JobFinished>((res) => (resolveDone = res))
  const off = rt.onEvent((name, payload) => {
    if (name === 'app:jobs:progress' && line && (payload as JobProgress).jobId === jobId) line.draw(payload as JobProgress)
    if (name === 'app:jobs:finished') {
      const f = payload as JobFinished
      if (jobId === null) early.push(f)
      else if (f.jobId === jobId) resolveDone(f)
    }
  })
  // Ctrl+C cancels the job; its final event still arrives and ends the command.
  const cancel = () => jobId && void rt.invoke('app:jobs:cancel', { id: jobId })
  process.once('SIGINT', cancel)
  try {
    const job = await call<JobView>(rt, 'app:jobs:start', input)
    jobId = job.id
    const already = early.find((f) => f.jobId === job.id)
    if (already) resolveDone(already)
    const result = await done
    line?.end()
    return result
  } finally {
    off()
    process.off('SIGINT', cancel)
  }
}
