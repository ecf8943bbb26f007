// What a plan says about its surroundings rather than its rows: how stale the mirror it was
// compared against is (a plan against an old mirror may call a changed value unchanged, so the
// UI offers a pull first), which manual segment people enter, and whether that segment can take them.

import type Database from 'better-sqlite3'
import { SegmentsRepo } from '../../db/segments-repo'
import type { ImportOptions } from '../types'

/** A mirror older than this gets a warning: a day is long enough for a workspace to drift. */
export const MIRROR_STALE_MS = 24 * 60 * 60 * 1000

export function mirrorAgeWarnings(lastPullAt: number | null, now: number): { mirrorAgeMs: number | null; warnings: string[] } {
  if (lastPullAt === null) {
    return { mirrorAgeMs: null, warnings: ['the mirror of this workspace was never pulled: every person counts as new and changes cannot be compared; pull first'] }
  }
  const mirrorAgeMs = Math.max(0, now - lastPullAt)
  if (mirrorAgeMs <= MIRROR_STALE_MS) return { mirrorAgeMs, warnings: [] }
  const hours = Math.floor(mirrorAgeMs / 3_600_000)
  return { mirrorAgeMs, warnings: [`the mirror was last pulled ${hours} hours ago: values may have changed in Customer.io since; pull first for an exact plan`] }
}

export function segmentsEntered(sqlite: Database.Database, workspaceId: string, segmentId: number, people: number): { id: number; name: string | null; people: number } {
  const name = new SegmentsRepo(sqlite).nameOf(workspaceId, segmentId)
  return { id: segmentId, name, people }
}

/**
 * What is wrong with the segment of a segment-members import, as the mirror knows the workspace's
 * segments: unknown (Customer.io's answer to an unknown id is undocumented, docs/customerio-api.md §3.7) or data-driven
 * (only manual segments take members through the API), or not chosen at all. Null when fine, or when segments were never
 * pulled and the mirror cannot tell.
 */
export function segmentProblem(sqlite: Database.Database, workspaceId: string, options: ImportOptions): string | null {
  if (options.kind !== 'segment-members') return null
  if (options.segmentId === undefined) return 'no segment chosen: a segment-members import needs the id of a manual segment (--segment ID)'
  const segments = new SegmentsRepo(sqlite)
  const pulled = segments.count(workspaceId)
  if (pulled === 0) return null
  const segment = segments.find(workspaceId, options.segmentId)
  if (!segment) return `segment ${options.segmentId} is not one of the workspace's ${pulled} segments: check the id (or pull, if it was created since the last pull)`
  if (segment.type === 'dynamic') return `segment ${options.segmentId} ("${segment.name}") is data-driven; only manual segments take members through the API`
  return null
}
