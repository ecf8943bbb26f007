// Per-user data for an API-triggered broadcast (docs/customerio-api.md §4.2): `per_user_data` is a list
// of `{id | email, data}`, at most 10,000 entries, inside a trigger body of at most 25 MB; `data` for
// Liquid is at most 50,000 bytes. Rows come from a CSV (an id or email column plus data columns) or
// from the UI's grid, and are checked the way an import checks its rows — identifiers, sizes,
// duplicates — so a trigger is never sent to fail on its 422. Pure: no I/O, unit-tested.

import { emailProblem, identifierProblem, utf8Bytes } from '../../cio/identifiers'

export const PER_USER_LIMITS = {
  /** entries of `per_user_data` (also of `ids` / `emails`) */
  maxRecipients: 10_000,
  /** the whole trigger body */
  maxPayloadBytes: 25 * 1024 * 1024,
  /** `data` (and, conservatively, each entry's data) */
  maxDataBytes: 50_000,
  maxKeyBytes: 150,
} as const

export interface PerUserEntry {
  id?: string
  email?: string
  data: Record<string, unknown>
  /** the row of the file it came from (as a spreadsheet numbers it: the header is row 1), for error messages; never sent */
  row?: number
  /** why the CSV parser doubted this row's structure (a stray or unclosed quote) */
  problem?: string
}

export interface RowProblem {
  /** the file's row as a spreadsheet numbers it (the header is row 1); a grid's entries count from 1; 0 = the whole list */
  row: number
  column: string | null
  message: string
}

export interface PerUserCheck {
  entries: PerUserEntry[]
  errors: RowProblem[]
  /** rows refused (each has at least one error) */
  invalid: number
}

/** Problems of the shared `data` object; empty when it may be sent. */
export function dataProblems(data: Record<string, unknown>): string[] {
  const problems: string[] = []
  for (const key of Object.keys(data)) if (utf8Bytes(key) > PER_USER_LIMITS.maxKeyBytes) problems.push(`data key "${key.slice(0, 40)}…" is longer than ${PER_USER_LIMITS.maxKeyBytes} bytes`)
  const bytes = utf8Bytes(JSON.stringify(data))
  if (bytes > PER_USER_LIMITS.maxDataBytes) problems.push(`data is ${bytes} bytes; Customer.io takes at most ${PER_USER_LIMITS.maxDataBytes}`)
  return problems
}

/**
 * Checks rows given as entries (the grid, or a parsed CSV). An entry needs exactly one of id and
 * email; the same person twice is refused on the later row (two sets of data for one message).
 */
export function checkEntries(rows: PerUserEntry[], firstRow = 1): PerUserCheck {
  const entries: PerUserEntry[] = []
  const errors: RowProblem[] = []
  const seen = new Map<string, number>()
  let invalid = 0
  rows.forEach((entry, i) => {
    const row = entry.row ?? firstRow + i
    const problems: RowProblem[] = []
    if (entry.problem) problems.push({ row, column: null, message: entry.problem })
    const id = entry.id?.trim() || undefined
    const email = entry.email?.trim() || undefined
    if (!id && !email) problems.push({ row, column: null, message: 'the row has neither an id nor an email' })
    else if (id && email) problems.push({ row, column: null, message: 'give an id or an email, not both: Customer.io takes one identifier per entry' })
    else {
      const column = id ? 'id' : 'email'
      const value = (id ?? email)!
      const problem = id ? identifierProblem('id', value) : emailProblem(value)
      if (problem) problems.push({ row, column, message: `${column} ${JSON.stringify(value.slice(0, 80))} ${problem}` })
      const key = id ? `id:${value}` : `email:${value.toLowerCase()}`
      const earlier = seen.get(key)
      if (earlier !== undefined) problems.push({ row, column, message: `repeats row ${earlier}: one entry per person` })
      else seen.set(key, row)
    }
    for (const message of dataProblems(entry.data)) problems.push({ row, column: null, message })
    if (problems.length) {
      invalid++
      errors.push(...problems)
      return
    }
    entries.push(id ? { id, data: entry.data } : { email: email!, data: entry.data })
  })
  if (entries.length > PER_USER_LIMITS.maxRecipients) {
    errors.push({ row: 0, column: null, message: `${entries.length} recipients; a trigger takes at most ${PER_USER_LIMITS.maxRecipients.toLocaleString('en-US')} (split the file)` })
  }
  return { entries, errors, invalid }
}

/**
 * A CSV table → entries. The identifier column is `identifier` when given, else a column named
 * id or email (case-insensitive; with both, each row uses the one it fills). Every other column is
 * data; blank cells are left out so a row can leave a value to the template's default.
 */
export function entriesFromTable(header: string[], rows: (string[] | { row: number; cells: string[]; problem?: string })[], identifier?: 'id' | 'email'): { entries: PerUserEntry[]; fileErrors: string[] } {
  const names = header.map((h) => h.trim())
  const find = (name: string) => names.findIndex((h) => h.toLowerCase() === name)
  const idCol = identifier === 'email' ? -1 : find('id')
  const emailCol = identifier === 'id' ? -1 : find('email')
  if (idCol < 0 && emailCol < 0) return { entries: [], fileErrors: [`no ${identifier ?? 'id or email'} column: the header is ${names.map((n) => JSON.stringify(n)).join(', ')}`] }
  const fileErrors: string[] = []
  const dataCols = names.map((n, i) => ({ n, i })).filter(({ i }) => i !== idCol && i !== emailCol)
  const blankNames = dataCols.filter(({ n }) => n === '')
  if (blankNames.length) fileErrors.push(`column ${blankNames[0].i + 1} has no name in the header`)
  const entries = rows.map((raw): PerUserEntry => {
    const cells = Array.isArray(raw) ? raw : raw.cells
    const where = Array.isArray(raw) ? {} : { row: raw.row, ...(raw.problem ? { problem: raw.problem } : {}) }
    const data: Record<string, unknown> = {}
    for (const { n, i } of dataCols) if (n !== '' && (cells[i] ?? '').trim() !== '') data[n] = cells[i]
    const id = idCol >= 0 ? (cells[idCol] ?? '').trim() : ''
    const email = emailCol >= 0 ? (cells[emailCol] ?? '').trim() : ''
    // With both columns, a row filling both is addressed by its id (the stable identifier).
    return { ...(id ? { id } : email ? { email } : {}), data, ...where }
  })
  return { entries, fileErrors }
}

/** The exact trigger body: what is measured against the 25 MB limit is what the SDK sends. */
export function triggerBody(data: Record<string, unknown>, recipients: Record<string, unknown> | undefined): Record<string, unknown> {
  return { ...(Object.keys(data).length ? { data } : {}), ...(recipients ?? {}) }
}

export function payloadBytes(body: Record<string, unknown>): number {
  return utf8Bytes(JSON.stringify(body))
}
