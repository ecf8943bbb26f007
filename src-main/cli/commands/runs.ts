import type { Command } from 'commander'
import { cio, CliError, emit, EXIT, resolveWorkspace, type GlobalOptions, type Io } from '../output'
import type { WithRuntime } from '../with-runtime'

// `cio-sync runs`: the sync history (pulls, pushes, imports, scheduled or not), newest first.

type RunsOptions = GlobalOptions & { limit?: string; trigger?: string; kind?: string }

export function registerRuns(program: Command, withRuntime: WithRuntime, io: Io): void {
  program
    .command('runs')
    .description('sync history, newest first: kind, trigger, state, duration, counts, errors')
    .option('--limit <n>', 'how many runs (default 20, at most 1000)')
    .option('--trigger <trigger>', 'only runs started by: user, tray, schedule or cli')
    .option('--kind <kind>', 'only runs of this kind: pull, deep-pull, push, import-push')
    .action(withRuntime(async (rt, opts: RunsOptions) => {
      const ws = await resolveWorkspace(rt, opts.workspace)
      const limit = parseLimit(opts.limit)
      // filters apply to the newest 1000 runs, so a filtered list still honours --limit
      const { runs } = await cio(rt).sync.history({ workspaceId: ws.id, limit: opts.trigger || opts.kind ? 1000 : limit })
      const picked = runs.filter((r) => (!opts.trigger || r.trigger === opts.trigger) && (!opts.kind || r.kind === opts.kind)).slice(0, limit)
      emit(io, opts, { workspace: ws.name, runs: picked }, () =>
        picked.length === 0
          ? `${ws.name}: no runs yet`
          : picked
              .map((r) => `${new Date(r.startedAt).toLocaleString()}  ${r.kind.padEnd(6)} ${r.trigger.padEnd(8)} ${r.state.padEnd(9)} ${r.durationMs === null ? '—' : `${(r.durationMs / 1000).toFixed(1)} s`}${r.error ? `  ${r.error}` : ''}`)
              .join('\n'),
      )
    }, (opts) => void parseLimit(opts.limit)))
}

function parseLimit(text: string | undefined): number {
  if (text === undefined) return 20
  const n = Number(text)
  if (!Number.isInteger(n) || n < 1 || n > 1000) throw new CliError(`--limit takes a number from 1 to 1000, not "${text}"`, EXIT.usage)
  return n
}
