// What a plan says about its surroundings rather than its rows: how stale the mirror it was
// compared against is (a plan against an old mirror may call a changed value unchanged, so the
// UI offers a pull first), and which manual segment people enter.

import type Database from 'better-sqlite3'

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
  const name = (sqlite.prepare('SELECT name FROM segments WHERE workspace_id = ? AND id = ?').pluck().get(workspaceId, segmentId) as string | undefined) ?? null
  return { id: segmentId, name, people }
}
