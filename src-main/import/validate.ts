// The row validator: a RawRow in, a canonical record (or null) and every problem with the row out.
// The mapping is compiled once into a flat column list so the per-row work is a single pass over the
// cells with cheap checks first (byte limits are measured only when the length leaves them in doubt).
// Duplicates inside the file are the planner's job: it sees all rows, this sees one.

import { emailProblem, exceedsBytes, identifierProblem, MAX_ID_BYTES, utf8Bytes } from '../cio/identifiers'
import { mappingProblems } from './mapping-checks'
import { hasNul, refuseNul, withoutNul } from '../csv/nul-chars'
import { buildRecord, show, type ReservedCell, type RowParts } from './records'
import { checkStrayBytes, sentColumns } from '../csv/stray-bytes-check'
import { ConversionLog, TYPE_CONVERSIONS, type ColumnConversion, type ConversionEntry } from './conversion-log'
import { showStrayBytes } from '../csv/utf8-bytes'
import { BOOLEAN_PROBLEM, jsonProblem, numberProblem, parseBoolean, parseNumber, parseTimestamp, timestampProblem, type DateOrder } from './value-types'
import { RESERVED_TARGETS, type CanonicalRecord, type ColumnMapping, type Identifier, type ImportOptions, type Mapping, type RawRow, type RowError, type Scalar } from './types'

export const MAX_VALUE_BYTES = 1000
const MAX_ERROR_VALUE_CHARS = 200

export interface RowValidation {
  record: CanonicalRecord | null
  errors: RowError[]
}

/**
 * Validates one row. Mapping-level problems (row 0) are in `mappingErrors` and are also returned,
 * once, with the first row validated: read them from one place or the other, not both. When
 * `blocked`, no row can be valid and each comes back invalid with a pointer to row 0.
 */
export type RowValidator = ((raw: RawRow) => RowValidation) & {
  readonly mappingErrors: readonly RowError[]
  readonly blocked: boolean
  /** every conversion made so far, per column, with an example (conversion-log.ts) */
  conversions(): ColumnConversion[]
  /** the conversion log itself: another thread's validator of the same file merges its snapshot */
  readonly log: ConversionLog
}

interface CompiledColumn {
  index: number
  column: string
  target: string
  /** a reserved target of the kind (event_name, platform …), or null for an attribute / data field */
  reserved: string | null
  type: ColumnMapping['type']
  clearWhenBlank: boolean
  dateOrder?: DateOrder
  /** the spare id/email column of a people file: an attribute with the identifier's rules */
  identifierRules: 'id' | 'email' | null
  limitValueBytes: boolean
  /** where a typed conversion is counted (null for text) */
  typed: ConversionEntry | null
  /** where trimming is counted (ids, emails, reserved targets) */
  trimmed: ConversionEntry
}

/**
 * `problems`: file-level problems found elsewhere (against the mirror), reported and blocking like
 * the mapping's. `continuing`: another validator of the same file reports the row-0 problems with
 * the first row (the plan's reader thread, when this one validates later batches of the file).
 */
export function createValidator(mapping: Mapping, options: ImportOptions, ctx: { fileSha256: string; fileName: string; problems?: RowError[]; continuing?: boolean }): RowValidator {
  const { kind } = mapping
  const mappingErrors = [...mappingProblems(mapping, options, ctx.fileName), ...(ctx.problems ?? [])]
  const blocked = mappingErrors.some((e) => e.severity === 'invalid')
  const identifierColumn = mapping.identifier ? mapping.columns.find((c) => c.column === mapping.identifier?.column) : undefined
  const identifierType = mapping.identifier?.type
  const log = new ConversionLog()
  const columns = compile(mapping, identifierColumn?.index ?? -1, log)
  const identifierTrim = identifierColumn && identifierType ? log.entry(identifierColumn.column, identifierType, 'trimmed', false, identifierColumn.index) : null
  const expectedCells = mapping.columns.length
  const sent = sentColumns(mapping)
  const acceptStrayBytes = options.acceptStrayBytes === true
  let mappingErrorsPending = mappingErrors.length > 0 && ctx.continuing !== true

  const validate = (raw: RawRow): RowValidation => {
    const { row } = raw
    let { cells } = raw
    const state = new RowState(row, mappingErrorsPending ? [...mappingErrors] : [])
    mappingErrorsPending = false

    if (blocked) {
      state.fail(null, null, `not checked: the mapping has a problem that blocks the whole file (see row 0)`)
      return { record: null, errors: state.errors }
    }
    if (raw.problem) {
      state.fail(null, cells.join(','), raw.problem)
      return { record: null, errors: state.errors }
    }
    if (!shapeFits(cells, expectedCells, state)) return { record: null, errors: state.errors }
    if (raw.strayBytes) {
      cells = checkStrayBytes(raw, mapping, sent, acceptStrayBytes, state)
      for (const s of cells === raw.cells ? [] : raw.strayBytes) {
        const c = mapping.columns[s.cell]
        if (c && cells[s.cell] !== raw.cells[s.cell]) log.entry(c.column, c.target ?? mapping.identifier?.type ?? '', 'stray bytes read as Windows-1252', false, s.cell).note(row, showStrayBytes(raw.cells[s.cell]), cells[s.cell])
      }
    }

    if (identifierColumn && identifierType) {
      const value = (cells[identifierColumn.index] ?? '').trim()
      const problem = value === '' ? null : identifierProblem(identifierType, value)
      if (value.length !== (cells[identifierColumn.index] ?? '').length) identifierTrim?.note(row, cells[identifierColumn.index], value)
      if (hasNul(value)) refuseNul(identifierColumn.column, value, state)
      else if (value === '') state.fail(identifierColumn.column, '', `column "${identifierColumn.column}" is blank: every row needs its ${identifierType} to say who it is`)
      else if (problem) state.fail(identifierColumn.column, value, `column "${identifierColumn.column}": ${show(value)} ${problem}`)
      else state.identifier = { type: identifierType, value }
    }

    for (let i = 0; i < columns.length; i++) {
      const c = columns[i]
      let cell = cells[c.index] ?? ''
      if (hasNul(cell)) {
        // An identifying cell fails the row; a reserved one is still read below, so that no
        // second error calls it blank.
        if (c.reserved !== null || c.identifierRules !== null) refuseNul(c.column, cell, state)
        else cell = withoutNul(c.column, cell, state)
        if (c.identifierRules !== null) continue
      }
      if (isBlank(cell)) {
        if (c.clearWhenBlank) state.clear.push(c.target)
        continue
      }
      if (c.reserved !== null) {
        const value = cell.trim()
        if (value.length !== cell.length) c.trimmed.note(row, cell, value)
        state.reserved[c.reserved] = { column: c.column, value, dateOrder: c.dateOrder } satisfies ReservedCell
        continue
      }
      const value = convert(c, cell, state)
      if (value === undefined) continue
      state.fields[c.target] = value
      state.fieldCount++
      state.fieldChars += c.target.length + (typeof value === 'string' ? value.length : 24)
    }

    const record = buildRecord(kind, state, ctx.fileSha256)
    return { record: state.failed ? null : record, errors: state.errors }
  }
  return Object.assign(validate, { mappingErrors, blocked, conversions: () => log.list(), log })
}

/** One row's findings. A class, not closures, because it is made a million times per file. */
class RowState implements RowParts {
  identifier: Identifier | null = null
  fields: Record<string, Scalar> = {}
  fieldCount = 0
  fieldChars = 0
  clear: string[] = []
  reserved: Record<string, ReservedCell | undefined> = {}
  failed = false

  constructor(
    readonly row: number,
    readonly errors: RowError[],
  ) {}

  fail(column: string | null, value: string | null, message: string): void {
    this.errors.push({ row: this.row, column, value: value === null ? null : clip(value), message, severity: 'invalid' })
    this.failed = true
  }

  warn(column: string, value: string, message: string): void {
    this.errors.push({ row: this.row, column, value: clip(value), message, severity: 'warning' })
  }
}

function compile(mapping: Mapping, identifierIndex: number, log: ConversionLog): CompiledColumn[] {
  const { kind } = mapping
  const reserved = RESERVED_TARGETS[kind]
  const compiled: CompiledColumn[] = []
  for (const c of mapping.columns) {
    if (c.target === null || c.index === identifierIndex) continue
    const isPeople = kind === 'people'
    // People carry id/email/created_at as attributes; other kinds give their reserved targets a role.
    const role = !isPeople && reserved.includes(c.target) ? c.target : null
    // Only people, devices and relationships set attributes; the other kinds' reserved targets were handled above.
    if (role === null && kind === 'segment-members') continue
    if (role !== null && ['id', 'email', 'cio_id'].includes(role)) continue
    const type = role !== null ? 'string' : c.type
    compiled.push({
      index: c.index,
      column: c.column,
      target: c.target,
      reserved: role,
      type,
      typed: type === 'string' ? null : log.entry(c.column, c.target, TYPE_CONVERSIONS[type], type !== 'json', c.index),
      trimmed: log.entry(c.column, c.target, 'trimmed', false, c.index),
      clearWhenBlank: isPeople && c.blank === 'clear',
      dateOrder: c.dateOrder,
      identifierRules: isPeople && (c.target === 'id' || c.target === 'email') ? c.target : null,
      limitValueBytes: kind === 'people' || kind === 'devices' || kind === 'relationships',
    })
  }
  return compiled
}

function reject(state: RowState, c: CompiledColumn, cell: string, problem: string): undefined {
  state.fail(c.column, cell, `column "${c.column}": ${show(cell)} ${problem}`)
  return undefined
}

/** Typed value of a non-blank cell, or undefined after reporting why it does not fit its column. */
function convert(c: CompiledColumn, cell: string, state: RowState): Scalar | undefined {
  switch (c.type) {
    case 'number': {
      const n = parseNumber(cell)
      if (n === undefined) return reject(state, c, cell, numberProblem(cell))
      c.typed?.note(state.row, cell, n)
      return n
    }
    case 'boolean': {
      const b = parseBoolean(cell)
      if (b === undefined) return reject(state, c, cell, BOOLEAN_PROBLEM)
      c.typed?.note(state.row, cell, b)
      return b
    }
    case 'timestamp': {
      const t = parseTimestamp(cell, c.dateOrder)
      if (t === undefined) return reject(state, c, cell, timestampProblem(cell, c.dateOrder))
      c.typed?.note(state.row, cell, t)
      return t
    }
    case 'json': {
      // Customer.io stores objects as JSON and hands them back as strings, so the JSON text is what we set and compare.
      const problem = jsonProblem(cell)
      if (problem) return reject(state, c, cell, problem)
      const text = cell.trim()
      if (c.limitValueBytes && exceedsBytes(text, MAX_VALUE_BYTES)) return reject(state, c, cell, `is ${utf8Bytes(text)} bytes; Customer.io takes values of at most ${MAX_VALUE_BYTES} bytes`)
      c.typed?.note(state.row, cell, text)
      return text
    }
    case 'string': {
      if (c.limitValueBytes && exceedsBytes(cell, MAX_VALUE_BYTES)) return reject(state, c, cell, `is ${utf8Bytes(cell)} bytes; Customer.io takes values of at most ${MAX_VALUE_BYTES} bytes`)
      if (c.identifierRules === 'email') {
        const email = cell.trim()
        const problem = emailProblem(email)
        if (problem) return reject(state, c, cell, problem)
        if (email.length !== cell.length) c.trimmed.note(state.row, cell, email)
        return email
      }
      if (c.identifierRules === 'id') {
        const id = cell.trim()
        if (exceedsBytes(id, MAX_ID_BYTES)) return reject(state, c, cell, `is ${utf8Bytes(id)} bytes long; Customer.io takes ids of at most ${MAX_ID_BYTES} bytes`)
        if (id.length !== cell.length) c.trimmed.note(state.row, cell, id)
        return id
      }
      flagSuspiciousText(c.column, cell, state)
      return cell
    }
  }
}

// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL_OR_UNDECODABLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufffd]/

/** Data, not errors: accepted as written, but flagged so the user knows (and exports neutralise formulas). */
function flagSuspiciousText(column: string, cell: string, state: RowState) {
  const first = cell.charCodeAt(0)
  // = and @ always start a formula; + and - unless the rest is a plain number or phone number (+44 20 …).
  if (first === 61 || first === 64 || ((first === 43 || first === 45) && !/^[+-][\d\s().-]*$/.test(cell)) || first === 9 || first === 13) {
    state.warn(column, cell, `column "${column}": ${show(cell)} starts like a spreadsheet formula; it is imported as text, and exported files neutralise it`)
  }
  if (CONTROL_OR_UNDECODABLE.test(cell)) {
    const undecodable = cell.includes('\ufffd')
    state.warn(column, cell, undecodable ? `column "${column}": ${show(cell)} contains characters that could not be decoded (shown as �): check the file's encoding` : `column "${column}": ${show(cell)} contains control characters`)
  }
}

/** Fewer cells than the header, or extra non-blank cells, mean the row's columns cannot be trusted. */
function shapeFits(cells: string[], expected: number, state: RowState): boolean {
  if (cells.length < expected) {
    state.fail(null, cells.join(','), `the row has ${cells.length} cells but the header has ${expected} columns: a delimiter or a quote is probably missing`)
    return false
  }
  for (let i = expected; i < cells.length; i++) {
    if (cells[i] !== '') {
      state.fail(null, cells.slice(expected).join(','), `the row has ${cells.length} cells but the header has ${expected} columns: the values after column ${expected} have no column (an unquoted delimiter inside a value?)`)
      return false
    }
  }
  return true
}

function isBlank(cell: string): boolean {
  if (cell.length === 0) return true
  const first = cell.charCodeAt(0)
  // Only a cell starting with whitespace can be all whitespace; most cells skip the trim.
  return (first === 32 || first === 9 || first === 160 || first === 10) && cell.trim() === ''
}

function clip(value: string): string {
  return value.length > MAX_ERROR_VALUE_CHARS ? value.slice(0, MAX_ERROR_VALUE_CHARS) : value
}
