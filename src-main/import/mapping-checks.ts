// Problems with the mapping as a whole, found once before any row: they are the same for every row,
// so they are reported on row 0 (the file) instead of a million times. An 'invalid' one blocks the
// whole file: no row can be right while, say, three columns all claim to be the id.

import { exceedsBytes, utf8Bytes } from '../cio/identifiers'
import { hasInvisible, matchKey } from './names'
import { RESERVED_TARGETS, type ImportKind, type ImportOptions, type Mapping, type RowError } from './types'

export const MAX_ATTRIBUTE_NAME_BYTES = 150
export const MAX_ATTRIBUTES_PER_CALL = 300

/** Names the Track API treats as structure or control, never as an attribute a file may set. */
const UNSETTABLE_ATTRIBUTES = new Set(['cio_id', 'cio_relationships', '_update', '_timestamp', 'anonymous_id'])

const REQUIRED_TARGETS: Partial<Record<ImportKind, string[]>> = {
  events: ['event_name'],
  devices: ['device_token', 'platform'],
  relationships: ['object_type_id', 'object_id'],
}

export function mappingProblems(mapping: Mapping, options: ImportOptions, fileName: string): RowError[] {
  const errors: RowError[] = []
  const invalid = (column: string | null, message: string) => errors.push({ row: 0, column, value: null, message: `${fileName}: ${message}`, severity: 'invalid' })
  const warning = (column: string | null, message: string) => errors.push({ row: 0, column, value: null, message: `${fileName}: ${message}`, severity: 'warning' })
  const { kind } = mapping

  if (options.kind !== kind) invalid(null, `the mapping was made for a ${kind} import, but this is a ${options.kind} import: map the columns again`)

  for (const column of Object.keys(options.map ?? {})) {
    const known = mapping.columns.some((c) => c.column === column || (matchKey(c.column) === matchKey(column) && matchKey(column) !== ''))
    if (!known) invalid(null, `--map names a column "${column}" that is not in the header (columns: ${mapping.columns.map((c) => c.column).slice(0, 20).join(', ')})`)
  }

  if (kind !== 'collection') {
    if (!mapping.identifier) {
      const which = options.identifierType ? `no column holds the ${options.identifierType} identifier` : 'no column identifies the person'
      invalid(null, `${which}: name a column id, email or cio_id, or map one with --map COLUMN=id (or email, cio_id)`)
    } else if (!mapping.columns.some((c) => c.column === mapping.identifier?.column)) {
      invalid(mapping.identifier.column, `the identifier column "${mapping.identifier.column}" is not in the header`)
    }
  }

  for (const target of REQUIRED_TARGETS[kind] ?? []) {
    if (!mapping.columns.some((c) => c.target === target)) invalid(null, `${kind === 'events' ? 'an' : 'a'} ${kind} file needs a column for ${target}: name one ${target} or map it with --map COLUMN=${target}`)
  }

  const byTarget = new Map<string, string[]>()
  for (const c of mapping.columns) {
    if (c.target !== null) byTarget.set(c.target, [...(byTarget.get(c.target) ?? []), c.column])
  }
  for (const [target, columns] of byTarget) {
    if (columns.length < 2) continue
    const names = columns.map((c) => `"${c}"`).join(', ')
    invalid(columns[1], `columns ${names} all go to "${target}", so a row could say two different things: keep one and ignore the others (--map "${columns[1]}=")`)
  }

  const reserved = RESERVED_TARGETS[kind]
  // For people every other mapped column is an attribute (a spare id or email is set like one).
  const attributes = mapping.columns.filter((c) => c.target !== null && c.column !== mapping.identifier?.column && (kind === 'people' || !reserved.includes(c.target)))
  for (const c of attributes) {
    const name = c.target as string
    if (kind !== 'collection' && UNSETTABLE_ATTRIBUTES.has(name)) {
      invalid(c.column, `column "${c.column}" goes to "${name}", which cannot be set by an import (Customer.io manages it): ignore the column (--map "${c.column}=")${name === 'cio_id' ? ' or use it as the identifier (--identifier cio_id)' : ''}`)
    }
    if (exceedsBytes(name, MAX_ATTRIBUTE_NAME_BYTES)) {
      invalid(c.column, `the attribute name from column ${c.index + 1} is ${utf8Bytes(name)} bytes; Customer.io takes names of at most ${MAX_ATTRIBUTE_NAME_BYTES} bytes: rename the column or map it to a shorter name`)
    }
  }
  if (kind === 'segment-members' && attributes.length > 0) {
    warning(attributes[0].column, `segment membership uses only the identifier and the action; ${attributes.length} other mapped column(s) (${attributes.map((c) => `"${c.column}"`).slice(0, 5).join(', ')}) are ignored`)
  }
  if (kind === 'people' && attributes.length > MAX_ATTRIBUTES_PER_CALL) {
    warning(null, `${attributes.length} columns are attributes; Customer.io takes at most ${MAX_ATTRIBUTES_PER_CALL} per call, so rows with more than ${MAX_ATTRIBUTES_PER_CALL} non-blank values will be rejected`)
  }

  for (const c of mapping.columns) {
    if (hasInvisible(c.column)) {
      warning(c.column, `the header of column ${c.index + 1} contains invisible characters (zero-width, direction marks or control characters); they were left out of the attribute name "${c.target ?? '(ignored)'}"`)
    }
  }
  return errors
}
