import type Database from 'better-sqlite3'

// Shared plumbing of the read services: statements prepared once per connection (keyed by SQL
// text, so a query built from parts is prepared once per shape), and a cheap "has anything
// changed?" signature that lets expensive answers (counts over 1M people, attribute columns)
// be cached until the data really moves.

export class StatementCache {
  private readonly statements = new Map<string, Database.Statement>()

  constructor(readonly sqlite: Database.Database) {}

  get(sql: string): Database.Statement {
    let stmt = this.statements.get(sql)
    if (!stmt) {
      stmt = this.sqlite.prepare(sql)
      this.statements.set(sql, stmt)
    }
    return stmt
  }
}

/**
 * Changes whenever any connection commits a write: `PRAGMA data_version` moves on commits by
 * *other* connections (the CLI, a second engine), `total_changes()` on rows changed through this
 * one (the pull runs on the same engine connection). Both are O(1), unlike max(updated_at) or
 * count(*), which scan 1M rows without an index. Any write counts (settings too): that only
 * costs a recomputation, never a stale answer.
 */
export class DataSignature {
  private readonly changes: Database.Statement
  private readonly version: Database.Statement

  constructor(sqlite: Database.Database) {
    this.changes = sqlite.prepare('SELECT total_changes()').pluck()
    this.version = sqlite.prepare('PRAGMA data_version').pluck()
  }

  current(): string {
    return `${this.version.get() as number}:${this.changes.get() as number}`
  }
}

interface Entry<T> {
  value: T
  signature: string
  computedAt: number
}

/**
 * Values keyed by a query signature, valid while the data signature is unchanged. A caller may
 * accept a value computed less than `staleMs` ago even though the data has moved since (used
 * while scrolling during a pull, so a 1M-row count does not rerun on every page), and never
 * more than `capacity` keys are kept (oldest dropped first).
 */
export class SignatureCache<T> {
  private readonly entries = new Map<string, Entry<T>>()

  constructor(
    private readonly data: DataSignature,
    private readonly capacity = 64,
    private readonly now: () => number = Date.now,
  ) {}

  get(key: string, compute: () => T, opts: { staleMs?: number } = {}): T {
    return this.getEntry(key, compute, opts).value
  }

  /** Also says whether the value matches the data as it is now (exact) or is a tolerated stale one. */
  getEntry(key: string, compute: () => T, opts: { staleMs?: number } = {}): { value: T; exact: boolean } {
    const signature = this.data.current()
    const hit = this.entries.get(key)
    if (hit && hit.signature === signature) return { value: hit.value, exact: true }
    if (hit && opts.staleMs !== undefined && this.now() - hit.computedAt < opts.staleMs) return { value: hit.value, exact: false }
    // compute before reading the signature again would be wrong only for writes made *by* compute,
    // and read services never write
    const value = compute()
    this.entries.delete(key)
    this.entries.set(key, { value, signature, computedAt: this.now() })
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string)
    return { value, exact: true }
  }

  clear(): void {
    this.entries.clear()
  }
}

/** A JSON column's text parsed, or `fallback` when it is null or not valid JSON. */
export function parseJson<T>(text: unknown, fallback: T): T {
  if (typeof text !== 'string') return fallback
  try {
    const value = JSON.parse(text) as unknown
    return (value ?? fallback) as T
  } catch {
    return fallback
  }
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}
