import type { Command } from 'commander'
import type { InputOf } from '../../contract/client'
import type { Runtime } from '../../runtime/engine-runtime'
import { KeyValueError, parseKeyValues } from '../key-values'
import { cio, cioResults, CliError, emit, EXIT, isOneOf, resolveWorkspace, type GlobalOptions, type Io } from '../output'
import type { WithRuntime } from '../with-runtime'

// `cio-sync send email|push|sms --to PERSON --message ID [--data k=v]…`: one transactional send.
// Prints the delivery id (or the whole answer with --json). A send is never repeated by the app: a
// 5xx or a timeout exits 1 with "may have been sent", and running the command again sends again.

const CHANNELS = ['email', 'push', 'sms'] as const

function sendChannel(text: string): (typeof CHANNELS)[number] {
  if (!isOneOf(CHANNELS, text)) throw new CliError(`send takes one of ${CHANNELS.join(', ')}, not "${text}"`, EXIT.usage)
  return text
}

type SendOptions = GlobalOptions & { to?: string; message?: string; data: string[]; address?: string; sendAt?: string; confirm?: string }

/**
 * A person by id, email or cio_<id>: from the mirror, or looked up in the workspace and added to
 * the mirror when created there after the last pull (app:people:get), so the send goes to their
 * email. Otherwise (unknown to Customer.io too, or the workspace unreachable) the identifier as typed.
 */
async function recipient(rt: Runtime, workspaceId: string, to: string): Promise<InputOf<'messaging', 'send'>['person']> {
  const res = await cioResults(rt).people.get({ workspaceId, ident: to })
  if (res.ok) return { pk: res.value.person.pk }
  if (res.error.code !== 'NOT_FOUND') throw new CliError(res.error.message, EXIT.failed, res.error)
  if (to.startsWith('cio_')) return { cio_id: to.slice(4) }
  return to.includes('@') ? { email: to } : { id: to }
}

export function registerSend(program: Command, withRuntime: WithRuntime, io: Io): void {
  program
    .command('send <channel>')
    .description('send a transactional email, push or SMS to one person; prints the delivery id')
    .option('--to <person>', 'the person: id, email or cio_<cio_id>')
    .option('--message <id>', 'the transactional message: its id or trigger name')
    .option('--data <k=v>', 'message_data for Liquid: k=v (string) or k:=JSON; repeatable', (v: string, all: string[]) => [...all, v], [])
    .option('--address <to>', 'email address, phone (E.164) or device token to use instead of the default')
    .option('--send-at <unix>', 'schedule it: unix seconds, at most 90 days ahead')
    .option('--confirm <workspace>', 'a production workspace: its name, typed')
    .action(withRuntime(async (rt, opts: SendOptions, channel: string) => {
      const ws = await resolveWorkspace(rt, opts.workspace)
      const message = /^\d+$/.test(opts.message!) ? Number(opts.message) : opts.message!
      const input = {
        workspaceId: ws.id,
        channel: sendChannel(channel),
        person: await recipient(rt, ws.id, opts.to!),
        message,
        data: parseKeyValues(opts.data),
        ...(opts.address ? { to: opts.address } : {}),
        ...(opts.sendAt ? { sendAt: Number(opts.sendAt) } : {}),
        ...(opts.confirm ? { confirm: opts.confirm } : {}),
      }
      const result = await cio(rt).messaging.send(input)
      if (result.status === 'unknown') {
        emit(io, opts, result, () => `cio-sync: ${result.message}`)
        return EXIT.failed
      }
      emit(io, opts, result, () => result.deliveryId)
      return EXIT.done
    }, (opts, channel) => {
      sendChannel(channel)
      if (!opts.to) throw new CliError('send needs --to PERSON (an id, an email or cio_<cio_id>)', EXIT.usage)
      if (!opts.message) throw new CliError('send needs --message ID (a transactional message id or trigger name)', EXIT.usage)
      if (opts.sendAt !== undefined && !/^\d+$/.test(opts.sendAt)) throw new CliError('--send-at takes unix seconds', EXIT.usage)
      try {
        parseKeyValues(opts.data)
      } catch (err) {
        if (err instanceof KeyValueError) throw new CliError(err.message, EXIT.usage)
        throw err
      }
    }))
}
