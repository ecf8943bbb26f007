import type { Command } from 'commander'
import type { InputOf } from '../../contract/client'
import { PULL_PARTS, type PullPart } from '../../contract/sync'
import { cio, CliError, emit, EXIT, isOneOf, resolveWorkspace, type GlobalOptions, type Io } from '../output'
import { runJob } from '../wait-for-job'
import type { WithRuntime } from '../with-runtime'

// `cio-sync pull`: one of the three ways people reach the mirror, plus segments, collections,
// campaigns and messages. People come through Customer.io's activity feed (incremental) when the
// mirror is recent (a workspace of one search page is simply read whole), or through an export
// otherwise or with --full. --deep is the third path, a
// job of its own: it reads every person's attributes in bulk at the App API's budget, so that
// attributes an export or a search page left out are completed; it resumes where it stopped.

type PullOptions = GlobalOptions & { only?: string; full?: boolean; deep?: boolean }

export function registerPull(program: Command, withRuntime: WithRuntime, io: Io): void {
  program
    .command('pull')
    .description(
      '"Pull only" in the app: remote → mirror, nothing is pushed. People incrementally through the activity feed when ' +
        'the mirror is recent (a workspace of ≤ 1,000 through one search page), through an export otherwise; then segments ' +
        'with members, collections, campaigns, messages. --full is "Full re-pull", --deep is "Deep pull". ' +
        'The app\'s "Sync" is `pull` then `push`',
    )
    .option('--only <parts>', `comma-separated: ${PULL_PARTS.join(',')}`)
    .option('--full', '"Full re-pull": re-read everyone through a full export instead of only what changed since the last pull')
    .option('--deep', "\"Deep pull\": read every person's attributes in bulk (slow, at the App API's budget; resumes an interrupted one); not with --only or --full")
    .action(withRuntime(async (rt, opts: PullOptions) => {
      const ws = await resolveWorkspace(rt, opts.workspace)
      const { kind, options } = jobOf(opts)
      const result = await runJob(rt, opts, { kind, workspaceId: ws.id, trigger: 'cli', options })
      const run = (await cio(rt).sync.history({ workspaceId: ws.id, limit: 20 })).runs.find((r) => r.id === result.jobId)
      const doc = { job: result.jobId, workspace: ws.name, kind, state: result.state, message: result.message, counts: run?.counts ?? {}, retries: run?.retries ?? 0, durationMs: run?.durationMs ?? null }
      const name = kind === 'deep-pull' ? 'deep pull' : 'pull'
      emit(io, opts, doc, () => `${ws.name}: ${name} ${result.state}${result.message ? ` — ${result.message}` : ''}\n${JSON.stringify(doc.counts, null, 2)}`)
      return result.state === 'succeeded' ? EXIT.done : EXIT.failed
    }, (opts) => void jobOf(opts)))
}

/** The job the options ask for; a usage error (before anything starts) for a combination that means nothing. */
function jobOf(opts: PullOptions): Required<Pick<InputOf<'jobs', 'start'>, 'kind' | 'options'>> {
  if (opts.deep) {
    // A deep pull reads people only, and always all of them: --only and --full have no meaning there.
    const clash = [opts.only !== undefined ? '--only' : null, opts.full ? '--full' : null].filter(Boolean)
    if (clash.length) throw new CliError(`--deep reads every person's attributes and takes no ${clash.join(' or ')}`, EXIT.usage)
    return { kind: 'deep-pull', options: {} }
  }
  const only = parseParts(opts.only)
  return { kind: 'pull', options: { ...(only ? { only } : {}), ...(opts.full ? { full: true } : {}) } }
}

function parseParts(only: string | undefined): PullPart[] | undefined {
  if (!only) return undefined
  const given = only.split(',').map((p) => p.trim()).filter(Boolean)
  const parts = given.filter((p) => isOneOf(PULL_PARTS, p))
  const bad = given.filter((p) => !isOneOf(PULL_PARTS, p))
  if (bad.length || !parts.length) throw new CliError(`--only takes ${PULL_PARTS.join(', ')}; not ${bad.join(', ') || 'nothing'}`, EXIT.usage)
  return parts
}
