// Cursor pagination of the App API (docs/customerio-api.md §2.8, §8.8): `start` is an opaque cursor, `limit`
// a page size with a per-endpoint default and maximum, `next` an opaque base64 string that is omitted on
// the last page. Cursors encode a keyset position (a row id), so pages stay stable while rows are added.

import { appError } from './http-kit'

export function encodeCursor(position: number): string {
  return Buffer.from(`k:${position}`).toString('base64')
}

/** Decodes `start`; a cursor we did not issue is a 400, as a bad parameter would be. */
export function decodeCursor(start: string | null): number | undefined {
  if (start === null || start === '') return undefined
  const text = Buffer.from(start, 'base64').toString('utf8')
  const m = /^k:(-?\d+)$/.exec(text)
  if (!m) throw appError(400, `invalid start cursor "${start}"`, { source: { parameter: 'start' } })
  return Number(m[1])
}

/** Page size: the default when absent, clamped to the documented maximum, 400 when not a positive integer. */
export function parseLimit(raw: string | null, [fallback, max]: readonly [number, number]): number {
  if (raw === null || raw === '') return fallback
  const n = Number(raw)
  if (!Number.isInteger(n) || n < 1) throw appError(400, `limit must be a positive integer, got "${raw}"`, { source: { parameter: 'limit' } })
  return Math.min(n, max)
}

/**
 * Runs a keyset query that fetches `limit + 1` rows to learn whether another page exists, and returns
 * the page plus `next` (undefined on the last page).
 */
export function page<T>(fetch: (limitPlusOne: number) => T[], limit: number, positionOf: (row: T) => number): { rows: T[]; next?: string } {
  const rows = fetch(limit + 1)
  if (rows.length <= limit) return { rows }
  const pageRows = rows.slice(0, limit)
  return { rows: pageRows, next: encodeCursor(positionOf(pageRows[pageRows.length - 1])) }
}
