import type Database from 'better-sqlite3'

// Offline search over people through people_fts (migration 0001). The pull issue grows this into
// filters and saved views; this is the part every caller needs: turning what a user typed into
// a safe FTS5 query, and joining the hits back to live people of one workspace.

export interface PersonHit {
  pk: number
  cioId: string | null
  id: string | null
  email: string | null
  names: string | null
}

/**
 * Each whitespace-separated word becomes a quoted prefix phrase, ANDed together: `jane.do` →
 * `"jane.do"*`, which FTS5 tokenizes like the indexed email (jane, do*). Quoting means no
 * user input is read as FTS5 syntax (AND, NEAR, column filters, stray quotes).
 * Returns null when there is nothing to search for.
 */
export function toFtsPrefixQuery(text: string): string | null {
  const words = text
    .split(/\s+/)
    .map((w) => w.trim())
    // a word with no letter or digit (e.g. "@") has no token to match and would fail the query
    .filter((w) => /[\p{L}\p{N}]/u.test(w))
  if (words.length === 0) return null
  return words.map((w) => `"${w.replace(/"/g, '""')}"*`).join(' ')
}

/** Best matches first (FTS5 rank), tombstoned people excluded. */
export function searchPeople(sqlite: Database.Database, workspaceId: string, text: string, limit = 50): PersonHit[] {
  const query = toFtsPrefixQuery(text)
  if (query === null) return []
  return sqlite
    .prepare(
      `SELECT p.pk AS pk, p.cio_id AS cioId, p.id AS id, p.email AS email, p.names AS names
         FROM people_fts f
         JOIN people p ON p.pk = f.rowid
        WHERE people_fts MATCH ? AND p.workspace_id = ? AND p.deleted_at IS NULL
        ORDER BY f.rank
        LIMIT ?`,
    )
    .all(query, workspaceId, limit) as PersonHit[]
}
