// Attribute filters: a small form (attribute, operator, value) and the active filters as chips.
import { useId, useState, type FormEvent } from 'react'
import type { PeopleFilter } from '../../api'

export const OPERATORS: { op: PeopleFilter['op']; label: string; needsValue: boolean }[] = [
  { op: 'eq', label: 'is', needsValue: true },
  { op: 'neq', label: 'is not', needsValue: true },
  { op: 'contains', label: 'contains', needsValue: true },
  { op: 'gt', label: 'is greater than', needsValue: true },
  { op: 'lt', label: 'is less than', needsValue: true },
  { op: 'exists', label: 'is set', needsValue: false },
  { op: 'missing', label: 'is not set', needsValue: false },
]

export function describeFilter(f: PeopleFilter): string {
  const o = OPERATORS.find((x) => x.op === f.op)
  return `${f.attribute} ${o?.label ?? f.op}${o?.needsValue ? ` ${f.value ?? ''}` : ''}`
}

export function FilterChips({ filters, onRemove }: { filters: PeopleFilter[]; onRemove: (index: number) => void }) {
  if (filters.length === 0) return null
  return (
    <ul className="chips" aria-label="Active filters">
      {filters.map((f, i) => {
        const o = OPERATORS.find((x) => x.op === f.op)
        return (
          <li key={`${i}-${f.attribute}-${f.op}`} className="chip">
            <strong>{f.attribute}</strong> <span className="chip-op">{o?.label ?? f.op}</span>
            {o?.needsValue ? <span>{f.value}</span> : null}
            <button type="button" className="icon-button" aria-label={`Remove filter: ${describeFilter(f)}`} onClick={() => onRemove(i)}>
              ×
            </button>
          </li>
        )
      })}
    </ul>
  )
}

interface FilterFormProps {
  attributes: string[]
  onAdd: (f: PeopleFilter) => void
  onClose: () => void
}

export function FilterForm({ attributes, onAdd, onClose }: FilterFormProps) {
  const uid = useId()
  const [attribute, setAttribute] = useState('')
  const [op, setOp] = useState<PeopleFilter['op']>('eq')
  const [value, setValue] = useState('')
  const needsValue = OPERATORS.find((o) => o.op === op)?.needsValue ?? true
  const ready = attribute.trim() !== '' && (!needsValue || value !== '')

  function submit(e: FormEvent) {
    e.preventDefault()
    if (!ready) return
    onAdd({ attribute: attribute.trim(), op, ...(needsValue ? { value } : {}) })
    setAttribute('')
    setValue('')
  }

  return (
    <form className="filter-form" aria-label="Add a filter" onSubmit={submit}>
      <div className="field">
        <label htmlFor={`${uid}-attr`}>Attribute</label>
        <input
          id={`${uid}-attr`}
          list={`${uid}-attrs`}
          value={attribute}
          onChange={(e) => setAttribute(e.target.value)}
          placeholder="e.g. plan"
          autoFocus
        />
        <datalist id={`${uid}-attrs`}>
          {attributes.map((a) => (
            <option key={a} value={a} />
          ))}
        </datalist>
      </div>
      <div className="field">
        <label htmlFor={`${uid}-op`}>Condition</label>
        <select id={`${uid}-op`} value={op} onChange={(e) => setOp(e.target.value as PeopleFilter['op'])}>
          {OPERATORS.map((o) => (
            <option key={o.op} value={o.op}>
              {o.label}
            </option>
          ))}
        </select>
      </div>
      {needsValue ? (
        <div className="field">
          <label htmlFor={`${uid}-value`}>Value</label>
          <input id={`${uid}-value`} value={value} onChange={(e) => setValue(e.target.value)} />
        </div>
      ) : null}
      <button type="submit" className="primary" disabled={!ready}>
        Add filter
      </button>
      <button type="button" onClick={onClose}>
        Done
      </button>
    </form>
  )
}
