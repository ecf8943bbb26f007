import type { Command } from 'commander'
import type { ChangesCounts, OutboxEntryView } from '../../contract/changes'
import { OUTBOX_VIEW_STATES } from '../../contract/changes'
import { cio, CliError, emit, EXIT, isOneOf, resolveWorkspace, type GlobalOptions, type Io } from '../output'
import { confirmPush } from '../confirm-push'
import { waitForJob } from '../wait-for-job'
import type { WithRuntime } from '../with-runtime'

// Offline edits and their push from a terminal (issue #6): `edit`, `outbox`, `push`, `conflicts`,
// `resolve`. Every command goes through the same IPC channels as the Changes screen.

const show = (v: unknown) => (v === null || v === undefined ? '∅' : typeof v === 'string' ? v : JSON.stringify(v))

function entryLine(e: OutboxEntryView): string {
  return `#${e.id} ${e.state.padEnd(8)} ${e.label} ${e.field}: ${show(e.old)} → ${show(e.new)}${e.lastError ? `  (${e.lastError})` : ''}`
}

function countsLine(c: ChangesCounts): string {
  return `${c.pending} pending, ${c.failed} failed, ${c.conflicts} conflicts`
}

type OutboxState = (typeof OUTBOX_VIEW_STATES)[number]
const IDENTIFIER_FIELDS = ['id', 'email'] as const
const KEEPS = ['mine', 'theirs', 'edited'] as const

/** `ATTR=VALUE` pairs; `ATTR=` clears the attribute. */
function parseAssignments(pairs: string[]): [string, string | null][] {
  return pairs.map((p) => {
    const at = p.indexOf('=')
    if (at <= 0) throw new CliError(`edits are ATTR=VALUE (ATTR= clears it), not "${p}"`, EXIT.usage)
    const value = p.slice(at + 1)
    return [p.slice(0, at), value === '' ? null : value]
  })
}

export function registerChanges(program: Command, withRuntime: WithRuntime, io: Io): void {
  program
    .command('edit <ident> <assignments...>')
    .description('edit a person offline (IDENT = id, email or cio_<cio_id>; ATTR=VALUE, ATTR= clears); nothing is sent until `push`')
    .action(withRuntime(async (rt, opts: GlobalOptions, ident: string, ...rest: unknown[]) => {
      const ws = await resolveWorkspace(rt, opts.workspace)
      const assignments = parseAssignments(rest.flat() as string[])
      const { person } = await cio(rt).people.get({ workspaceId: ws.id, ident })
      const entries: OutboxEntryView[] = []
      let counts: ChangesCounts | null = null
      const attributes = Object.fromEntries(assignments.filter(([k]) => !isOneOf(IDENTIFIER_FIELDS, k)))
      for (const [field, value] of assignments) {
        if (!isOneOf(IDENTIFIER_FIELDS, field)) continue
        if (value === null) throw new CliError(`${field} is an identifier and cannot be cleared`, EXIT.usage)
        const r = await cio(rt).changes.edit({ workspaceId: ws.id, kind: 'identifier', pk: person.pk, field, value })
        entries.push(...r.entries)
        counts = r.counts
      }
      if (Object.keys(attributes).length > 0) {
        const r = await cio(rt).changes.edit({ workspaceId: ws.id, kind: 'attributes', pk: person.pk, set: attributes })
        entries.push(...r.entries)
        counts = r.counts
      }
      emit(io, opts, { person: { pk: person.pk, id: person.id, email: person.email, cioId: person.cioId }, entries, counts }, () =>
        [...entries.map(entryLine), entries.length === 0 ? 'no change left to send (the values match what was last synced)' : '', counts ? countsLine(counts) : ''].filter(Boolean).join('\n'),
      )
    }, (_opts, _ident, ...rest) => void parseAssignments(rest.flat() as string[])))

  program
    .command('outbox')
    .description('changes waiting to be pushed (default: everything not sent yet)')
    .option('--state <states>', `comma-separated: ${OUTBOX_VIEW_STATES.join(',')}`)
    .option('--limit <n>', 'at most this many entries', '1000')
    .action(withRuntime(async (rt, opts: GlobalOptions & { state?: string; limit: string }) => {
      const ws = await resolveWorkspace(rt, opts.workspace)
      const r = await cio(rt).changes.outbox({ workspaceId: ws.id, limit: Number(opts.limit), ...(opts.state ? { states: parseStates(opts.state) } : {}) })
      emit(io, opts, r, () => [...r.entries.map(entryLine), countsLine(r.counts)].join('\n'))
    }, (opts) => {
      if (opts.state) parseStates(opts.state)
      const n = Number(opts.limit)
      if (!Number.isInteger(n) || n < 1 || n > 10_000) throw new CliError('--limit must be a whole number from 1 to 10000', EXIT.usage)
    }))

  program
    .command('push [ids...]')
    .description('"Push N queued changes" in the app: the outbox (or the given entry ids) goes out: refresh, three-way merge, send; exit 3 when some failed or conflict')
    .option('--yes', 'push without asking')
    .option('--confirm <workspace>', 'a production workspace: its name, typed, to allow the push')
    .action(withRuntime(async (rt, opts: GlobalOptions & { yes?: boolean; confirm?: string }, ...rest: unknown[]) => {
      const ws = await resolveWorkspace(rt, opts.workspace)
      const ids = (rest.flat() as string[]).map(Number)
      const confirm = await confirmPush(rt, opts, ws.id, 'push the outbox')
      const finished = await waitForJob(rt, opts, async () =>
        (await cio(rt).changes.push({ workspaceId: ws.id, ...(ids.length ? { ids } : {}), ...(confirm ? { confirm } : {}) })).jobId,
      )
      const run = (await cio(rt).sync.history({ workspaceId: ws.id, limit: 20 })).runs.find((r) => r.id === finished.jobId)
      const counts = (run?.counts ?? {}) as Record<string, number>
      const after = await cio(rt).changes.counts({ workspaceId: ws.id })
      const doc = { job: finished.jobId, workspace: ws.name, state: finished.state, message: finished.message, counts, outbox: after }
      emit(io, opts, doc, () => `${ws.name}: push ${finished.state}${finished.message ? ` — ${finished.message}` : ''}\n${countsLine(after)}`)
      if (finished.state !== 'succeeded') return EXIT.failed
      return (counts.failed ?? 0) > 0 || (counts.conflicts ?? 0) > 0 ? EXIT.rejectedRows : EXIT.done
    }, (_opts, ...rest) => {
      for (const id of rest.flat() as string[]) if (!/^\d+$/.test(id)) throw new CliError(`outbox entry ids are whole numbers, not "${id}"`, EXIT.usage)
    }))

  program
    .command('conflicts')
    .description('fields changed both here and in Customer.io since the last sync')
    .option('--resolved', 'the resolved ones instead of the open ones')
    .action(withRuntime(async (rt, opts: GlobalOptions & { resolved?: boolean }) => {
      const ws = await resolveWorkspace(rt, opts.workspace)
      const r = await cio(rt).changes.conflicts({ workspaceId: ws.id, state: opts.resolved ? 'resolved' : 'open' })
      emit(io, opts, r, () =>
        r.conflicts.length === 0
          ? `no ${opts.resolved ? 'resolved' : 'open'} conflicts`
          : r.conflicts.map((c) => `#${c.id} ${c.label} ${c.field}: base ${show(c.base)}, mine ${show(c.local)}, theirs ${show(c.remote)}${c.resolution ? ` → ${c.resolution}` : ''}`).join('\n'),
      )
    }))

  program
    .command('resolve <id>')
    .description('resolve a conflict: --keep mine (push mine), --keep theirs (take theirs), or --value V (push V)')
    .option('--keep <side>', 'mine|theirs|edited')
    .option('--value <value>', 'the value to keep instead (implies --keep edited)')
    .action(withRuntime(async (rt, opts: GlobalOptions & { keep?: string; value?: string }, id: string) => {
      const ws = await resolveWorkspace(rt, opts.workspace)
      const keep = opts.value !== undefined ? 'edited' : opts.keep
      if (!isOneOf(KEEPS, keep)) throw new CliError('--keep must be mine, theirs or edited (edited needs --value)', EXIT.usage)
      const r = await cio(rt).changes.resolve({ workspaceId: ws.id, id: Number(id), keep, ...(opts.value !== undefined ? { value: opts.value } : {}) })
      emit(io, opts, r, () => `#${r.conflict.id} ${r.conflict.label} ${r.conflict.field}: ${r.conflict.resolution}\n${countsLine(r.counts)}`)
    }, (opts, id) => {
      if (!/^\d+$/.test(id)) throw new CliError(`a conflict id is a whole number, not "${id}"`, EXIT.usage)
      const keep = opts.value !== undefined ? 'edited' : opts.keep
      if (!isOneOf(KEEPS, keep)) throw new CliError('--keep must be mine, theirs or edited (edited needs --value)', EXIT.usage)
      if (opts.value !== undefined && opts.keep && opts.keep !== 'edited') throw new CliError(`--value types the value to keep; it cannot go with --keep ${opts.keep}`, EXIT.usage)
      if (keep === 'edited' && opts.value === undefined) throw new CliError('--keep edited needs --value', EXIT.usage)
    }))
}

function parseStates(raw: string): OutboxState[] {
  const given = raw.split(',').map((s) => s.trim()).filter(Boolean)
  const states = given.filter((s) => isOneOf(OUTBOX_VIEW_STATES, s))
  const bad = given.filter((s) => !isOneOf(OUTBOX_VIEW_STATES, s))
  if (bad.length || states.length === 0) throw new CliError(`--state takes ${OUTBOX_VIEW_STATES.join(', ')}; not ${bad.join(', ') || 'nothing'}`, EXIT.usage)
  return states
}

