// Chooses which attribute columns the People grid shows, from the attributes the mirror knows
// (with how many people have each). The choice is remembered per workspace.
import { useId, useState } from 'react'
import { formatCount } from '../../components/format'
import { Popover } from '../../components/Popover'

interface ColumnChooserProps {
  available: { name: string; count: number }[]
  chosen: string[]
  onChange: (columns: string[]) => void
}

const SHOWN_AT_MOST = 300

export function ColumnChooser({ available, chosen, onChange }: ColumnChooserProps) {
  const [filter, setFilter] = useState('')
  const filterId = useId()
  const needle = filter.trim().toLowerCase()
  const matching = available.filter((c) => c.name.toLowerCase().includes(needle))
  // Chosen columns first (in their order), then the rest by how common they are.
  const ordered = [
    ...chosen.map((name) => matching.find((c) => c.name === name) ?? { name, count: 0 }).filter((c) => c.name.toLowerCase().includes(needle)),
    ...matching.filter((c) => !chosen.includes(c.name)).sort((a, b) => b.count - a.count),
  ]

  function toggle(name: string, on: boolean) {
    onChange(on ? [...chosen, name] : chosen.filter((c) => c !== name))
  }

  return (
    <Popover label={<>Columns ({chosen.length})</>} ariaLabel={`Choose columns, ${chosen.length} attribute columns shown`}>
      <label htmlFor={filterId} className="sr-only">
        Find an attribute
      </label>
      <input id={filterId} type="text" placeholder="Find an attribute…" value={filter} onChange={(e) => setFilter(e.target.value)} />
      {available.length === 0 ? (
        <p className="muted">No attributes in the mirror yet. Pull the workspace first.</p>
      ) : (
        <ul className="popover-list" aria-label="Attribute columns">
          {ordered.slice(0, SHOWN_AT_MOST).map((c) => (
            <li key={c.name}>
              <label>
                <input type="checkbox" checked={chosen.includes(c.name)} onChange={(e) => toggle(c.name, e.target.checked)} />
                <span>{c.name}</span>
                <span className="count" title="People with this attribute">
                  {formatCount(c.count)}
                </span>
              </label>
            </li>
          ))}
        </ul>
      )}
      {ordered.length > SHOWN_AT_MOST ? <p className="muted">Type to find the other {formatCount(ordered.length - SHOWN_AT_MOST)}.</p> : null}
      {chosen.length ? (
        <button type="button" onClick={() => onChange([])}>
          Hide all attribute columns
        </button>
      ) : null}
    </Popover>
  )
}
