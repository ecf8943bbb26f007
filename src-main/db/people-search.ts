// Offline search over people through people_fts (migration 0001): turning what a user typed into
// a safe FTS5 query. The mirror's people query (src-main/mirror/people-query.ts) joins the hits
// back to live people of one workspace, with filters and paging.

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
