import type { Command } from 'commander'
import { cio, CliError, emit, EXIT, resolveWorkspace, type GlobalOptions, type Io } from '../output'
import type { WithRuntime } from '../with-runtime'

export function registerPeople(program: Command, withRuntime: WithRuntime, io: Io): void {
  const people = program.command('people').description('reads from the mirror (get looks up online a person the mirror lacks)')

  people
    .command('search <query>')
    .description('find people by id, email or name prefix')
    .option('--limit <n>', 'at most this many rows', '50')
    .action(withRuntime(async (rt, opts: GlobalOptions & { limit: string }, query: string) => {
      const ws = await resolveWorkspace(rt, opts.workspace)
      const page = await cio(rt).people.search({ workspaceId: ws.id, text: query, limit: Number(opts.limit) })
      emit(io, opts, { total: page.total, rows: page.rows }, () =>
        [`${page.total} match${page.total === 1 ? '' : 'es'} (${page.tookMs} ms)`, ...page.rows.map((p) => `${(p.id ?? '').padEnd(16)} ${(p.email ?? '').padEnd(36)} ${p.cioId ?? ''}`)].join('\n'),
      )
    }, (opts) => {
      const n = Number(opts.limit)
      if (!Number.isInteger(n) || n < 1 || n > 1000) throw new CliError('--limit must be a whole number from 1 to 1000', EXIT.usage)
    }))

  people
    .command('get <ident>')
    .description('one person by id, email or cio_<cio_id>, with segments and devices; one the mirror lacks is looked up in the workspace and added to the mirror')
    .action(withRuntime(async (rt, opts: GlobalOptions, ident: string) => {
      const ws = await resolveWorkspace(rt, opts.workspace)
      const d = await cio(rt).people.get({ workspaceId: ws.id, ident })
      emit(io, opts, d, () =>
        [
          `id ${d.person.id ?? '—'}  email ${d.person.email ?? '—'}  cio_id ${d.person.cioId ?? '—'}${d.person.deletedAt ? '  (deleted remotely)' : ''}`,
          ...Object.entries(d.person.attributes).map(([k, v]) => `  ${k} = ${typeof v === 'string' ? v : JSON.stringify(v)}`),
          `segments: ${d.segments.map((s) => s.name).join(', ') || 'none'}`,
          `devices: ${d.devices.map((x) => `${x.platform} ${x.id}`).join(', ') || 'none'}`,
        ].join('\n'),
      )
    }))
}
