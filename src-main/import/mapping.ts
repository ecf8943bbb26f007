// Mapping suggestions: which column goes where, which column identifies the person, each column's
// type and blank policy. A suggestion, not a verdict: the user confirms it, `--map` overrides it,
// and the validator checks whatever comes out (collisions, reserved names, sizes).

import { createHash } from 'node:crypto'
import { inferColumn } from './infer-type'
import { matchKey, snakeCase } from './names'
import { RESERVED_TARGETS, type BlankPolicy, type ColumnMapping, type IdentifierType, type ImportKind, type Mapping } from './types'

export { inferColumn, inferType } from './infer-type'

export interface SuggestOptions {
  /** the mapping last used for a file with the same header layout */
  remembered?: Mapping | null
  identifierType?: IdentifierType
  /** blank policy for every column (default skip) */
  blank?: BlankPolicy
  /** --map overrides: column → target; an empty target ignores the column */
  map?: Record<string, string>
  /** the workspace's attribute names: a column whose header is one of them, spelled differently, goes to it */
  knownAttributes?: readonly string[]
}

const IDENTIFIER_TYPES: readonly IdentifierType[] = ['id', 'email', 'cio_id']

/** Spellings (as matchKey) that mean a reserved target; only targets reserved for the kind apply. */
const SYNONYMS: Record<string, readonly string[]> = {
  id: ['id', 'customerid', 'userid', 'externalid', 'personid', 'uid'],
  email: ['email', 'emailaddress', 'mail', 'emailaddr', 'useremail', 'customeremail'],
  cio_id: ['cioid', 'customerioid'],
  created_at: ['createdat', 'created', 'createddate', 'datecreated', 'signupdate', 'signedupat', 'signupat'],
  event_name: ['eventname', 'event', 'eventtype'],
  timestamp: ['timestamp', 'eventtimestamp', 'eventtime', 'eventdate', 'occurredat', 'time', 'date', 'ts'],
  event_id: ['eventid', 'ulid'],
  device_token: ['devicetoken', 'token', 'pushtoken', 'registrationtoken', 'fcmtoken', 'apnstoken', 'deviceid'],
  platform: ['platform', 'os', 'deviceplatform', 'deviceos'],
  last_used: ['lastused', 'lastusedat', 'lastseen', 'lastseenat'],
  object_type_id: ['objecttypeid', 'objecttype', 'typeid'],
  object_id: ['objectid'],
  action: ['action', 'operation', 'op'],
}
const TIMESTAMP_TARGETS = new Set(['created_at', 'timestamp', 'last_used'])

export function suggestMapping(kind: ImportKind, header: string[], sample: string[][], opts: SuggestOptions = {}): Mapping {
  const blank = opts.blank ?? 'skip'
  const candidate = reuseRemembered(kind, header, opts.remembered)
  // An identifier type asked for explicitly wins over a remembered layout built around another one.
  const reused = candidate && opts.identifierType && candidate.identifier && candidate.identifier.type !== opts.identifierType ? null : candidate
  const targets = reused ? reused.columns.map((c) => c.target) : header.map((name) => suggestTarget(kind, name, opts.knownAttributes ?? []))
  if (!reused && kind === 'events' && !targets.includes('event_name')) {
    // "name" in an events file is the event's name unless a column says so more clearly.
    const nameColumn = header.findIndex((name) => matchKey(name) === 'name')
    if (nameColumn !== -1) targets[nameColumn] = 'event_name'
  }
  const explicit = applyOverrides(kind, header, targets, opts.map)

  const identifier =
    kind === 'collection'
      ? null
      : reused && !opts.identifierType && !explicit.size
        ? reused.identifier && { column: header[reused.identifierIndex], type: reused.identifier.type }
        : chooseIdentifier(header, targets, sample, opts.identifierType)
  const identifierIndex = identifier ? header.indexOf(identifier.column) : -1
  if (kind !== 'collection') dropOtherIdentifiers(kind, targets, identifierIndex, explicit)

  const columns: ColumnMapping[] = header.map((column, index) => {
    const remembered = reused?.columns[index]
    if (remembered && remembered.target === targets[index] && !explicit.has(index)) return { ...remembered, column, index }
    return { column, index, target: targets[index], blank, ...typeFor(targets[index], sample.map((cells) => cells[index] ?? '')) }
  })
  return { kind, identifier, columns }
}

/** A stable key for a header layout: the names as matchKey sees them, in order. */
export function headerSignature(header: readonly string[]): string {
  const digest = createHash('sha256').update(header.map(matchKey).join('\u001f')).digest('hex')
  return `h1:${header.length}:${digest.slice(0, 32)}`
}

function suggestTarget(kind: ImportKind, name: string, known: readonly string[]): string | null {
  const key = matchKey(name)
  for (const target of RESERVED_TARGETS[kind]) if (SYNONYMS[target]?.includes(key)) return target
  // Segment membership needs only the identifier (and the action); other columns have nowhere to go.
  if (kind === 'segment-members') return null
  // People attributes: the workspace's own spelling of the name, when it has one (issue 14)
  const existing = kind === 'people' ? existingNameFor(name, known) : null
  return existing ?? (snakeCase(name) || null)
}

/**
 * An existing attribute name for a column header, when one is the same name spelled differently:
 * case, separators and camelCase do not count ("Lifetime Value", "lifetime-value" and
 * "LifetimeValue" are `lifetime_value`; "Plan" is `plan`). Nothing looser: mapping a column onto
 * an attribute the user did not name would change that attribute for everyone, so "LTV" is not
 * `lifetime_value` (the plan warns about the new `ltv` instead). Null when no name matches, or
 * several do and none is the snake_cased header.
 */
export function existingNameFor(header: string, known: readonly string[]): string | null {
  const key = matchKey(header)
  if (key === '' || known.length === 0) return null
  const matches = known.filter((name) => matchKey(name) === key)
  if (matches.length === 1) return matches[0]
  const snake = snakeCase(header)
  return matches.find((name) => name === snake) ?? matches.find((name) => name === header) ?? null
}

function reuseRemembered(kind: ImportKind, header: string[], remembered: Mapping | null | undefined) {
  if (!remembered || remembered.kind !== kind || remembered.columns.length !== header.length) return null
  if (headerSignature(remembered.columns.map((c) => c.column)) !== headerSignature(header)) return null
  const identifierIndex = remembered.identifier ? remembered.columns.findIndex((c) => c.column === remembered.identifier?.column) : -1
  return { columns: remembered.columns, identifier: identifierIndex === -1 ? null : remembered.identifier, identifierIndex }
}

/** --map COL=ATTR: exact header text first, then the tolerant key. Returns the columns it set. */
function applyOverrides(kind: ImportKind, header: string[], targets: (string | null)[], map: Record<string, string> | undefined): Set<number> {
  const explicit = new Set<number>()
  for (const [column, target] of Object.entries(map ?? {})) {
    let index = header.indexOf(column)
    if (index === -1) index = header.findIndex((name) => matchKey(name) === matchKey(column) && matchKey(column) !== '')
    // An unknown column is reported by the validator, which sees the same options.
    if (index === -1) continue
    const wanted = target.trim()
    targets[index] = wanted === '' ? null : RESERVED_TARGETS[kind].includes(wanted.toLowerCase()) ? wanted.toLowerCase() : wanted
    explicit.add(index)
  }
  return explicit
}

/**
 * The identifier column: the requested type, or else id, email, cio_id in that order, preferring a
 * column that has values in the sample (an export's empty id column should not win over its emails).
 */
function chooseIdentifier(header: string[], targets: (string | null)[], sample: string[][], wanted: IdentifierType | undefined): Mapping['identifier'] {
  const order = wanted ? [wanted] : IDENTIFIER_TYPES
  const hasValues = (index: number) => sample.some((cells) => (cells[index] ?? '').trim() !== '')
  let fallback: Mapping['identifier'] = null
  for (const type of order) {
    const index = targets.indexOf(type)
    if (index === -1) continue
    if (hasValues(index) || wanted) return { column: header[index], type }
    fallback ??= { column: header[index], type }
  }
  return fallback
}

/**
 * Other identifier columns: for people, id and email stay as attributes (the identify call may
 * set them); cio_id is assigned by Customer.io and can never be set, so it is ignored everywhere.
 * Other kinds carry no person attributes, so the spare identifiers are ignored too.
 */
function dropOtherIdentifiers(kind: ImportKind, targets: (string | null)[], identifierIndex: number, explicit: Set<number>) {
  targets.forEach((target, index) => {
    if (index === identifierIndex || explicit.has(index) || !IDENTIFIER_TYPES.includes(target as IdentifierType)) return
    if (target === 'cio_id' || kind !== 'people') targets[index] = null
  })
}

function typeFor(target: string | null, values: string[]): Pick<ColumnMapping, 'type' | 'dateOrder'> {
  if (target === null) return { type: 'string' }
  const inferred = inferColumn(values, target)
  if (TIMESTAMP_TARGETS.has(target)) return inferred.type === 'timestamp' ? inferred : { type: 'timestamp' }
  if (RESERVED_STRING_TARGETS.has(target)) return { type: 'string' }
  return inferred
}

const RESERVED_STRING_TARGETS = new Set(['id', 'email', 'cio_id', 'event_name', 'event_id', 'device_token', 'platform', 'object_type_id', 'object_id', 'action'])
