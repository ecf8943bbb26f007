// The sandbox's own SQLite database: schema, pragmas, and the persisted workspace keys.
// One file per sandbox (`<dataDir>/sandbox.sqlite`), or `:memory:` — the workspace state and its keys
// survive restarts only in the file case.

import Database from 'better-sqlite3'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { ensurePrivateDir, ensurePrivateFile, SQLITE_COMPANIONS } from '../../security/private-files'
import { generateKeys, type SandboxKeys } from '../auth'

export type DB = Database.Database

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

-- People. cio_id is derived from pk (see cioIdOf) so it needs no index of its own.
-- attrs holds custom attributes already converted to strings (App reads return strings, docs/customerio-api.md §2.3);
-- ts holds the per-attribute set time for attributes changed after creation (others use created_at).
CREATE TABLE IF NOT EXISTS people (
  pk INTEGER PRIMARY KEY,
  id TEXT,
  email TEXT,
  email_lc TEXT,
  anonymous_id TEXT,
  attrs TEXT NOT NULL DEFAULT '{}',
  ts TEXT NOT NULL DEFAULT '{}',
  unsubscribed INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS people_id ON people(id) WHERE id IS NOT NULL;
CREATE UNIQUE INDEX IF NOT EXISTS people_email ON people(email_lc) WHERE email_lc IS NOT NULL;
CREATE INDEX IF NOT EXISTS people_anon ON people(anonymous_id) WHERE anonymous_id IS NOT NULL;

CREATE TABLE IF NOT EXISTS devices (
  pk INTEGER NOT NULL, token TEXT NOT NULL, platform TEXT NOT NULL, last_used INTEGER NOT NULL,
  attrs TEXT NOT NULL DEFAULT '{}', PRIMARY KEY (pk, token)
) WITHOUT ROWID;

-- Events, page/screen views and changes to people: the activity log (columns explained in activity-log.ts).
-- Files created before logged_at/snap_*/gone existed are upgraded by upgradeActivities.
CREATE TABLE IF NOT EXISTS activities (
  seq INTEGER PRIMARY KEY,
  pk INTEGER,
  anonymous_id TEXT,
  event_id TEXT,
  type TEXT NOT NULL,
  name TEXT,
  data TEXT NOT NULL DEFAULT '{}',
  timestamp INTEGER NOT NULL,
  logged_at INTEGER NOT NULL DEFAULT 0,
  snap_id TEXT,
  snap_email TEXT,
  gone INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX IF NOT EXISTS activities_event_id ON activities(event_id) WHERE event_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS activities_pk ON activities(pk, seq) WHERE pk IS NOT NULL;
CREATE INDEX IF NOT EXISTS activities_anon ON activities(anonymous_id) WHERE anonymous_id IS NOT NULL;

-- Suppressed identifiers, as 'id:<value>' or 'email:<lowercased>'.
CREATE TABLE IF NOT EXISTS suppressions (identifier TEXT PRIMARY KEY) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS segments (
  id INTEGER PRIMARY KEY, name TEXT NOT NULL, description TEXT NOT NULL DEFAULT '',
  type TEXT NOT NULL, filter TEXT, tags TEXT, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL
);
-- Membership of manual segments and materialised membership of data-driven ones.
CREATE TABLE IF NOT EXISTS segment_members (
  segment_id INTEGER NOT NULL, pk INTEGER NOT NULL, PRIMARY KEY (segment_id, pk)
) WITHOUT ROWID;

-- Campaigns, broadcasts and newsletters each have their own id space (campaign 1 and broadcast 1 coexist).
CREATE TABLE IF NOT EXISTS campaigns (kind TEXT NOT NULL, id INTEGER NOT NULL, body TEXT NOT NULL, PRIMARY KEY (kind, id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS triggers (
  id INTEGER PRIMARY KEY, broadcast_id INTEGER NOT NULL, payload TEXT NOT NULL,
  created_at INTEGER NOT NULL, process_at_ms INTEGER NOT NULL, errors TEXT NOT NULL DEFAULT '[]'
);
CREATE TABLE IF NOT EXISTS transactional (id INTEGER PRIMARY KEY, name TEXT NOT NULL, type TEXT NOT NULL, body TEXT NOT NULL);

CREATE TABLE IF NOT EXISTS messages (
  seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, pk INTEGER, type TEXT NOT NULL,
  campaign_id INTEGER, broadcast_id INTEGER, newsletter_id INTEGER, transactional_id INTEGER,
  action_id INTEGER, created INTEGER NOT NULL, body TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS messages_pk ON messages(pk, seq) WHERE pk IS NOT NULL;

CREATE TABLE IF NOT EXISTS collections (
  id INTEGER PRIMARY KEY, name TEXT NOT NULL, data TEXT NOT NULL, bytes INTEGER NOT NULL,
  rows INTEGER NOT NULL, schema TEXT NOT NULL, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS exports (
  id INTEGER PRIMARY KEY, type TEXT NOT NULL, params TEXT NOT NULL, status TEXT NOT NULL,
  total INTEGER NOT NULL DEFAULT 0, downloads INTEGER NOT NULL DEFAULT 0, description TEXT NOT NULL,
  created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, ready_at_ms INTEGER NOT NULL, csv BLOB
);

CREATE TABLE IF NOT EXISTS objects (
  type_id TEXT NOT NULL, object_id TEXT NOT NULL, cio_object_id TEXT NOT NULL UNIQUE,
  attrs TEXT NOT NULL DEFAULT '{}', PRIMARY KEY (type_id, object_id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS relationships (
  pk INTEGER NOT NULL, type_id TEXT NOT NULL, object_id TEXT NOT NULL, attrs TEXT NOT NULL DEFAULT '{}',
  PRIMARY KEY (pk, type_id, object_id)
) WITHOUT ROWID;
`

export interface OpenedDb {
  db: DB
  keys: SandboxKeys
  /** true when this call created the workspace (so it must be seeded). */
  created: boolean
}

export function openDb(dataDir: string | undefined): OpenedDb {
  let file = ':memory:'
  if (dataDir) {
    // owner-only: the file keeps the sandbox's API keys beside its people
    ensurePrivateDir(dataDir)
    file = join(dataDir, 'sandbox.sqlite')
    ensurePrivateFile(file, SQLITE_COMPANIONS)
  }
  const db = new Database(file)
  if (dataDir) {
    db.pragma('journal_mode = WAL')
    db.pragma('synchronous = NORMAL')
  }
  db.pragma('cache_size = -200000')
  db.exec(SCHEMA)
  upgradeActivities(db)
  const existing = getMeta(db, 'keys')
  if (existing) return { db, keys: JSON.parse(existing) as SandboxKeys, created: false }
  const keys = generateKeys()
  setMeta(db, 'keys', JSON.stringify(keys))
  return { db, keys, created: true }
}

/**
 * The keys kept in a sandbox's data folder, read without starting it; null when it was never
 * created. The engine shows them for its built-in Sandbox workspace: they are not secrets, and
 * reading them here is what lets that workspace work on a machine without a keychain.
 */
export function readKeys(dataDir: string): SandboxKeys | null {
  const file = join(dataDir, 'sandbox.sqlite')
  if (!existsSync(file)) return null
  const db = new Database(file, { readonly: true, fileMustExist: true })
  try {
    const value = getMeta(db, 'keys')
    return value ? (JSON.parse(value) as SandboxKeys) : null
  } catch {
    return null // a file from before the meta table, or not a sandbox: as if never created
  } finally {
    db.close()
  }
}

/**
 * Adds the activity-feed columns to an `activities` table from before they existed, then the indexes
 * the feed reads through (they name the new columns, so they cannot live in SCHEMA).
 */
function upgradeActivities(db: DB): void {
  const columns = new Set((db.prepare('PRAGMA table_info(activities)').all() as { name: string }[]).map((c) => c.name))
  db.transaction(() => {
    if (!columns.has('logged_at')) {
      db.exec('ALTER TABLE activities ADD COLUMN logged_at INTEGER NOT NULL DEFAULT 0')
      // When old rows were logged is unknown; their own timestamp is the closest evidence.
      db.exec('UPDATE activities SET logged_at = timestamp * 1000')
    }
    if (!columns.has('snap_id')) db.exec('ALTER TABLE activities ADD COLUMN snap_id TEXT')
    if (!columns.has('snap_email')) db.exec('ALTER TABLE activities ADD COLUMN snap_email TEXT')
    if (!columns.has('snap_id') || !columns.has('snap_email')) {
      db.exec('UPDATE activities SET snap_id = (SELECT id FROM people p WHERE p.pk = activities.pk), snap_email = (SELECT email FROM people p WHERE p.pk = activities.pk) WHERE pk IS NOT NULL')
    }
    if (!columns.has('gone')) {
      db.exec('ALTER TABLE activities ADD COLUMN gone INTEGER NOT NULL DEFAULT 0')
      // Old deletes left their rows behind; rows whose person is missing belong to deleted people.
      db.exec('UPDATE activities SET gone = 1 WHERE pk IS NOT NULL AND NOT EXISTS (SELECT 1 FROM people p WHERE p.pk = activities.pk)')
    }
  })()
  db.exec(`
    CREATE INDEX IF NOT EXISTS activities_type ON activities(type, seq);
    CREATE INDEX IF NOT EXISTS activities_name ON activities(name, seq) WHERE name IS NOT NULL;
    CREATE INDEX IF NOT EXISTS activities_logged ON activities(logged_at);
    CREATE INDEX IF NOT EXISTS activities_gone ON activities(seq) WHERE gone = 1;
  `)
}

export function getMeta(db: DB, key: string): string | undefined {
  const row = db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined
  return row?.value
}

export function setMeta(db: DB, key: string, value: string): void {
  db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, value)
}

/** Customer.io-assigned ids look like `d7a90a000102`; ours are `d7` + the row id in 10 hex digits. */
export function cioIdOf(pk: number): string {
  return 'd7' + pk.toString(16).padStart(10, '0')
}

export function pkOfCioId(cioId: string): number | null {
  const m = /^d7([0-9a-f]{10})$/.exec(cioId.toLowerCase())
  return m ? parseInt(m[1], 16) : null
}

/**
 * The pk (and so the cio_id) a new person gets. Customer.io never hands a cio_id out twice, but
 * SQLite reuses the largest rowid once its row is deleted; the highest pk ever deleted is kept in
 * meta so a new person never takes the cio_id of someone deleted (a mirror would see the deleted
 * person come back with another's data).
 */
export function nextPk(db: DB): number {
  const max = (db.prepare('SELECT max(pk) FROM people').pluck().get() as number | null) ?? 0
  return Math.max(max, Number(getMeta(db, 'retired_pk') ?? 0)) + 1
}

export function rememberRetiredPk(db: DB, pk: number): void {
  if (pk > Number(getMeta(db, 'retired_pk') ?? 0)) setMeta(db, 'retired_pk', String(pk))
}
