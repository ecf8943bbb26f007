// The people filter language of the App API (docs/customerio-api.md §4.3): and / or / not / segment /
// attribute (eq | exists). One validator, one SQL translation (search, exports), one in-memory evaluator
// (materialising data-driven segment membership when a person changes).

import { isPlainObject } from './http-kit'
import { pkOfCioId } from './store/db'

export type Filter =
  | { and: Filter[] }
  | { or: Filter[] }
  | { not: Filter }
  | { segment: { id: number } }
  | { attribute: { field: string; operator: 'eq' | 'exists'; value?: string } }

export class FilterError extends Error {}

/** Validates untrusted JSON into a Filter; throws FilterError with a message fit for a 400 detail. */
export function parseFilter(raw: unknown, path = 'filter'): Filter {
  if (!isPlainObject(raw)) throw new FilterError(`${path} must be an object`)
  const keys = Object.keys(raw)
  if (keys.length !== 1) throw new FilterError(`${path} must have exactly one of and, or, not, segment, attribute`)
  const key = keys[0]
  const value = raw[key]
  switch (key) {
    case 'and':
    case 'or': {
      if (!Array.isArray(value) || value.length === 0) throw new FilterError(`${path}.${key} must be a non-empty array`)
      const nodes = value.map((node, i) => parseFilter(node, `${path}.${key}[${i}]`))
      return key === 'and' ? { and: nodes } : { or: nodes }
    }
    case 'not':
      return { not: parseFilter(value, `${path}.not`) }
    case 'segment': {
      const id = isPlainObject(value) ? Number(value.id) : NaN
      if (!Number.isInteger(id)) throw new FilterError(`${path}.segment.id must be an integer`)
      return { segment: { id } }
    }
    case 'attribute': {
      if (!isPlainObject(value)) throw new FilterError(`${path}.attribute must be an object`)
      const { field, operator } = value
      if (typeof field !== 'string' || field === '') throw new FilterError(`${path}.attribute.field is required`)
      if (operator !== 'eq' && operator !== 'exists') throw new FilterError(`${path}.attribute.operator must be eq or exists`)
      if (operator === 'eq') {
        if (value.value === undefined || value.value === null) throw new FilterError(`${path}.attribute.value is required for eq`)
        return { attribute: { field, operator, value: String(value.value) } }
      }
      return { attribute: { field, operator } }
    }
    default:
      throw new FilterError(`${path} has an unknown key "${key}"`)
  }
}

/** SQL over `people p`; values are bound, never interpolated. */
export function filterToSql(filter: Filter, params: unknown[]): string {
  if ('and' in filter) return '(' + filter.and.map((f) => filterToSql(f, params)).join(' AND ') + ')'
  if ('or' in filter) return '(' + filter.or.map((f) => filterToSql(f, params)).join(' OR ') + ')'
  if ('not' in filter) return '(NOT ' + filterToSql(filter.not, params) + ')'
  if ('segment' in filter) {
    params.push(filter.segment.id)
    return 'EXISTS (SELECT 1 FROM segment_members m WHERE m.segment_id = ? AND m.pk = p.pk)'
  }
  const { field, operator, value } = filter.attribute
  if (field === 'id') {
    if (operator === 'exists') return 'p.id IS NOT NULL'
    params.push(value)
    return 'p.id = ?'
  }
  if (field === 'email') {
    if (operator === 'exists') return 'p.email IS NOT NULL'
    params.push((value ?? '').toLowerCase())
    return 'p.email_lc = ?'
  }
  if (field === 'cio_id') {
    if (operator === 'exists') return '1'
    params.push(pkOfCioId(value ?? '') ?? -1)
    return 'p.pk = ?'
  }
  params.push(jsonPath(field))
  if (operator === 'exists') return 'json_extract(p.attrs, ?) IS NOT NULL'
  params.push(value)
  return 'json_extract(p.attrs, ?) = ?'
}

export function jsonPath(field: string): string {
  return '$."' + field.replace(/\\/g, '\\\\').replace(/"/g, '\\"') + '"'
}

export interface EvaluablePerson {
  pk: number
  id: string | null
  email: string | null
  attrs: Record<string, string>
}

/** Same semantics as filterToSql, for one person in memory. */
export function evaluateFilter(filter: Filter, person: EvaluablePerson, inSegment: (segmentId: number) => boolean): boolean {
  if ('and' in filter) return filter.and.every((f) => evaluateFilter(f, person, inSegment))
  if ('or' in filter) return filter.or.some((f) => evaluateFilter(f, person, inSegment))
  if ('not' in filter) return !evaluateFilter(filter.not, person, inSegment)
  if ('segment' in filter) return inSegment(filter.segment.id)
  const { field, operator, value } = filter.attribute
  let actual: string | null | undefined
  if (field === 'id') actual = person.id
  else if (field === 'email') actual = person.email
  else if (field === 'cio_id') return operator === 'exists' || pkOfCioId(value ?? '') === person.pk
  else actual = person.attrs[field]
  if (operator === 'exists') return actual !== null && actual !== undefined
  if (field === 'email') return (actual ?? '').toLowerCase() === (value ?? '').toLowerCase()
  return actual === value
}
