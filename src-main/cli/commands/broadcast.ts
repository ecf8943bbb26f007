import type { Command } from 'commander'
import { resolve } from 'node:path'
import type { InputOf } from '../../contract/client'
import { KeyValueError, parseKeyValues } from '../key-values'
import { cio, CliError, emit, EXIT, isOneOf, resolveWorkspace, type GlobalOptions, type Io } from '../output'
import type { WithRuntime } from '../with-runtime'

// `cio-sync broadcast trigger ID [--segment ID | --csv FILE] [--data k=v]…`: an API-triggered
// broadcast to its default audience, to a segment, or to the people of a per-user-data CSV (an id or
// email column plus data columns). Prints the trigger id. Customer.io allows one trigger per 10 s:
// a second one too soon exits 1 with the seconds to wait, and nothing is sent.

type BroadcastOptions = GlobalOptions & { segment?: string; csv?: string; identifier?: string; data: string[]; ignoreMissing?: boolean; confirm?: string }

const IDENTIFIERS = ['id', 'email'] as const

function audience(opts: BroadcastOptions): NonNullable<InputOf<'messaging', 'broadcasttrigger'>['audience']> {
  if (opts.segment) return { kind: 'segment', segmentId: Number(opts.segment) }
  if (opts.csv) return { kind: 'csv', source: { path: resolve(opts.csv) }, ...(isOneOf(IDENTIFIERS, opts.identifier) ? { identifier: opts.identifier } : {}) }
  return { kind: 'default' }
}

export function registerBroadcast(program: Command, withRuntime: WithRuntime, io: Io): void {
  const broadcast = program.command('broadcast').description('API-triggered broadcasts')
  broadcast
    .command('trigger <id>')
    .description('trigger a broadcast (default audience, a segment, or a per-user-data CSV); prints the trigger id')
    .option('--segment <id>', 'send to the people of this segment')
    .option('--csv <file>', 'per-user data: an id or email column plus data columns (at most 10,000 rows)')
    .option('--identifier <type>', 'id|email: the CSV column that names the person (default: a column named id or email)')
    .option('--data <k=v>', 'trigger data for Liquid: k=v (string) or k:=JSON; repeatable', (v: string, all: string[]) => [...all, v], [])
    .option('--ignore-missing', 'do not fail on CSV rows that match no person')
    .option('--confirm <workspace>', 'a production workspace: its name, typed')
    .action(withRuntime(async (rt, opts: BroadcastOptions, id: string) => {
      const ws = await resolveWorkspace(rt, opts.workspace)
      const input = { workspaceId: ws.id, broadcastId: Number(id), data: parseKeyValues(opts.data), audience: audience(opts), ignoreMissing: !!opts.ignoreMissing }
      if (opts.csv) {
        // The rows are checked first, like an import's dry run, so a bad file lists every problem.
        const preview = await cio(rt).messaging.broadcastpreview(input)
        if (preview.errors.length > 0) {
          const message = `${opts.csv}: ${preview.invalid} invalid row(s), nothing was triggered`
          if (opts.json) io.out(JSON.stringify({ error: { code: 'INVALID_ROWS', message, errors: preview.errors } }))
          else io.err([`cio-sync: ${message}`, ...preview.errors.slice(0, 20).map((e) => `  ${e.row ? `row ${e.row}` : 'file'}${e.column ? `, column ${e.column}` : ''}: ${e.message}`)].join('\n'))
          return EXIT.failed
        }
      }
      const result = await cio(rt).messaging.broadcasttrigger({ ...input, ...(opts.confirm ? { confirm: opts.confirm } : {}) })
      if (result.status !== 'triggered') {
        emit(io, opts, result, () => `cio-sync: ${result.message}`)
        return EXIT.failed
      }
      emit(io, opts, result, () => String(result.triggerId))
      return EXIT.done
    }, (opts, id) => {
      if (!/^\d+$/.test(id)) throw new CliError(`broadcast trigger takes a broadcast id (a number), not "${id}"`, EXIT.usage)
      if (opts.segment && opts.csv) throw new CliError('give --segment or --csv, not both', EXIT.usage)
      if (opts.segment !== undefined && !/^\d+$/.test(opts.segment)) throw new CliError('--segment takes a segment id (a number)', EXIT.usage)
      if (opts.identifier && !isOneOf(IDENTIFIERS, opts.identifier)) throw new CliError('--identifier must be id or email', EXIT.usage)
      if (opts.identifier && !opts.csv) throw new CliError('--identifier goes with --csv', EXIT.usage)
      try {
        parseKeyValues(opts.data)
      } catch (err) {
        if (err instanceof KeyValueError) throw new CliError(err.message, EXIT.usage)
        throw err
      }
    }))
}
