import type { Command } from 'commander'
import { PULL_PARTS, type PullPart, type SyncRun } from '../../ipc/contracts/sync'
import { call, CliError, emit, EXIT, resolveWorkspace, type GlobalOptions, type Io } from '../output'
import { runJob } from '../wait-for-job'
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
      const result = await runJob(rt, opts, { kind: 'pull', workspaceId: ws.id, trigger: 'cli', options: { ...(only ? { only } : {}), ...(opts.full ? { full: true } : {}) } })
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
