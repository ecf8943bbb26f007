// Key/value rows for Liquid data (a transactional send's `message_data`, a broadcast's `data`):
// one row per key, add and remove rows, and the object they make. A value that reads as JSON (a
// number, true/false/null, an object or an array) is sent as that JSON value; anything else is a
// string. The caller shows the resulting JSON, so the user sees exactly which is which.
import { useId } from 'react'

export interface KeyValueRow {
  key: string
  value: string
}

const JSON_LIKE = /^(-?\d+(\.\d+)?([eE][+-]?\d+)?|true|false|null|\{[\s\S]*\}|\[[\s\S]*\])$/

/** "42" → 42, "true" → true, '{"a":1}' → {a:1}; everything else stays the string it is. */
export function parseValue(text: string): unknown {
  const t = text.trim()
  if (!JSON_LIKE.test(t)) return text
  try {
    return JSON.parse(t) as unknown
  } catch {
    return text
  }
}

/** The data object of the rows (rows without a key are ignored) and the problems to fix first. */
export function rowsToData(rows: KeyValueRow[]): { data: Record<string, unknown>; problems: string[] } {
  const data: Record<string, unknown> = {}
  const problems: string[] = []
  rows.forEach((r, i) => {
    const key = r.key.trim()
    if (!key) {
      if (r.value.trim()) problems.push(`Row ${i + 1} has a value but no key: give it a key or remove the row.`)
      return
    }
    if (key.length > 150) problems.push(`Row ${i + 1}: the key is longer than 150 characters.`)
    if (key in data) problems.push(`Row ${i + 1}: the key “${key}” is already used above; keys must be unique.`)
    data[key] = parseValue(r.value)
  })
  return { data, problems }
}

interface KeyValueRowsProps {
  /** names the group, e.g. "Message data" */
  label: string
  rows: KeyValueRow[]
  onChange: (rows: KeyValueRow[]) => void
  disabled?: boolean
}

export function KeyValueRows({ label, rows, onChange, disabled = false }: KeyValueRowsProps) {
  const uid = useId()
  const set = (i: number, patch: Partial<KeyValueRow>) => onChange(rows.map((r, n) => (n === i ? { ...r, ...patch } : r)))
  return (
    <fieldset className="kv-rows" disabled={disabled}>
      <legend>{label}</legend>
      {rows.length === 0 ? <p className="muted">No keys yet. Add one for each Liquid variable the message uses.</p> : null}
      {rows.map((r, i) => (
        <div className="kv-row" key={i}>
          <label className="sr-only" htmlFor={`${uid}-k${i}`}>
            {label} key {i + 1}
          </label>
          <input id={`${uid}-k${i}`} value={r.key} placeholder="key" spellCheck={false} autoComplete="off" onChange={(e) => set(i, { key: e.target.value })} />
          <label className="sr-only" htmlFor={`${uid}-v${i}`}>
            {label} value {i + 1}
          </label>
          <input id={`${uid}-v${i}`} value={r.value} placeholder="value" spellCheck={false} autoComplete="off" onChange={(e) => set(i, { value: e.target.value })} />
          <button type="button" className="icon-button" aria-label={`Remove ${label.toLowerCase()} row ${i + 1}`} onClick={() => onChange(rows.filter((_, n) => n !== i))}>
            ×
          </button>
        </div>
      ))}
      <button type="button" className="small" onClick={() => onChange([...rows, { key: '', value: '' }])}>
        Add key
      </button>
      <p className="field-hint">Numbers, true/false, null, {'{…}'} and […] are sent as JSON; anything else as text.</p>
    </fieldset>
  )
}
