import { eq, sql } from 'drizzle-orm'
import { dbOf, type RepoSource } from './repo-support'
import { settings } from './schema'

// App-wide key → JSON value store: preferences, remembered column mappings (keyed by a hash of
// the header layout), saved views. Namespace keys with a prefix ("mapping:", "view:") so
// `list(prefix)` can find a family. Never a place for secrets: those belong to the keychain.

// The battery threshold is set in preferences and read by the scheduler.
export const BATTERY_KEY = 'schedule:battery-threshold'
/** Below this charge, on battery, scheduled runs wait (a user can change it in settings). */
export const DEFAULT_BATTERY_THRESHOLD = 20

export class SettingsRepo {
  private readonly db

  constructor(source: RepoSource) {
    this.db = dbOf(source)
  }

  /** The stored value, or `fallback` (undefined by default) when the key was never set. */
  get<T>(key: string): T | undefined
  get<T>(key: string, fallback: T): T
  get<T>(key: string, fallback?: T): T | undefined {
    const row = this.db.select().from(settings).where(eq(settings.key, key)).get()
    return row ? (row.value as T) : fallback
  }

  /**
   * `value` must be JSON-serialisable. Serialised here rather than by drizzle's json mode, which
   * would write a JS null as SQL NULL (refused by the NOT NULL column) instead of the text 'null'.
   */
  set(key: string, value: unknown): void {
    const json = sql`${JSON.stringify(value)}`
    this.db.insert(settings).values({ key, value: json }).onConflictDoUpdate({ target: settings.key, set: { value: json } }).run()
  }

  /** Returns whether the key existed. */
  delete(key: string): boolean {
    return this.db.delete(settings).where(eq(settings.key, key)).run().changes > 0
  }

  /** Every setting whose key starts with `prefix` (all of them without one), as an object. */
  list(prefix = ''): Record<string, unknown> {
    const rows = prefix
      ? this.db
          .select()
          .from(settings)
          // not LIKE: it is case-insensitive and treats % and _ in the prefix as wildcards
          .where(sql`substr(${settings.key}, 1, length(${prefix})) = ${prefix}`)
          .all()
      : this.db.select().from(settings).all()
    return Object.fromEntries(rows.map((r) => [r.key, r.value]))
  }
}
