// Reading a sync run's `counts`, whose shape depends on the run kind:
// pull { people: { created, updated, deleted, unchanged, restored, conflicts }, peoplePull,
// segments: { segments, members, joined, left, removed, unchanged, baseline, firstRead },
// collections, campaigns, messages, requests, retries, rateLimited }; push { selected, sent,
// failed, conflicts, settled, requests, bytes }; deep pull { people, read, requests, retries }.
// The history's details list them in plain words, one line per part.
import type { SyncRun } from '../../api'
import { formatBytes, formatCount } from '../../components/format'

function asRecord(v: unknown): Record<string, unknown> | null {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null
}

function num(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : 0
}

const count = (n: number, one: string, many: string) => `${formatCount(n)} ${n === 1 ? one : many}`

function peopleLine(p: Record<string, unknown>, label = 'People'): string {
  const marks = [
    ['created', 'created'],
    ['updated', 'updated'],
    ['deleted', 'deleted'],
    ['restored', 'restored'],
    ['unchanged', 'unchanged'],
  ]
    .filter(([k]) => num(p[k]))
    .map(([k, word]) => `${formatCount(num(p[k]))} ${word}`)
  if (num(p.conflicts)) marks.push(count(num(p.conflicts), 'conflict', 'conflicts'))
  return `${label}: ${marks.length ? marks.join(', ') : 'no change'}`
}

function segmentsLine(s: Record<string, unknown>): string {
  const head = `Segments: ${formatCount(num(s.segments))} (${count(num(s.members), 'member', 'members')})`
  const parts: string[] = []
  if (num(s.firstRead)) parts.push(`first read of ${count(num(s.firstRead), 'segment', 'segments')}: ${count(num(s.baseline), 'member', 'members')} as a baseline`)
  if (num(s.joined) || num(s.left) || !num(s.firstRead)) parts.push(`${formatCount(num(s.joined))} joined, ${formatCount(num(s.left))} left`)
  if (num(s.unchanged)) parts.push(`${count(num(s.unchanged), 'big segment', 'big segments')} unchanged, members not re-read`)
  if (num(s.removed)) parts.push(`${formatCount(num(s.removed))} removed in Customer.io`)
  return `${head}: ${parts.join('; ')}`
}

/** How a pull read people (docs/pulls.md): the activity feed, an export and why, or one search page. */
function peoplePath(path: Record<string, unknown>): string {
  if (path.mode === 'incremental') return `People read through the activity feed (${count(num(path.feedPages), 'feed page', 'feed pages')}, ${count(num(path.peopleRead), 'person', 'people')} read)`
  if (path.mode === 'search') return 'People read from one search page'
  return `People read from an export${typeof path.reason === 'string' ? `: ${path.reason}` : ''}`
}

function requestsLine(c: Record<string, unknown>): string | null {
  if (!num(c.requests)) return null
  const parts = [count(num(c.requests), 'request', 'requests') + ' to Customer.io']
  if (num(c.bytes)) parts[0] += ` (${formatBytes(num(c.bytes))})`
  if (num(c.rateLimited)) parts.push(`${formatCount(num(c.rateLimited))} slowed down by its rate limit`)
  return parts.join(', ')
}

/** The run's counts, one plain line per part, for the history's details. */
export function countsSummary(run: SyncRun): string[] {
  const c = run.counts
  const out: string[] = []
  const people = asRecord(c.people)
  if (run.kind === 'push') {
    out.push(
      `${count(num(c.sent), 'change', 'changes')} sent of ${formatCount(num(c.selected))} selected; ${count(num(c.conflicts), 'conflict', 'conflicts')}, ${formatCount(num(c.failed))} failed, ${formatCount(num(c.settled))} already in Customer.io`,
    )
  } else if (run.kind === 'deep-pull') {
    out.push(`${count(num(c.read), 'person', 'people')} read in full`)
    if (people) out.push(peopleLine(people))
  } else {
    if (people) out.push(peopleLine(people))
    const path = asRecord(c.peoplePull)
    if (path) out.push(peoplePath(path))
    const segments = asRecord(c.segments)
    if (segments) out.push(segmentsLine(segments))
    const collections = asRecord(c.collections)
    if (collections) out.push(`Collections: ${formatCount(num(collections.collections))} (${count(num(collections.rows), 'row', 'rows')})`)
    const campaigns = asRecord(c.campaigns)
    if (campaigns)
      out.push(`Campaigns: ${formatCount(num(campaigns.campaigns))}, ${count(num(campaigns.broadcasts), 'broadcast', 'broadcasts')}, ${count(num(campaigns.newsletters), 'newsletter', 'newsletters')}`)
    const messages = asRecord(c.messages)
    if (messages) out.push(`Messages: ${formatCount(num(messages.messages))}`)
  }
  const requests = requestsLine(c)
  if (requests) out.push(requests)
  return out
}

/** The run's duration in seconds, from durationMs or its timestamps; null while running. */
export function durationSeconds(run: Pick<SyncRun, 'durationMs' | 'finishedAt' | 'startedAt'>): number | null {
  if (run.durationMs != null) return run.durationMs / 1000
  if (run.finishedAt != null) return (run.finishedAt - run.startedAt) / 1000
  return null
}
