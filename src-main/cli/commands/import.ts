import type { Command } from 'commander'
import { resolve } from 'node:path'
import { IMPORT_KINDS, type ImportSummary } from '../../contract/imports'
import { describeConversion, describeNewAttribute } from '../plan-lines'
import type { Runtime } from '../../runtime/engine-runtime'
import type { InputOf, OutputOf } from '../../contract/client'
import { cio, CliError, emit, EXIT, isOneOf, resolveWorkspace, type GlobalOptions, type Io } from '../output'
import { confirmDeletions } from '../confirm-deletions'
import { confirmPush } from '../confirm-push'
import { cancelImport, discardImport, notPushable } from '../import-state'
import { waitForJob } from '../wait-for-job'
import type { WithRuntime } from '../with-runtime'

const IDENTIFIERS = ['id', 'email', 'cio_id'] as const
const BLANKS = ['skip', 'clear'] as const
const ROUTES = ['track', 'pipelines'] as const

type ImportOptionsCli = GlobalOptions & {
  kind?: string
  map: string[]
  identifier?: string
  blank?: string
  segment?: string
  collection?: string
  dryRun?: boolean
  yes?: boolean
  confirm?: string
  via?: string
  encoding?: string
  acceptStrayBytes?: boolean
}

const ENCODINGS = ['utf-8', 'windows-1252', 'utf-16le', 'utf-16be'] as const

/**
 * What `import ACTION JOB` does to an import already planned. `push` sends it: the first push of a
 * --dry-run plan, or the rest of one paused or cut off; `resume` is its older name, kept for scripts.
 */
const FOLLOW_UPS: readonly string[] = ['push', 'resume', 'undo', 'report']

export function registerImport(program: Command, withRuntime: WithRuntime, io: Io): void {
  program
    .command('import <file> [job]')
    .description('import a CSV through the Track API v2 (`import FILE --kind …`), or `import push|undo|report|cancel|discard JOB` (push: send a planned import, a --dry-run plan or one cut off; `resume` is the same)')
    .option('--kind <kind>', IMPORT_KINDS.join('|'))
    .option('--map <COL=ATTR>', 'map a column to an attribute (COL= ignores it); repeatable', (v: string, all: string[]) => [...all, v], [])
    .option('--identifier <type>', 'id|email|cio_id: which identifier the file carries')
    .option('--blank <policy>', 'skip|clear: what a blank cell does (default skip)')
    .option('--segment <id>', 'segment-members: the manual segment')
    .option('--collection <name>', 'collection: the collection to create or replace')
    .option('--dry-run', 'plan only: print what would change and send nothing')
    .option('--yes', 'push without asking')
    .option('--confirm <workspace>', 'a production workspace: its name, typed, to allow the push')
    .option('--via <route>', 'track|pipelines: people and events may go through the Pipelines API (write key, strict mode)')
    .option('--encoding <name>', `${ENCODINGS.join('|')}: read the file in this encoding instead of the detected one`)
    .option('--accept-stray-bytes', 'import rows holding bytes that are not UTF-8, reading each such byte as Windows-1252 (listed as warnings)')
    .action(withRuntime(async (rt, opts: ImportOptionsCli, file: string, job?: string) => {
      if (file === 'cancel' && job) return cancelImport(rt, io, opts, job)
      if (file === 'discard' && job) return discardImport(rt, io, opts, job)
      if (FOLLOW_UPS.includes(file) && job) return followUp(rt, io, opts, file === 'resume' ? 'push' : (file as 'push' | 'undo' | 'report'), job)
      const ws = await resolveWorkspace(rt, opts.workspace)
      const planned = await plan(rt, opts, () => cio(rt).imports.plan({ workspaceId: ws.id, source: { path: resolve(file) }, options: importOptions(opts) }))
      if (opts.dryRun) return printPlan(io, opts, planned)
      return pushAndReport(rt, io, opts, planned)
    }, (opts, file, job) => {
      if ([...FOLLOW_UPS, 'cancel', 'discard'].includes(file) && job) return
      if (!isOneOf(IMPORT_KINDS, opts.kind)) throw new CliError(`--kind must be one of ${IMPORT_KINDS.join(', ')}`, EXIT.usage)
      if (opts.identifier && !isOneOf(IDENTIFIERS, opts.identifier)) throw new CliError('--identifier must be id, email or cio_id', EXIT.usage)
      if (opts.blank && !isOneOf(BLANKS, opts.blank)) throw new CliError('--blank must be skip or clear', EXIT.usage)
      if (opts.kind === 'segment-members' && !/^\d+$/.test(opts.segment ?? '')) throw new CliError('segment-members needs --segment ID (a manual segment)', EXIT.usage)
      if (opts.kind === 'collection' && !opts.collection) throw new CliError('collection needs --collection NAME', EXIT.usage)
      if (opts.via && !isOneOf(ROUTES, opts.via)) throw new CliError('--via must be track or pipelines', EXIT.usage)
      if (opts.via === 'pipelines' && opts.kind !== 'people' && opts.kind !== 'events') throw new CliError('--via pipelines is for --kind people or events', EXIT.usage)
      for (const m of opts.map) if (!m.includes('=')) throw new CliError(`--map takes COL=ATTR, not "${m}"`, EXIT.usage)
      if (opts.encoding && !isOneOf(ENCODINGS, opts.encoding.toLowerCase())) throw new CliError(`--encoding must be one of ${ENCODINGS.join(', ')}`, EXIT.usage)
    }))
}

/** The plan's options from the command line (the check above has refused any value outside these lists). */
function importOptions(opts: ImportOptionsCli): InputOf<'imports', 'plan'>['options'] {
  const map = Object.fromEntries(opts.map.map((m) => [m.slice(0, m.indexOf('=')), m.slice(m.indexOf('=') + 1)]))
  const encoding = opts.encoding?.toLowerCase()
  if (!isOneOf(IMPORT_KINDS, opts.kind)) throw new CliError(`--kind must be one of ${IMPORT_KINDS.join(', ')}`, EXIT.usage)
  return {
    kind: opts.kind,
    ...(isOneOf(IDENTIFIERS, opts.identifier) ? { identifierType: opts.identifier } : {}),
    ...(isOneOf(BLANKS, opts.blank) ? { blank: opts.blank } : {}),
    ...(opts.segment ? { segmentId: Number(opts.segment) } : {}),
    ...(opts.collection ? { collectionName: opts.collection } : {}),
    ...(opts.map.length ? { map } : {}),
    ...(isOneOf(ROUTES, opts.via) ? { via: opts.via } : {}),
    ...(isOneOf(ENCODINGS, encoding) ? { encoding } : {}),
    ...(opts.acceptStrayBytes ? { acceptStrayBytes: true } : {}),
  }
}

/** Starts a plan (or undo plan), waits for it, and answers its summary. */
async function plan(rt: Runtime, opts: GlobalOptions, start: () => Promise<OutputOf<'imports', 'plan'>>): Promise<ImportSummary> {
  let importId = ''
  const finished = await waitForJob(rt, opts, async () => {
    const started = await start()
    importId = started.importId
    return started.jobId
  })
  if (finished.state !== 'succeeded') throw new CliError(`planning failed: ${finished.message ?? finished.state}`)
  return cio(rt).imports.summary({ importId })
}

/** The dry-run document: a contract for scripts (docs/DESIGN.md "The command line", issue 5). */
function planDocument(s: ImportSummary) {
  return {
    job: s.id,
    rows: s.rows,
    create: s.create,
    update: s.update,
    unchanged: s.unchanged,
    invalid: s.invalid,
    duplicates: s.duplicates,
    /** people an undo plan deletes (issue 14): its own bucket, never counted as updates */
    delete: s.delete,
    errors: s.errors.map((e) => ({ row: e.row, column: e.column, message: e.message })),
    errorCount: s.errorCount,
    warnings: s.warnings,
    /** a plan a newer plan of the same file or a pull has made stale: why (issue 14); null while current */
    stale: s.stale,
    /** cells converted or flagged (control characters, �, formula-like, NULs removed): never blocking, always shown */
    rowWarnings: s.rowWarnings.map((w) => ({ row: w.row, column: w.column, message: w.message })),
    rowWarningCount: s.rowWarningCount,
    /** the encoding the file was read in, and why (issue 14) */
    encoding: s.encoding ?? null,
    /** every conversion of cells, per column with an example before → after (issue 14) */
    conversions: s.conversions ?? [],
    /** attributes the workspace does not have that the push would create on people (issue 14) */
    newAttributes: s.newAttributes ?? [],
  }
}

function printPlan(io: Io, opts: GlobalOptions, s: ImportSummary): number {
  const doc = planDocument(s)
  emit(io, opts, doc, () =>
    [
      `${s.fileName}: ${s.rows} rows — ${s.create} create, ${s.update} update, ${s.delete > 0 ? `${s.delete} DELETE, ` : ''}${s.unchanged} unchanged, ${s.invalid} invalid, ${s.duplicates} duplicates`,
      s.encoding ? `encoding: ${s.encoding.name} (${s.encoding.chosenBy === 'user' ? '' : 'detected: '}${s.encoding.reason})` : '',
      ...(s.conversions ?? []).map((c) => `conversion: ${describeConversion(c)}`),
      ...(s.newAttributes ?? []).map((a) => `warning: ${describeNewAttribute(a)}`),
      ...s.warnings.map((w) => `warning: ${w}`),
      s.stale ? `stale plan: ${s.stale} (cio-sync import discard ${s.id})` : '',
      ...s.errors.map((e) => `  row ${e.row}${e.column ? `, column ${e.column}` : ''}: ${e.message}`),
      s.errorCount > s.errors.length ? `  … ${s.errorCount - s.errors.length} more (cio-sync import report ${s.id})` : '',
      ...cellWarningLines(s),
      `plan ${s.id} (push it with: cio-sync import push ${s.id})`,
    ].filter(Boolean).join('\n'),
  )
  return EXIT.done
}

/** The cells the plan converted or flagged, with row and column, as the review lists them. */
function cellWarningLines(s: ImportSummary): string[] {
  if (s.rowWarningCount === 0) return []
  const more = s.rowWarningCount - s.rowWarnings.length
  return [
    `${s.rowWarningCount} ${s.rowWarningCount === 1 ? 'cell was' : 'cells were'} converted or flagged (their rows are sent, as each line says):`,
    ...s.rowWarnings.map((w) => `  row ${w.row}${w.column ? `, column ${w.column}` : ''}: ${w.message}`),
    ...(more > 0 ? [`  … ${more} more`] : []),
  ]
}

async function pushAndReport(rt: Runtime, io: Io, opts: ImportOptionsCli, s: ImportSummary): Promise<number> {
  const blocked = notPushable(s)
  if (blocked) throw new CliError(blocked)
  const changes = s.create + s.update + s.delete
  // A people plan's unchanged rows are pushed too: the engine judges again first the people who
  // changed since the plan (push/recheck.ts), so a value the remote moved away from is sent.
  const recheck = s.kind === 'people' && s.unchanged > 0
  if (changes === 0 && !recheck) {
    emit(io, opts, { job: s.id, sent: 0, accepted: 0, rejected: 0, requests: 0, bytes: 0, status: 'nothing to send', plan: planDocument(s) }, () => [`${s.fileName}: nothing to send (${s.unchanged} unchanged, ${s.invalid} invalid, ${s.duplicates} duplicates)`, ...cellWarningLines(s)].join('\n'))
    return s.invalid > 0 ? EXIT.rejectedRows : EXIT.done
  }
  // attributes the workspace does not have: said before the question, so a typo is caught in time
  if (!opts.json) for (const a of s.newAttributes ?? []) io.err(`warning: ${describeNewAttribute(a)}`)
  const deletions = await confirmDeletions(rt, opts, s.delete, s.workspaceId)
  const confirm = await confirmPush(rt, opts, s.workspaceId, changes > 0 ? `push ${changes} changes` : `check ${s.unchanged} unchanged rows again and push what changed`)
  const finished = await waitForJob(rt, opts, async () => (await cio(rt).imports.push({ importId: s.id, ...(confirm ? { confirm } : {}), ...(deletions ? { deletions } : {}) })).jobId)
  const after = await cio(rt).imports.summary({ importId: s.id })
  const push = after.push ?? { sent: 0, accepted: 0, rejected: 0, requests: 0, bytes: 0, status: finished.state }
  // A push that did not finish says why, as every other failure of the CLI does ({"error":{code,message}}).
  const failure = finished.state === 'succeeded' ? null : { code: finished.state === 'cancelled' ? 'CANCELLED' : 'FAILED', message: finished.message ?? `the push ${finished.state}` }
  const doc = { job: s.id, ...push, status: finished.state === 'succeeded' ? push.status : finished.state, message: finished.message, ...(failure ? { error: failure } : {}) }
  emit(io, opts, doc, () => [`${s.fileName}: ${push.accepted} accepted, ${push.rejected} rejected in ${push.requests} requests (${push.bytes} bytes) — ${doc.status}${finished.message ? ` — ${finished.message}` : ''}`, ...cellWarningLines(after)].join('\n'))
  if (finished.state !== 'succeeded') return EXIT.failed
  return push.rejected > 0 || after.invalid > 0 ? EXIT.rejectedRows : EXIT.done
}


async function followUp(rt: Runtime, io: Io, opts: ImportOptionsCli, action: 'push' | 'undo' | 'report', importId: string): Promise<number> {
  if (action === 'report') {
    const s = await cio(rt).imports.summary({ importId })
    const rejected = await cio(rt).imports.rejected({ importId })
    emit(io, opts, { job: s.id, summary: planDocument(s), push: s.push, rejectedRows: rejected.rows, csv: rejected.csv }, () => rejected.csv)
    return EXIT.done
  }
  if (action === 'push') return pushAndReport(rt, io, opts, await cio(rt).imports.summary({ importId }))
  const undo = await plan(rt, opts, () => cio(rt).imports.undo({ importId }))
  if (opts.dryRun) return printPlan(io, opts, undo)
  return pushAndReport(rt, io, opts, undo)
}
