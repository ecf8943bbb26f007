// Which attribute names the workspace already has, and which of a plan's attributes are new to it.
// A new attribute is often a mapping typo ("LTV" going to a new `ltv` instead of `lifetime_value`)
// and, once pushed, it sits on every person the file touches, so the plan names each one with the
// number of people who would get it before anything is sent. Names are known from the workspace's
// sync state (every name pulls have seen, people_sync_state.attribute_names, plus the names asked
// for in Settings) and, for a name not recorded there, from the mirror's people themselves.

import type Database from 'better-sqlite3'
import { PeopleSyncStateRepo } from '../../db/people-sync-state-repo'
import { matchKey } from '../names'
import { RowResultsRepo } from '../row-results-repo'
import type { Mapping } from '../types'

/** Always there for a person; never "new". */
const BUILT_IN = ['id', 'email', 'created_at']
/** People whose attribute names are read from the mirror, spread over it. */
const MIRROR_SAMPLE = 500
/** How many new names are looked up in the mirror and counted in the plan (each is a scan). */
const MAX_NEW_NAMES = 25

export interface NewAttribute {
  attribute: string
  column: string
  /** rows that would give people this attribute (creates and updates) */
  people: number
  /** of those, people who exist already (updates): the attribute lands on people the workspace has */
  existingPeople: number
  /** of those, updates whose only changes are new attributes: rows that would otherwise be unchanged */
  onlyChange: number
  /** existing names that look alike (a typo?), closest first */
  similar: string[]
}

/**
 * The workspace's known attribute names: its sync state's, and those of a sample of the mirror's
 * people (a pull by one search page records none). Only the built-in ones for a workspace never pulled.
 */
export function knownAttributeNames(sqlite: Database.Database, workspaceId: string): string[] {
  const state = new PeopleSyncStateRepo(sqlite).get(workspaceId)
  return [...new Set([...BUILT_IN, ...Object.keys(state.attributeNames), ...state.extraAttributeNames, ...sampledMirrorNames(sqlite, workspaceId)])].sort()
}

/** The attribute names of up to MIRROR_SAMPLE people spread over the mirror (each a rowid seek: cheap at a million people). */
function sampledMirrorNames(sqlite: Database.Database, workspaceId: string): string[] {
  const end = (order: 'ASC' | 'DESC') => sqlite.prepare(`SELECT pk FROM people WHERE ws = (SELECT ws FROM workspaces WHERE id = ?) AND deleted_at IS NULL ORDER BY pk ${order} LIMIT 1`).pluck().get(workspaceId) as number | undefined
  const lo = end('ASC')
  const hi = end('DESC')
  if (lo === undefined || hi === undefined) return []
  const at = sqlite.prepare('SELECT pk, attributes FROM people WHERE pk >= ? AND ws = (SELECT ws FROM workspaces WHERE id = ?) AND deleted_at IS NULL ORDER BY pk LIMIT 1')
  const names = new Set<string>()
  const step = Math.max(1, (hi - lo + 1) / MIRROR_SAMPLE)
  let next = lo
  while (next <= hi) {
    const person = at.get(Math.floor(next), workspaceId) as { pk: number; attributes: string } | undefined
    if (!person) break
    for (const name of Object.keys(JSON.parse(person.attributes) as object)) names.add(name)
    next = Math.max(next + step, person.pk + 1)
  }
  return [...names]
}

/** Whether any person in the mirror holds `name` (a cheap text search first, JSON only on a hit). */
function inMirror(sqlite: Database.Database, workspaceId: string, name: string): boolean {
  const hit = sqlite
    .prepare(
      `SELECT 1 FROM people p WHERE p.ws = (SELECT ws FROM workspaces WHERE id = ?) AND p.deleted_at IS NULL AND instr(p.attributes, ?) > 0
         AND EXISTS (SELECT 1 FROM json_each(p.attributes) j WHERE j.key = ?) LIMIT 1`,
    )
    .get(workspaceId, JSON.stringify(name), name)
  return hit !== undefined
}

/**
 * The people-import attributes of `mapping` the workspace does not have, with how many rows of
 * the plan would set each. Empty when the workspace was never pulled: then nothing is known, and
 * the plan already says so.
 */
export function findNewAttributes(sqlite: Database.Database, workspaceId: string, importId: string, mapping: Mapping, pulled: boolean): NewAttribute[] {
  if (mapping.kind !== 'people' || !pulled) return []
  const known = knownAttributeNames(sqlite, workspaceId)
  // A workspace whose people carry no attribute yet has no names to compare with: every attribute
  // is new there, and a warning on each would only teach the user to click past it.
  if (known.every((name) => BUILT_IN.includes(name))) return []
  const knownSet = new Set(known)
  const candidates = mapping.columns.filter((c) => c.target !== null && c.column !== mapping.identifier?.column && !knownSet.has(c.target))
  const fresh = candidates.slice(0, MAX_NEW_NAMES).filter((c) => !inMirror(sqlite, workspaceId, c.target as string))
  if (fresh.length === 0) return []
  const freshNames = new Set(fresh.map((c) => c.target as string))
  const rowResults = new RowResultsRepo(sqlite)
  const names = JSON.stringify([...freshNames])
  return fresh
    .map((c) => {
      const name = c.target as string
      const counted = rowResults.newAttributeSetters(importId, names, name)
      return { attribute: name, column: c.column, ...counted, similar: similarNames(name, known) }
    })
    .filter((a) => a.people > 0)
}

/** Known names within two edits of `name` (ignoring case and separators), closest first, at most three. */
export function similarNames(name: string, known: readonly string[]): string[] {
  const key = matchKey(name)
  if (key.length < 3) return []
  return known
    .map((other) => ({ other, d: distance(key, matchKey(other)) }))
    .filter((x) => x.other !== name && x.d <= (key.length < 6 ? 1 : 2))
    .sort((a, b) => a.d - b.d || a.other.localeCompare(b.other))
    .slice(0, 3)
    .map((x) => x.other)
}

/** Levenshtein distance, with early exit past 2 (only small distances matter here). */
function distance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const current = [i]
    for (let j = 1; j <= b.length; j++) current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1))
    if (Math.min(...current) > 2) return 3
    previous = current
  }
  return previous[b.length]
}
