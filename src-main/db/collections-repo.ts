import type Database from 'better-sqlite3'
import { requireWorkspaceKey, WS_OF_ID } from './workspace-key'
import { StatementCache } from './sql-cache'

// Every statement on `collections` and `collection_rows` (schema-mirror.ts): a collection's
// content is one row per array element, in the order Customer.io returns it; the pull replaces
// it whole, a local edit too (its base lives in the outbox entry).

export interface CollectionListRow {
  id: number
  name: string
  rows: number | null
  bytes: number | null
  schema: string | null
  updatedAt: number | null
  pulledAt: number | null
  /** rows the mirror holds (0 until the content was pulled) */
  storedRows: number
}

/** A collection as Customer.io describes it, in the mirror's units (ms, schema as JSON text). */
export interface CollectionInfoRow {
  id: number
  name: string
  schema: string | null
  bytes: number | null
  rows: number | null
  createdAt: number | null
  updatedAt: number | null
}

export class CollectionsRepo {
  private readonly statements: StatementCache

  constructor(private readonly sqlite: Database.Database) {
    this.statements = new StatementCache(sqlite)
  }

  count(workspaceId: string): number {
    return this.statements.get(`SELECT count(*) FROM collections WHERE ws = ${WS_OF_ID}`).pluck().get(workspaceId) as number
  }

  exists(workspaceId: string, collectionId: number): boolean {
    return this.statements.get(`SELECT 1 FROM collections WHERE ws = ${WS_OF_ID} AND id = ?`).get(workspaceId, collectionId) !== undefined
  }

  nameOf(workspaceId: string, collectionId: number): string | null {
    return (this.statements.get(`SELECT name FROM collections WHERE ws = ${WS_OF_ID} AND id = ?`).pluck().get(workspaceId, collectionId) as string | undefined) ?? null
  }

  /** The lowest id among the workspace's collections of this name. */
  idByName(workspaceId: string, name: string): number | null {
    return (this.statements.get(`SELECT id FROM collections WHERE ws = ${WS_OF_ID} AND name = ? ORDER BY id LIMIT 1`).pluck().get(workspaceId, name) as number | undefined) ?? null
  }

  /** The JSON text of its schema; undefined when the mirror has no such collection. */
  schemaOf(workspaceId: string, collectionId: number): { schema: string | null } | undefined {
    return this.statements.get(`SELECT schema FROM collections WHERE ws = ${WS_OF_ID} AND id = ?`).get(workspaceId, collectionId) as { schema: string | null } | undefined
  }

  list(workspaceId: string): CollectionListRow[] {
    return this.statements
      .get(
        `SELECT c.id, c.name, c.rows, c.bytes, c.schema, c.updated_at AS updatedAt, c.pulled_at AS pulledAt,
                (SELECT count(*) FROM collection_rows r WHERE r.ws = c.ws AND r.collection_id = c.id) AS storedRows
           FROM collections c WHERE c.ws = ${WS_OF_ID} ORDER BY c.name COLLATE NOCASE, c.id`,
      )
      .all(workspaceId) as CollectionListRow[]
  }

  ids(workspaceId: string): number[] {
    return this.statements.get(`SELECT id FROM collections WHERE ws = ${WS_OF_ID}`).pluck().all(workspaceId) as number[]
  }

  remove(workspaceId: string, collectionId: number): void {
    this.statements.get(`DELETE FROM collections WHERE ws = ${WS_OF_ID} AND id = ?`).run(workspaceId, collectionId)
  }

  /** A pulled collection and its whole content, in one transaction. */
  savePulled(workspaceId: string, info: CollectionInfoRow, content: unknown[], pulledAt: number): void {
    const ws = requireWorkspaceKey(this.sqlite, workspaceId)
    const upsert = this.statements.get(
      `INSERT INTO collections (ws, id, name, schema, bytes, rows, created_at, updated_at, pulled_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (ws, id) DO UPDATE SET name = excluded.name, schema = excluded.schema, bytes = excluded.bytes, rows = excluded.rows,
         created_at = excluded.created_at, updated_at = excluded.updated_at, pulled_at = excluded.pulled_at`,
    )
    this.sqlite.transaction(() => {
      upsert.run(ws, info.id, info.name, info.schema, info.bytes, info.rows, info.createdAt, info.updatedAt, pulledAt)
      this.writeRows(ws, info.id, content.map((row) => JSON.stringify(row ?? {})))
    })()
  }

  /** A collection a push created, as a pull would write it (its rows come with the next pull). */
  saveCreated(workspaceId: string, info: CollectionInfoRow & { createdAt: number; updatedAt: number }): void {
    this.statements
      .get(
        `INSERT INTO collections (ws, id, name, schema, bytes, rows, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (ws, id) DO UPDATE SET name = excluded.name, schema = excluded.schema, bytes = excluded.bytes, rows = excluded.rows, updated_at = excluded.updated_at`,
      )
      .run(requireWorkspaceKey(this.sqlite, workspaceId), info.id, info.name, info.schema, info.bytes, info.rows, info.createdAt, info.updatedAt)
  }

  // ---- content ----

  rows(workspaceId: string, collectionId: number): Record<string, unknown>[] {
    return (this.statements.get(`SELECT data FROM collection_rows WHERE ws = ${WS_OF_ID} AND collection_id = ? ORDER BY idx`).pluck().all(workspaceId, collectionId) as string[]).map(
      (d) => JSON.parse(d) as Record<string, unknown>,
    )
  }

  rowCount(workspaceId: string, collectionId: number): number {
    return this.statements.get(`SELECT count(*) FROM collection_rows WHERE ws = ${WS_OF_ID} AND collection_id = ?`).pluck().get(workspaceId, collectionId) as number
  }

  /** One page of the content as JSON text, in Customer.io's order. */
  rowsPage(workspaceId: string, collectionId: number, limit: number, offset: number): string[] {
    return this.statements
      .get(`SELECT data FROM collection_rows WHERE ws = ${WS_OF_ID} AND collection_id = ? ORDER BY idx LIMIT ? OFFSET ?`)
      .pluck()
      .all(workspaceId, collectionId, limit, offset) as string[]
  }

  /** A local edit's content replaces the mirror's (and its row count); the caller's transaction covers it. */
  replaceRows(workspaceId: string, collectionId: number, rows: Record<string, unknown>[]): void {
    const ws = requireWorkspaceKey(this.sqlite, workspaceId)
    this.writeRows(ws, collectionId, rows.map((row) => JSON.stringify(row)))
    this.statements.get('UPDATE collections SET rows = ? WHERE ws = ? AND id = ?').run(rows.length, ws, collectionId)
  }

  private writeRows(ws: number, collectionId: number, data: string[]): void {
    this.statements.get('DELETE FROM collection_rows WHERE ws = ? AND collection_id = ?').run(ws, collectionId)
    const insert = this.statements.get('INSERT INTO collection_rows (ws, collection_id, idx, data) VALUES (?, ?, ?, ?)')
    data.forEach((text, idx) => insert.run(ws, collectionId, idx, text))
  }
}
