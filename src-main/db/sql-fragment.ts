// A tagged template for SQL built from parts: every interpolated value becomes a `?` placeholder
// with its parameter collected in order, and nested fragments are inlined with theirs. Building
// the people query this way keeps user input (attribute names, filter values, search text) out of
// the SQL text, and the same query shape always yields the same text for the statement cache.

export interface Fragment {
  sql: string
  params: unknown[]
}

export function isFragment(v: unknown): v is Fragment {
  return typeof v === 'object' && v !== null && 'sql' in v && 'params' in v && Array.isArray((v as Fragment).params)
}

export function sql(strings: TemplateStringsArray, ...values: unknown[]): Fragment {
  let text = strings[0]
  const params: unknown[] = []
  values.forEach((value, i) => {
    if (isFragment(value)) {
      text += value.sql
      params.push(...value.params)
    } else {
      text += '?'
      params.push(value)
    }
    text += strings[i + 1]
  })
  return { sql: text, params }
}

/** Trusted SQL text (a column name chosen by code, never by a user). */
export function raw(text: string): Fragment {
  return { sql: text, params: [] }
}

export function joinFragments(parts: Fragment[], separator: string): Fragment {
  return { sql: parts.map((p) => p.sql).join(separator), params: parts.flatMap((p) => p.params) }
}
