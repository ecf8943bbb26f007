// Batched lookups of import rows in the mirror. A plan of a million rows cannot afford a query per
// row, nor an index of the whole workspace in memory: each batch of rows asks once per identifier
// type, with the batch's values as one JSON array (`IN (SELECT value FROM json_each(?))`), which
// SQLite answers from the unique (workspace_id, id) / (workspace_id, cio_id) indexes and the
// lower(email) expression index. Tombstoned people count as absent: a row for them is a create.

import type Database from 'better-sqlite3'
import type { Attributes } from '../../db/json-types'
import { SegmentsRepo } from '../../db/segments-repo'
import type { IdentifierType } from '../types'
import type { StoredPerson } from './diff'

/** pk, id, email, cio_id, attributes (the whole object, or a JSON array of the asked fields' values, or null when none are asked), devices: `.raw()` rows, no per-row objects */
type PersonRow = [number, string | null, string | null, string | null, string | null, string | null]

/** attribute objects up to this many characters are fetched whole rather than field by field */
const WHOLE_OBJECT_MAX_CHARS = 1000

export interface MirrorPerson extends StoredPerson {
  devices: unknown[] | null
}

/** The key an identifier value is matched on: emails ignore case, ids and cio_ids do not. */
export function matchKey(type: IdentifierType, value: string): string {
  return type === 'email' ? value.trim().toLowerCase() : value
}

/** Whether two emails match (matchKey); most compared emails are identical, which costs no normalising. */
export function sameEmail(a: string, b: string): boolean {
  return a === b || matchKey('email', a) === matchKey('email', b)
}

export class MirrorLookup {
  /** statements by identifier type and the attribute fields they extract ('*' = the whole object) */
  private readonly byType = new Map<string, Database.Statement>()
  private readonly segments: SegmentsRepo

  constructor(
    private readonly sqlite: Database.Database,
    private readonly workspaceId: string,
  ) {
    this.segments = new SegmentsRepo(sqlite)
  }

  /**
   * People by identifier, keyed by `matchKey(type, value)`. With `fields`, a person's `attributes`
   * hold only those fields (the ones the rows set or clear: all a diff reads), extracted by SQLite
   * in one `json_extract` rather than parsing every person's whole attribute object in JS; an
   * empty list fetches no attributes at all. Without it, every attribute.
   */
  find(type: IdentifierType, values: Iterable<string>, fields?: readonly string[]): Map<string, MirrorPerson> {
    // repeated values need no removing: `IN (…)` matches each person once however often it is asked for
    const keys = type === 'email' ? Array.from(values, (v) => matchKey(type, v)) : Array.isArray(values) ? (values as string[]) : [...values]
    const found = new Map<string, MirrorPerson>()
    if (keys.length === 0) return found
    const wanted = fields && fields.every(isPlainPathLabel) ? [...new Set(fields)] : null
    const keyColumn = type === 'id' ? 1 : type === 'cio_id' ? 3 : 2
    // .iterate(), not .all(): .all() is about 0.6 µs a row cheaper, but holding a batch's raw rows
    // beside their people raised the 1M plan's peak RSS by 10–15 MB (bench/import/RESULTS.md, Session 9)
    for (const r of this.statement(type, wanted).iterate(this.workspaceId, JSON.stringify(keys)) as Iterable<PersonRow>) {
      const raw = r[keyColumn]
      const key = type === 'email' ? raw?.toLowerCase() : raw
      if (key === null || key === undefined) continue
      // Emails are not unique in every workspace: the first holder wins, as Customer.io's own
      // email lookup does; the plan flags the row only when the holder differs from the matched id.
      if (!found.has(key)) found.set(key, toPerson(r, wanted))
    }
    return found
  }

  private statement(type: IdentifierType, fields: readonly string[] | null): Database.Statement {
    const cacheKey = `${type}\u0000${fields === null ? '*' : fields.join('\u0000')}`
    let stmt = this.byType.get(cacheKey)
    if (!stmt) {
      const paths = fields?.map((f) => `'$."${f.replace(/'/g, "''")}"'`)
      // one path gives the bare value, two or more a JSON array: a lone field is wrapped as an array too
      const extract = paths === undefined || paths.length === 0 ? null : paths.length === 1 ? `json_array(attributes -> ${paths[0]})` : `json_extract(attributes, ${paths.join(', ')})`
      // A short attribute object is cheaper to hand over whole (V8's JSON.parse) than to extract
      // from in SQL and rebuild in JS: about 25 % of a 1M-row plan's lookups with 10-attribute
      // people. A long one is not: only the asked fields come back, as a JSON array.
      const attributes = paths === undefined ? 'attributes' : extract === null ? 'NULL' : `CASE WHEN length(attributes) <= ${WHOLE_OBJECT_MAX_CHARS} THEN attributes ELSE ${extract} END`
      const match = type === 'id' ? 'id' : type === 'cio_id' ? 'cio_id' : 'lower(email)'
      stmt = this.sqlite
        .prepare(`SELECT pk, id, email, cio_id, ${attributes}, devices FROM people WHERE ws = (SELECT ws FROM workspaces WHERE id = ?) AND deleted_at IS NULL AND ${match} IN (SELECT value FROM json_each(?))`)
        .raw()
      this.byType.set(cacheKey, stmt)
    }
    return stmt
  }

  /** Which of these cio_ids are current members of the segment. */
  members(segmentId: number, cioIds: string[]): Set<string> {
    if (cioIds.length === 0) return new Set()
    return new Set(this.segments.currentMembersAmong(this.workspaceId, segmentId, JSON.stringify(cioIds)))
  }
}

/** A field name SQLite's JSON path can quote as a label ("…" with no escapes); others need the whole object. */
function isPlainPathLabel(field: string): boolean {
  return field !== '' && field !== '__proto__' && !field.includes('"') && !field.includes('\\')
}

function toPerson(r: PersonRow, fields: readonly string[] | null): MirrorPerson {
  return {
    pk: r[0],
    id: r[1],
    email: r[2],
    cioId: r[3],
    attributes: fields === null || r[4]?.startsWith('{') ? (JSON.parse(r[4] ?? '{}') as Attributes) : pick(fields, r[4]),
    devices: r[5] === null ? null : (JSON.parse(r[5]) as unknown[]),
  }
}

/** The extracted values (a JSON array, in the order of `fields`) as an attribute object; absent and null fields are left out (both mean "not set"). */
function pick(fields: readonly string[], extracted: string | null): Attributes {
  const out: Attributes = {}
  if (extracted === null) return out
  const values = JSON.parse(extracted) as unknown[]
  for (let i = 0; i < fields.length; i++) if (values[i] !== null && values[i] !== undefined) out[fields[i]] = values[i]
  return out
}
