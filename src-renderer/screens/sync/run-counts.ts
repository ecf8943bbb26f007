// Reading a sync run's `counts`, whose shape depends on the run kind:
// { people: { created, updated, deleted, unchanged }, segments: {…}, requests, retries, … }.
import type { SyncRun } from '../../api'
import { formatCount } from '../../components/format'

const CHANGE_KEYS = ['created', 'updated', 'deleted'] as const

function asRecord(v: unknown): Record<string, unknown> | null {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null
}

function num(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : 0
}

/** People created + updated + deleted by the run; null when the run did not touch people. */
export function peopleChanged(run: SyncRun): number | null {
  const people = asRecord(run.counts.people)
  if (!people) return typeof run.counts.people === 'number' ? run.counts.people : null
  return CHANGE_KEYS.reduce((sum, k) => sum + num(people[k]), 0)
}

/** One short line per part: "people +12 ~40 −3", "segments 8", "requests 230". */
export function countsSummary(run: SyncRun): string[] {
  const out: string[] = []
  for (const [part, value] of Object.entries(run.counts)) {
    if (part === 'retries') continue // its own column
    const rec = asRecord(value)
    if (part === 'peoplePull' && rec) {
      out.push(peoplePath(rec))
      continue
    }
    if (typeof value === 'number') out.push(`${part} ${formatCount(value)}`)
    else if (rec) {
      const marks: string[] = []
      if (num(rec.created)) marks.push(`+${formatCount(num(rec.created))} created`)
      if (num(rec.updated)) marks.push(`~${formatCount(num(rec.updated))} updated`)
      if (num(rec.deleted)) marks.push(`−${formatCount(num(rec.deleted))} deleted`)
      const others = Object.entries(rec).filter(([k, v]) => !CHANGE_KEYS.includes(k as (typeof CHANGE_KEYS)[number]) && k !== 'unchanged' && typeof v === 'number')
      for (const [k, v] of others) marks.push(`${formatCount(v as number)} ${k}`)
      if (marks.length === 0 && num(rec.unchanged)) marks.push('no change')
      if (marks.length) out.push(`${part}: ${marks.join(', ')}`)
    }
  }
  return out
}

/** How a pull read people (docs/pulls.md): the activity feed, an export and why, or one search page. */
function peoplePath(path: Record<string, unknown>): string {
  if (path.mode === 'incremental') return `people read through the activity feed (${formatCount(num(path.feedPages))} feed pages, ${formatCount(num(path.peopleRead))} people read)`
  if (path.mode === 'search') return 'people read from one search page'
  return `people read from an export${typeof path.reason === 'string' ? `: ${path.reason}` : ''}`
}

/** The run's duration in seconds, from durationMs or its timestamps; null while running. */
export function durationSeconds(run: SyncRun): number | null {
  if (run.durationMs != null) return run.durationMs / 1000
  if (run.finishedAt != null) return (run.finishedAt - run.startedAt) / 1000
  return null
}
