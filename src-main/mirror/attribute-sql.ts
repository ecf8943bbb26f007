import type { PeopleFilter } from '../contract/people'
import { raw, sql, type Fragment } from '../db/sql-fragment'

// SQL for one attribute of `people p`: its value, its JSON type, a text form for comparisons,
// and the filter predicates of the People screen. Attribute names come from users and may hold
// dots, spaces or quotes, so they are always bound parameters, never SQL or path text.

export interface AttributeAccess {
  /** the value as SQLite sees it (JSON true/false read as 1/0, arrays/objects as JSON text) */
  value: Fragment
  /** 'null' | 'true' | 'false' | 'integer' | 'real' | 'text' | 'array' | 'object', or NULL when absent */
  type: Fragment
}

/** Identifiers are people columns (indexed, and always present), not attributes. */
const COLUMN_ATTRIBUTES: Record<string, string> = { id: 'p.id', email: 'p.email', cio_id: 'p.cio_id' }

/**
 * `$."name"` addresses a top-level key literally, dots and spaces included. SQLite's path syntax
 * has no escape for a `"` inside the label, so such a name goes through json_each instead.
 */
export function attributeAccess(name: string): AttributeAccess {
  const column = COLUMN_ATTRIBUTES[name]
  if (column) {
    return { value: raw(column), type: raw(`CASE WHEN ${column} IS NULL THEN NULL ELSE 'text' END`) }
  }
  if (!name.includes('"')) {
    const path = `$."${name}"`
    return { value: sql`json_extract(p.attributes, ${path})`, type: sql`json_type(p.attributes, ${path})` }
  }
  return {
    value: sql`(SELECT value FROM json_each(p.attributes) WHERE key = ${name})`,
    type: sql`(SELECT type FROM json_each(p.attributes) WHERE key = ${name})`,
  }
}

/** The value as text the way a user would type it: booleans as true/false, numbers as digits. */
function textForm(a: AttributeAccess): Fragment {
  return sql`(CASE ${a.type} WHEN 'true' THEN 'true' WHEN 'false' THEN 'false' WHEN 'null' THEN NULL ELSE CAST(${a.value} AS TEXT) END)`
}

/** A finite number written in plain decimal or exponent form ("42", "-1.5", "1e3"). */
export function numericValue(text: string): number | null {
  if (!/^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/.test(text)) return null
  const n = Number(text)
  return Number.isFinite(n) ? n : null
}

/** True when the attribute is a JSON number, or text that reads as one ("42" from a CSV import). */
function isNumeric(a: AttributeAccess): Fragment {
  return sql`(${a.type} IN ('integer', 'real') OR (${a.type} = 'text' AND trim(${a.value}) GLOB '*[0-9]*' AND trim(${a.value}) NOT GLOB '*[^0-9.eE+-]*'))`
}

function equals(a: AttributeAccess, value: string): Fragment {
  const n = numericValue(value)
  if (n === null) return sql`${textForm(a)} = ${value}`
  // "5" finds 5, 5.0 and "5"
  return sql`(${textForm(a)} = ${value} OR (${a.type} IN ('integer', 'real') AND ${a.value} = ${n}))`
}

/**
 * gt/lt compare numerically when both sides are numbers, as text otherwise (so ISO dates and
 * names order sensibly). An absent or null attribute never matches.
 */
function compare(a: AttributeAccess, op: '>' | '<', value: string): Fragment {
  const n = numericValue(value)
  const cmp = raw(op)
  if (n === null) return sql`${textForm(a)} ${cmp} ${value}`
  return sql`(CASE WHEN ${isNumeric(a)} THEN CAST(${a.value} AS REAL) ${cmp} ${n} ELSE ${textForm(a)} ${cmp} ${value} END)`
}

/**
 * One filter as a predicate. A JSON null counts as missing (Customer.io treats a null attribute as
 * unset); neq includes people without the attribute, as "is not X" reads to a user; contains
 * ignores ASCII case.
 */
export function filterPredicate(f: PeopleFilter): Fragment {
  const a = attributeAccess(f.attribute)
  const value = f.value ?? ''
  switch (f.op) {
    case 'exists':
      return sql`coalesce(${a.type}, 'null') <> 'null'`
    case 'missing':
      return sql`coalesce(${a.type}, 'null') = 'null'`
    case 'eq':
      return equals(a, value)
    case 'neq':
      return sql`NOT coalesce(${equals(a, value)}, 0)`
    case 'contains':
      return sql`instr(lower(${textForm(a)}), lower(${value})) > 0`
    case 'gt':
      return compare(a, '>', value)
    case 'lt':
      return compare(a, '<', value)
  }
}

/**
 * The sort expression for a column of the table (identifiers, the mirror's updated_at) or any
 * attribute (created_at included: that is Customer.io's attribute, not the mirror's column).
 */
export function sortExpression(column: string): { expr: Fragment; indexed: boolean } {
  switch (column) {
    case 'pk':
      return { expr: raw('p.pk'), indexed: true }
    case 'id':
      return { expr: raw('p.id'), indexed: true }
    case 'cio_id':
      return { expr: raw('p.cio_id'), indexed: true }
    // lower() so people_ws_email_ci serves the order (and "ann@" sorts with "Ann@")
    case 'email':
      return { expr: raw('lower(p.email)'), indexed: true }
    case 'updated_at':
      return { expr: raw('p.updated_at'), indexed: false }
    // Customer.io's own last change of the person, and the last pull of it
    case 'remote_updated_at':
      return { expr: raw('p.remote_updated_at'), indexed: false }
    case 'pulled_at':
      return { expr: raw('p.synced_at'), indexed: false }
    default:
      return { expr: attributeAccess(column).value, indexed: false }
  }
}
