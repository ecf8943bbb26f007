/**
 * What is wrong with a cron expression, in the words of the schedule form ("Minute must be
 * 0-59"), never the parser's own (which names its classes). Checks the shape croner takes: 5 fields
 * (minute hour day month weekday) or 6 (a leading second), each a list of `*`, numbers, ranges
 * and steps, with month and weekday names and croner's L, W, # and ? where they mean something.
 */

interface FieldSpec {
  label: string
  min: number
  max: number
  names?: readonly string[]
  /** extra tokens this field takes (L, W, #, ?) */
  extra?: RegExp
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'] as const
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'] as const

const SECOND: FieldSpec = { label: 'Second', min: 0, max: 59 }
const FIVE: FieldSpec[] = [
  { label: 'Minute', min: 0, max: 59 },
  { label: 'Hour', min: 0, max: 23 },
  { label: 'Day of month', min: 1, max: 31, extra: /^(L|\?|\d{1,2}W|LW)$/i },
  { label: 'Month', min: 1, max: 12, names: MONTHS },
  { label: 'Weekday', min: 0, max: 7, names: DAYS, extra: /^(\?|[0-7]L|[0-7]#[1-5]|[A-Z]{3}#[1-5]|[A-Z]{3}L)$/i },
]

export const CRON_SHAPE = 'Use 5 fields separated by spaces: minute hour day month weekday, e.g. 0 9-17 * * 1-5'

/** The first thing wrong with the expression, in user terms; null when its shape is right. */
export function cronShapeError(expr: string): string | null {
  const fields = expr.trim().split(/\s+/).filter(Boolean)
  if (fields.length === 0) return `The cron expression is empty. ${CRON_SHAPE}.`
  if (fields.length !== 5 && fields.length !== 6) {
    return `The cron expression has ${fields.length} ${fields.length === 1 ? 'field' : 'fields'}. ${CRON_SHAPE}.`
  }
  const specs = fields.length === 6 ? [SECOND, ...FIVE] : FIVE
  for (let i = 0; i < specs.length; i++) {
    const problem = fieldError(fields[i], specs[i])
    if (problem) return problem
  }
  return null
}

function fieldError(field: string, spec: FieldSpec): string | null {
  const range = `${spec.label} must be ${spec.min}-${spec.max}${spec.names ? ` or a name (${spec.names[0]}-${spec.names[spec.names.length - 1]})` : ''}`
  for (const part of field.split(',')) {
    if (part === '') return `${spec.label} has an empty item in "${field}"; remove the extra comma.`
    if (spec.extra?.test(part)) continue
    const [base, step, ...more] = part.split('/')
    if (more.length) return `${spec.label} "${part}" has more than one "/".`
    if (step !== undefined && !/^\d+$/.test(step)) return `${spec.label}: the step after "/" must be a whole number, not "${step}".`
    if (step !== undefined && Number(step) === 0) return `${spec.label}: the step after "/" cannot be 0.`
    if (base === '*') continue
    const ends = base.split('-')
    if (ends.length > 2) return `${spec.label} "${part}": a range is written low-high, e.g. ${spec.min}-${Math.min(spec.max, spec.min + 5)}.`
    const values = ends.map((e) => valueOf(e, spec))
    if (values.some((v) => v === null)) return `${range}; "${part}" is not.`
    if (values.length === 2 && values[0]! > values[1]!) return `${spec.label} range "${base}" runs backwards; write the smaller value first.`
  }
  return null
}

function valueOf(token: string, spec: FieldSpec): number | null {
  if (/^\d+$/.test(token)) {
    const n = Number(token)
    return n >= spec.min && n <= spec.max ? n : null
  }
  const i = spec.names?.indexOf(token.toUpperCase() as never) ?? -1
  if (i < 0) return null
  return spec.names === MONTHS ? i + 1 : i
}
