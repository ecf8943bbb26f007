// Which attribute columns an export asks for. An export holds only the identifier columns plus the
// attributes requested, and Customer.io has no "list every attribute name" call, so the request is
// the union of (docs/pulls.md "Export"):
//   - every name recorded for the workspace by earlier pulls (so an attribute removed remotely
//     comes back as an empty column and is removed here too); a mirror from before that record
//     is scanned for the names it holds, once;
//   - names seen in the activity feed's attribute changes;
//   - names in segment conditions, where the API exposes them;
//   - a sample spread across the whole workspace: people spread over the mirror, the first search
//     page, and the first members of up to five segments, read in full through bulk attributes;
//   - names the user added in Settings.
// A name no source knows (one that only unsampled people carry and no recent change touched) is
// missed by an export; the deep pull completes it, and the Sync screen says how complete it is.

import type { SegmentInfo } from '../../cio/app-reads'
import { EVERYONE } from './everyone-filter'
import { ATTRIBUTES_PER_CALL } from './people-refresh'
import type { AttributeNameSource, PeopleSyncStateRepo } from '../../db/people-sync-state-repo'
import { IDENTIFIER_COLUMNS, personFromRecord } from '../../merge/person-merge'
import type { PullEnv } from './pull-state'

const MIRROR_SAMPLE = 300
const SEARCH_SAMPLE = 100
const SEGMENT_SAMPLES = 5
const PER_SEGMENT_SAMPLE = 20

/** Every `field` named anywhere in a segment's conditions (`conditions` or `filter`, if present). */
export function fieldsInConditions(segment: SegmentInfo): string[] {
  const found = new Set<string>()
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk)
    else if (node && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if (key === 'field' && typeof value === 'string') found.add(value)
        else walk(value)
      }
    }
  }
  const raw = segment as unknown as { conditions?: unknown; filter?: unknown }
  walk(raw.conditions)
  walk(raw.filter)
  return [...found]
}

/** Evenly spaced picks from a list. */
function spread<T>(items: readonly T[], n: number): T[] {
  if (items.length <= n) return [...items]
  const step = items.length / n
  return Array.from({ length: n }, (_, i) => items[Math.floor(i * step)])
}

async function sampleNames(env: PullEnv, segments: SegmentInfo[]): Promise<Set<string>> {
  const cioIds = new Set<string>()
  // Spread over the whole mirror, not its first rows: the first live person at or after each of
  // MIRROR_SAMPLE evenly spaced pks (each a rowid seek, so a million-person mirror costs nothing).
  const end = (order: 'ASC' | 'DESC') => env.sqlite.prepare(`SELECT pk FROM people WHERE ws = (SELECT ws FROM workspaces WHERE id = ?) AND deleted_at IS NULL ORDER BY pk ${order} LIMIT 1`).pluck().get(env.workspaceId) as number | undefined
  const span = { lo: end('ASC'), hi: end('DESC') }
  if (span.lo !== undefined && span.hi !== undefined) {
    const at = env.sqlite.prepare('SELECT cio_id FROM people WHERE pk >= ? AND ws = (SELECT ws FROM workspaces WHERE id = ?) AND deleted_at IS NULL AND cio_id IS NOT NULL ORDER BY pk LIMIT 1').pluck()
    const step = Math.max(1, (span.hi - span.lo + 1) / MIRROR_SAMPLE)
    for (let pk = span.lo; pk <= span.hi; pk += step) {
      const id = at.get(Math.floor(pk), env.workspaceId) as string | undefined
      if (id) cioIds.add(id)
    }
  }
  const page = await env.reads.searchCustomers(EVERYONE, { limit: 1000 })
  for (const p of spread(page.items, SEARCH_SAMPLE)) if (p.cio_id) cioIds.add(p.cio_id)
  for (const segment of spread(segments, SEGMENT_SAMPLES)) {
    env.signal.throwIfAborted()
    const members = await env.reads.segmentMembership(segment.id, { limit: 100 })
    for (const m of spread(members.items, PER_SEGMENT_SAMPLE)) if (m.cio_id) cioIds.add(m.cio_id)
  }
  const names = new Set<string>()
  const ids = [...cioIds]
  for (let i = 0; i < ids.length; i += ATTRIBUTES_PER_CALL) {
    env.signal.throwIfAborted()
    for (const r of await env.reads.customersAttributesByCioId(ids.slice(i, i + ATTRIBUTES_PER_CALL))) for (const k of Object.keys(personFromRecord(r).attributes)) names.add(k)
  }
  return names
}

/** The union above, recorded (with where each name came from) in the workspace's sync state. */
export async function discoverAttributeNames(env: PullEnv, repo: PeopleSyncStateRepo, feedNames: Iterable<string> = []): Promise<string[]> {
  const bySource = new Map<AttributeNameSource, Set<string>>()
  const add = (source: AttributeNameSource, names: Iterable<string>) => {
    const set = bySource.get(source) ?? new Set<string>()
    for (const n of names) set.add(n)
    bySource.set(source, set)
  }
  // Every name a pull has read is recorded; a mirror from before that record is scanned once
  // (a full read of every person's attributes: seconds at a million people).
  if (Object.keys(repo.get(env.workspaceId).attributeNames).length === 0) {
    add('mirror', env.sqlite.prepare('SELECT DISTINCT j.key FROM people p, json_each(p.attributes) j WHERE p.ws = (SELECT ws FROM workspaces WHERE id = ?) AND p.deleted_at IS NULL').pluck().all(env.workspaceId) as string[])
  }
  add('feed', feedNames)
  const segments = await env.reads.listSegments()
  add('segment', segments.flatMap(fieldsInConditions))
  add('sample', await sampleNames(env, segments))
  const state = repo.get(env.workspaceId)
  add('settings', state.extraAttributeNames)
  for (const [source, names] of bySource) repo.addAttributeNames(env.workspaceId, names, source)

  const all = new Set<string>(Object.keys(repo.get(env.workspaceId).attributeNames))
  for (const names of bySource.values()) for (const n of names) all.add(n)
  for (const id of IDENTIFIER_COLUMNS) all.delete(id)
  return [...all].sort()
}
