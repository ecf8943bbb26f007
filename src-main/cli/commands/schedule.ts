import type { Command } from 'commander'
import type { InputOf } from '../../contract/client'
import { SCHEDULE_KINDS, SCHEDULE_PULL_PARTS } from '../../contract/schedules'
import { EVERY_DAY, parseEvery, parseWindow, WEEKDAYS } from '../../schedule/timing'
import { cio, CliError, emit, EXIT, isOneOf, resolveWorkspace, type GlobalOptions, type Io } from '../output'
import type { WithRuntime } from '../with-runtime'

// `cio-sync schedule add|list|remove`: edits the schedules only. They run in the app and under
// `cio-sync serve`; a one-shot command never starts the scheduler.

type AddOptions = GlobalOptions & { every?: string; cron?: string; kind?: string; only?: string; window?: string; days?: string; disabled?: boolean; confirm?: string }

const DAY_CODES = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat']

export function registerSchedule(program: Command, withRuntime: WithRuntime, io: Io): void {
  const schedule = program.command('schedule').description('background pulls, deep pulls and pushes (they run in the app and under `cio-sync serve`)')

  schedule
    .command('add')
    .description('add a schedule: --every 15m or --cron "0 * * * *", --kind pull|deep-pull|push')
    .option('--every <interval>', 'an interval: 15m, 1h, 90s (at least 1 minute)')
    .option('--cron <expr>', 'a cron expression (5 or 6 fields, local time)')
    .option('--kind <kind>', 'pull (what changed), deep-pull (every person\'s attributes, in the background) or push (the outbox)')
    .option('--only <parts>', `pull only: comma-separated ${SCHEDULE_PULL_PARTS.join(',')}`)
    .option('--window <from-to>', 'only start runs inside this local time window, e.g. 09:00-18:00')
    .option('--days <days>', 'days of the window: daily (default), weekdays, weekends, or mon,tue,…')
    .option('--disabled', 'add it switched off')
    .option('--confirm <workspace>', 'a push schedule of a production workspace: its name, typed; every run then pushes without asking')
    .action(withRuntime(async (rt, opts: AddOptions) => {
      const ws = await resolveWorkspace(rt, opts.workspace)
      const input = addInput(opts)
      const added = await cio(rt).schedules.add({ workspaceId: ws.id, ...input })
      emit(io, opts, added, () => `schedule ${added.id} added: ${added.kind} ${added.description}; next run ${when(added.nextRunAt)}`)
    }, (opts) => void addInput(opts)))

  schedule
    .command('list')
    .description('the schedules of the workspace with their next run')
    .action(withRuntime(async (rt, opts: GlobalOptions) => {
      const ws = await resolveWorkspace(rt, opts.workspace)
      const { schedules } = await cio(rt).schedules.list({ workspaceId: ws.id })
      emit(io, opts, { workspace: ws.name, schedules }, () =>
        schedules.length === 0
          ? `${ws.name}: no schedules (add one with \`cio-sync schedule add --every 15m --kind pull\`)`
          : schedules
              .map((s) => `${String(s.id).padStart(4)}  ${s.kind}${s.parts ? ` (${s.parts.join(',')})` : ''}  ${s.description}  ${s.enabled ? `next ${when(s.nextRunAt)}` : 'disabled'}${s.lastState ? `  last ${s.lastState}` : ''}${s.lastState === 'failed' && s.lastError ? ` (${s.lastError})` : ''}`)
              .join('\n'),
      )
    }))

  schedule
    .command('remove <id>')
    .description('remove a schedule')
    .action(withRuntime(async (rt, opts: GlobalOptions, id: string) => {
      const res = await cio(rt).schedules.remove({ id: Number(id) })
      if (!res.removed) throw new CliError(`no schedule ${id}`)
      emit(io, opts, { id: Number(id), removed: true }, () => `schedule ${id} removed`)
    }, (_opts, id) => {
      if (!/^\d+$/.test(id ?? '')) throw new CliError(`the schedule id is a number, not "${id}"`, EXIT.usage)
    }))
}

function addInput(o: AddOptions): InputOf<'schedules', 'add'> {
  if ((o.every === undefined) === (o.cron === undefined)) throw new CliError('give either --every or --cron', EXIT.usage)
  if (!isOneOf(SCHEDULE_KINDS, o.kind)) throw new CliError(`--kind must be ${SCHEDULE_KINDS.join(', ')}`, EXIT.usage)
  const input: InputOf<'schedules', 'add'> = { kind: o.kind, enabled: !o.disabled }
  if (o.confirm !== undefined) {
    if (o.kind !== 'push') throw new CliError('--confirm applies to --kind push', EXIT.usage)
    input.confirm = o.confirm
  }
  if (o.every !== undefined) {
    const seconds = parseEvery(o.every)
    if (seconds === null) throw new CliError(`--every takes an interval like 15m, 1h or 90s, not "${o.every}"`, EXIT.usage)
    input.everySeconds = seconds
  } else input.cron = o.cron
  if (o.only !== undefined) {
    if (o.kind !== 'pull') throw new CliError('--only applies to --kind pull', EXIT.usage)
    const given = o.only.split(',').map((p) => p.trim()).filter(Boolean)
    const parts = given.filter((p) => isOneOf(SCHEDULE_PULL_PARTS, p))
    const bad = given.filter((p) => !isOneOf(SCHEDULE_PULL_PARTS, p))
    if (bad.length || !parts.length) throw new CliError(`--only takes ${SCHEDULE_PULL_PARTS.join(', ')}; not ${bad.join(', ') || 'nothing'}`, EXIT.usage)
    input.parts = parts
  }
  if (o.days !== undefined && o.window === undefined) throw new CliError('--days needs --window', EXIT.usage)
  if (o.window !== undefined) {
    const window = parseWindow(o.window, parseDays(o.days ?? 'daily'))
    if (!window) throw new CliError(`--window takes two times like 09:00-18:00, not "${o.window}"`, EXIT.usage)
    input.window = window
  }
  return input
}

function parseDays(text: string): number[] {
  const t = text.trim().toLowerCase()
  if (t === 'daily' || t === 'all') return EVERY_DAY
  if (t === 'weekdays' || t === 'mon-fri') return WEEKDAYS
  if (t === 'weekends') return [0, 6]
  const days = t.split(',').map((d) => DAY_CODES.indexOf(d.trim().slice(0, 3)))
  if (days.some((d) => d < 0)) throw new CliError(`--days takes daily, weekdays, weekends or mon,tue,…; not "${text}"`, EXIT.usage)
  return days
}

function when(at: number | null): string {
  return at === null ? 'never' : new Date(at).toLocaleString()
}
