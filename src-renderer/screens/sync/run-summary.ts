// One line per run for the history, read at a glance: "Pulled 2,000 people, 6 segments · 5 s",
// "Pushed 3 changes · 1 conflict · 2 s", "Nothing new · 1 s". Pure: from the run's kind, state and
// counts only (shapes in run-counts.ts); the details on expand list every count.
import type { SyncRun } from '../../api'
import { formatCount, formatDuration } from '../../components/format'
import { durationSeconds } from './run-counts'

function rec(v: unknown): Record<string, unknown> {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {}
}

function num(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : 0
}

/** "1 person", "2,000 people": every count on screen agrees with its number. */
export function countOf(n: number, one: string, many: string): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`
}

const MAX_ERROR = 90

function shortError(error: string | null): string {
  const line = (error ?? '').split('\n')[0].trim()
  if (!line) return ''
  return line.length > MAX_ERROR ? `${line.slice(0, MAX_ERROR - 1).trimEnd()}…` : line
}

/** What a pull brought in: people whose record changed, segments read for the first time, membership changes. */
function pullParts(c: Record<string, unknown>): { did: string[]; notes: string[] } {
  const people = rec(c.people)
  const segments = rec(c.segments)
  const changedPeople = num(people.created) + num(people.updated) + num(people.deleted) + num(people.restored)
  const did: string[] = []
  const notes: string[] = []
  if (changedPeople) did.push(countOf(changedPeople, 'person', 'people'))
  if (num(segments.firstRead)) did.push(countOf(num(segments.firstRead), 'segment', 'segments'))
  const moves = num(segments.joined) + num(segments.left)
  if (moves) did.push(countOf(moves, 'membership change', 'membership changes'))
  if (num(segments.removed)) did.push(`${countOf(num(segments.removed), 'segment', 'segments')} removed`)
  if (num(people.conflicts)) notes.push(countOf(num(people.conflicts), 'conflict', 'conflicts'))
  return { did, notes }
}

function pushParts(c: Record<string, unknown>): { did: string[]; notes: string[] } {
  const did = num(c.sent) ? [countOf(num(c.sent), 'change', 'changes')] : []
  const notes: string[] = []
  if (num(c.conflicts)) notes.push(countOf(num(c.conflicts), 'conflict', 'conflicts'))
  if (num(c.failed)) notes.push(`${formatCount(num(c.failed))} failed`)
  if (num(c.settled)) notes.push(`${formatCount(num(c.settled))} already in Customer.io`)
  return { did, notes }
}

function deepParts(c: Record<string, unknown>): { did: string[]; notes: string[] } {
  const people = rec(c.people)
  const did = num(c.read) ? [`${countOf(num(c.read), 'person', 'people')} in full`] : []
  const changed = num(people.created) + num(people.updated)
  return { did, notes: changed ? [`${formatCount(changed)} updated`] : [] }
}

function importParts(c: Record<string, unknown>): { did: string[]; notes: string[] } {
  const sent = num(c.accepted) || num(c.sent)
  return { did: sent ? [countOf(sent, 'row', 'rows')] : [], notes: num(c.rejected) ? [`${formatCount(num(c.rejected))} rejected`] : [] }
}

const VERB: Record<SyncRun['kind'], string> = { pull: 'Pulled', 'pull-and-push': 'Pulled', 'deep-pull': 'Read', push: 'Pushed', 'import-push': 'Imported' }

/** The run in one line: what it did, what needs attention, how long it took (or how it ended). */
export function runSummary(run: Pick<SyncRun, 'kind' | 'state' | 'counts' | 'durationMs' | 'finishedAt' | 'startedAt' | 'error'>): string {
  const c = run.counts
  const { did, notes } =
    run.kind === 'push' ? pushParts(c) : run.kind === 'deep-pull' ? deepParts(c) : run.kind === 'import-push' ? importParts(c) : pullParts(c)
  const what = did.length ? `${VERB[run.kind]} ${did.join(', ')}` : ''
  const seconds = durationSeconds(run)
  const took = seconds == null ? null : seconds < 0.5 ? 'under 1 s' : formatDuration(seconds)

  if (run.state === 'running') return [what || 'Running', ...notes].join(' · ') + '…'
  if (run.state === 'failed') return ['Failed', what, shortError(run.error), took].filter(Boolean).join(' · ')
  if (run.state === 'cancelled') return ['Cancelled', what, took].filter(Boolean).join(' · ')
  const head = what || (run.kind === 'push' ? 'Nothing to push' : 'Nothing new')
  return [head, ...notes, took].filter(Boolean).join(' · ')
}
