import type Database from 'better-sqlite3'
import type { CollectionRow } from '../contract/collections'
import { AppError } from '../contract/result'
import { CollectionsRepo } from '../db/collections-repo'
import { isPlainObject, parseJson } from '../db/sql-cache'

// The Collections screen: the list, and a collection's rows as a table. Columns are the
// collection's schema when the pull stored one, followed by any key of the page's rows the schema
// lacks (so no value is ever hidden), or just the union of the page's keys without a schema.

export interface RowsInput {
  collectionId: number
  offset: number
  limit: number
}

/**
 * Field names from a stored schema, whichever shape the pull kept: a list of names, a list of
 * `{ name }` / `{ key }` objects, or an object of field → type.
 */
export function schemaFields(schema: unknown): string[] {
  if (Array.isArray(schema)) {
    return schema.flatMap((f) => {
      if (typeof f === 'string') return [f]
      if (isPlainObject(f)) {
        const name = f.name ?? f.key
        return typeof name === 'string' ? [name] : []
      }
      return []
    })
  }
  return isPlainObject(schema) ? Object.keys(schema) : []
}

export class CollectionsReadService {
  private readonly repo: CollectionsRepo

  constructor(sqlite: Database.Database) {
    this.repo = new CollectionsRepo(sqlite)
  }

  list(workspaceId: string): CollectionRow[] {
    const rows = this.repo.list(workspaceId)
    return rows.map((c) => ({
      id: c.id,
      name: c.name,
      // what the mirror holds once content was pulled; Customer.io's own figure before that
      rows: c.storedRows > 0 ? c.storedRows : (c.rows ?? 0),
      bytes: c.bytes ?? 0,
      schema: schemaFields(parseJson<unknown>(c.schema, null)),
      updatedAt: c.updatedAt,
      pulledAt: c.pulledAt,
    }))
  }

  rows(workspaceId: string, input: RowsInput): { total: number; offset: number; columns: string[]; rows: Record<string, unknown>[] } {
    const collection = this.repo.schemaOf(workspaceId, input.collectionId)
    if (!collection) throw new AppError('NOT_FOUND', `No collection ${input.collectionId} in the local mirror of this workspace. Pull collections to refresh the list.`)
    const total = this.repo.rowCount(workspaceId, input.collectionId)
    const data = this.repo.rowsPage(workspaceId, input.collectionId, input.limit, input.offset)
    // a row that is not an object (Customer.io allows any JSON array element) shows as { value }
    const rows = data.map((text) => {
      const value = parseJson<unknown>(text, null)
      return isPlainObject(value) ? value : { value }
    })
    const columns = new Set(schemaFields(parseJson<unknown>(collection.schema, null)))
    for (const row of rows) for (const key of Object.keys(row)) columns.add(key)
    return { total, offset: input.offset, columns: [...columns], rows }
  }
}
