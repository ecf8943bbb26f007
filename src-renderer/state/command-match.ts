// How the command palette ranks commands against what was typed. Pure, so it is unit-tested
// (test/unit/renderer/command-match.test.ts) apart from the React parts.
//
// Ops people type the start of a word ("conf", "imp", "acme") far more often than an abbreviation,
// so a match at the start of a word ranks above one in the middle, and a run of consecutive letters
// above scattered ones ("sn" still finds "Sync now", as in VS Code or Linear's palettes).

export interface Matchable {
  label: string
  /** other words that find the command (not shown): "open", "resolve", a workspace's region… */
  keywords?: readonly string[]
}

export interface Match {
  score: number
  /** [start, end) ranges of the label's characters that matched, for highlighting */
  ranges: Array<[number, number]>
}

const WORD_START = 8
const CONSECUTIVE = 5
const FIRST_CHAR = 6
const GAP_PENALTY = 1

function isWordStart(text: string, i: number): boolean {
  if (i === 0) return true
  const prev = text[i - 1]
  return !/[\p{L}\p{N}]/u.test(prev) || (/\p{Ll}/u.test(prev) && /\p{Lu}/u.test(text[i]))
}

/**
 * Matches `query` (every non-space character, in order, case-insensitive) against `text`.
 * Returns null when some character is missing. Each query word is also tried as a whole-word prefix
 * first, so "go conf" finds "Go to Conflicts" with both words highlighted.
 */
export function fuzzyMatch(query: string, text: string): Match | null {
  const q = query.trim().toLowerCase().replace(/\s+/g, ' ')
  if (!q) return { score: 0, ranges: [] }
  // Letters prefer the start of a word ("sn" → Sync now); if that leaves a later letter unmatched,
  // plain first occurrences may still match ("xy" in "axy Xb").
  return matchWords(q, text, true) ?? matchWords(q, text, false)
}

function matchWords(q: string, text: string, preferWordStarts: boolean): Match | null {
  const t = text.toLowerCase()
  let score = 0
  const ranges: Array<[number, number]> = []
  let at = 0
  for (const word of q.split(' ')) {
    // Prefer the word as a prefix of a later word of the text.
    let wordAt = -1
    for (let i = t.indexOf(word, at); i !== -1; i = t.indexOf(word, i + 1)) {
      if (isWordStart(text, i)) {
        wordAt = i
        break
      }
    }
    if (wordAt !== -1) {
      score += WORD_START * 2 + CONSECUTIVE * (word.length - 1) + (wordAt === 0 ? FIRST_CHAR : 0)
      ranges.push([wordAt, wordAt + word.length])
      at = wordAt + word.length
      continue
    }
    // Otherwise each letter in order, rewarding word starts and runs.
    let prev = -2
    for (const ch of word) {
      let i = t[at] === ch && prev === at - 1 ? at : -1
      if (i === -1 && preferWordStarts) {
        for (let j = t.indexOf(ch, at); j !== -1; j = t.indexOf(ch, j + 1)) {
          if (isWordStart(text, j)) {
            i = j
            break
          }
        }
      }
      if (i === -1) i = t.indexOf(ch, at)
      if (i === -1) return null
      if (i === prev + 1) {
        score += CONSECUTIVE
        ranges[ranges.length - 1][1] = i + 1
      } else {
        if (isWordStart(text, i)) score += WORD_START
        if (i === 0) score += FIRST_CHAR
        score -= Math.min(i - at, 10) * GAP_PENALTY
        ranges.push([i, i + 1])
      }
      prev = i
      at = i + 1
    }
  }
  // Shorter labels are a closer match for the same letters ("Sync" over "Sync history").
  return { score: score - text.length * 0.01, ranges }
}

/** The best of the label and the keywords; keyword matches rank a little below label matches. */
export function matchCommand(query: string, command: Matchable): Match | null {
  const byLabel = fuzzyMatch(query, command.label)
  let best = byLabel
  for (const k of command.keywords ?? []) {
    const m = fuzzyMatch(query, k)
    if (m && (!best || m.score - 1 > best.score)) best = { score: m.score - 1, ranges: byLabel?.ranges ?? [] }
  }
  return best
}

/** The commands matching `query`, best first; with no query, all of them in their given order. */
export function filterCommands<T extends Matchable>(query: string, commands: readonly T[]): Array<{ command: T; match: Match }> {
  const found: Array<{ command: T; match: Match; index: number }> = []
  commands.forEach((command, index) => {
    const match = matchCommand(query, command)
    if (match) found.push({ command, match, index })
  })
  if (query.trim()) found.sort((a, b) => b.match.score - a.match.score || a.index - b.index)
  return found.map(({ command, match }) => ({ command, match }))
}
