import type { Command } from 'commander'
import type { WorkspaceView } from '../../contract/workspaces'
import { cio, CliError, emit, EXIT, isOneOf, resolveWorkspace, type GlobalOptions, type Io } from '../output'
import { promptSecret } from '../prompt'
import type { WithRuntime } from '../with-runtime'

const KEY_ENV = [
  ['siteId', 'CIO_SITE_ID', 'Site ID'],
  ['trackApiKey', 'CIO_TRACK_API_KEY', 'Track API key'],
  ['appApiKey', 'CIO_APP_API_KEY', 'App API key'],
  ['writeKey', 'CIO_WRITE_KEY', 'Pipelines write key'],
] as const

type AddOptions = GlobalOptions & { region?: string; url?: string; production: boolean }

const REGIONS = ['us', 'eu'] as const

/** The kind of the workspace to add: a region, or custom for --url (a usage error otherwise). */
function workspaceKind(opts: AddOptions): (typeof REGIONS)[number] | 'custom' {
  if (!!opts.region === !!opts.url) throw new CliError('give exactly one of --region us|eu or --url URL', EXIT.usage)
  if (opts.url) return 'custom'
  if (!isOneOf(REGIONS, opts.region)) throw new CliError(`--region must be us or eu, not "${opts.region}"`, EXIT.usage)
  return opts.region
}

export function registerWorkspace(program: Command, withRuntime: WithRuntime, io: Io): void {
  const ws = program.command('workspace').description('add, list, test and remove workspaces (keys go to the OS keychain)')

  ws.command('add <name>')
    .description('add a workspace; keys from CIO_SITE_ID, CIO_TRACK_API_KEY, CIO_APP_API_KEY, CIO_WRITE_KEY or a prompt')
    .option('--region <region>', 'us or eu')
    .option('--url <url>', 'a custom base URL serving all three APIs (a proxy or a sandbox)')
    .option('--production', 'mark as production: pushes will need a typed confirmation', false)
    .action(withRuntime(async (rt, opts: AddOptions, name: string) => {
      const credentials: Record<string, string> = {}
      for (const [key, env, label] of KEY_ENV) {
        const value = process.env[env] ?? (process.stdin.isTTY && !opts.json ? await promptSecret(`${label} (empty to skip): `) : '')
        if (value) credentials[key] = value
      }
      const view = await cio(rt).workspaces.add({
        name,
        kind: workspaceKind(opts),
        ...(opts.url ? { url: opts.url } : {}),
        production: opts.production,
        credentials,
      })
      // As the app's form does, the stored keys are tried at once; unlike the form, the command
      // keeps the workspace (scripts rely on it) and says what is wrong, on stderr and in `check`.
      const check = await cio(rt).workspaces.testdraft({ id: view.id, kind: view.kind, ...(view.url ? { url: view.url } : {}) })
      emit(io, opts, { ...view, check: { verdict: check.verdict, region: check.report.region, problems: check.problems } }, () => `added workspace ${view.name} (${view.kind}${view.production ? ', PRODUCTION' : ''}); keys stored in the OS keychain`)
      for (const p of check.problems) io.err(`${p.blocking ? 'problem' : 'note'}: ${p.message}`)
      if (check.verdict === 'blocked') io.err(`"${view.name}" was saved, but it will fail until its keys are fixed: \`cio-sync workspace remove "${view.name}"\`, then add it again with the right keys.`)
    }, (opts) => void workspaceKind(opts)))

  ws.command('list')
    .description('list workspaces with masked keys')
    .action(withRuntime(async (rt, opts: GlobalOptions) => {
      const res = await cio(rt).workspaces.list({})
      emit(io, opts, res, () => res.workspaces.map(describe).join('\n') || 'no workspaces; add one with `cio-sync workspace add`')
    }))

  ws.command('test <name>')
    .description('check each key against its API and report the region')
    .action(withRuntime(async (rt, opts: GlobalOptions, name: string) => {
      const w = await resolveWorkspace(rt, name)
      const report = await cio(rt).workspaces.test({ id: w.id })
      emit(io, opts, report, () =>
        [
          `${w.name}: ${report.ok ? 'connected' : 'not connected'}${report.region ? ` (region ${report.region.toUpperCase()})` : ''}`,
          ...(['track', 'app', 'pipelines'] as const).map((k) => `  ${k.padEnd(9)} ${report[k].ok ? 'ok  ' : 'FAIL'} ${report[k].message} (${report[k].ms} ms)`),
        ].join('\n'),
      )
      if (!report.ok) return EXIT.failed
    }))

  ws.command('use <name>')
    .description('make a workspace the active one')
    .action(withRuntime(async (rt, opts: GlobalOptions, name: string) => {
      const w = await resolveWorkspace(rt, name)
      const view = await cio(rt).workspaces.select({ id: w.id })
      emit(io, opts, view, () => `active workspace: ${view.name}`)
    }))

  ws.command('remove <name>')
    .description('remove a workspace, its mirror data and its keychain items')
    .action(withRuntime(async (rt, opts: GlobalOptions, name: string) => {
      const w = await resolveWorkspace(rt, name)
      const res = await cio(rt).workspaces.remove({ id: w.id })
      emit(io, opts, { ...res, name: w.name }, () => `removed workspace ${w.name}`)
    }))
}

function describe(w: WorkspaceView): string {
  const keys = (['siteId', 'trackApiKey', 'appApiKey', 'writeKey'] as const)
    .map((k) => `${k}=${w.credentials[k].set ? `•••• ${w.credentials[k].last4}` : 'not set'}`)
    .join(' ')
  const flags = [w.active ? 'active' : null, w.production ? 'PRODUCTION' : null].filter(Boolean).join(', ')
  const twin = w.sameSiteIdAs.length ? `  same Site ID as ${w.sameSiteIdAs.map((n) => `“${n}”`).join(', ')}` : ''
  return `${w.active ? '*' : ' '} ${w.name} [${w.kind}${w.url ? ` ${w.url}` : ''}]${flags ? ` (${flags})` : ''}  ${keys}${twin}`
}
