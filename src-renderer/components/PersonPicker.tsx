// Choosing one person of the mirror by typing: a combobox over the People search (prefix match on
// ids, emails and names, offline), with the matches as a listbox. Arrow keys move through them,
// Enter picks one, Escape closes the list (and only the list, not the dialog around it).
import { useEffect, useId, useState, type KeyboardEvent } from 'react'
import { call, type IpcError, type PersonRow } from '../api'
import { ErrorAlert } from './ErrorAlert'

const SHOWN = 8

/** How a person reads in lists: their email, else their id, else their cio_id. */
export function personName(p: Pick<PersonRow, 'email' | 'id' | 'cioId' | 'pk'>): string {
  return p.email ?? p.id ?? (p.cioId ? `cio_id ${p.cioId}` : `person ${p.pk}`)
}

interface PersonPickerProps {
  workspaceId: string
  label: string
  onPick: (person: PersonRow) => void
  disabled?: boolean
}

export function PersonPicker({ workspaceId, label, onPick, disabled = false }: PersonPickerProps) {
  const uid = useId()
  const [text, setText] = useState('')
  const [matches, setMatches] = useState<PersonRow[] | null>(null)
  const [total, setTotal] = useState(0)
  const [active, setActive] = useState(0)
  const [open, setOpen] = useState(false)
  const [error, setError] = useState<IpcError | null>(null)

  useEffect(() => {
    const typed = text.trim()
    if (!typed) {
      setMatches(null)
      return
    }
    let alive = true
    const t = window.setTimeout(() => {
      void call((cio) => cio.people.search({ workspaceId, text: typed, limit: SHOWN })).then((r) => {
        if (!alive) return
        if (r.ok) {
          setMatches(r.value.rows)
          setTotal(r.value.total)
          setActive(0)
          setOpen(true)
          setError(null)
        } else setError(r.error)
      })
    }, 150)
    return () => {
      alive = false
      window.clearTimeout(t)
    }
  }, [text, workspaceId])

  const list = matches ?? []
  const expanded = open && matches != null
  const optionId = (i: number) => `${uid}-opt-${i}`

  function pick(p: PersonRow) {
    setOpen(false)
    onPick(p)
  }

  function onKey(e: KeyboardEvent<HTMLInputElement>) {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault()
      setOpen(true)
      if (list.length) setActive((a) => (a + (e.key === 'ArrowDown' ? 1 : -1) + list.length) % list.length)
    } else if (e.key === 'Enter' && expanded && list[active]) {
      e.preventDefault()
      pick(list[active])
    } else if (e.key === 'Escape' && expanded) {
      e.preventDefault()
      e.stopPropagation()
      setOpen(false)
    }
  }

  return (
    <div className="field person-picker">
      <label htmlFor={`${uid}-input`}>{label}</label>
      <input
        id={`${uid}-input`}
        role="combobox"
        aria-expanded={expanded}
        aria-controls={expanded ? `${uid}-list` : undefined}
        aria-autocomplete="list"
        aria-activedescendant={expanded && list[active] ? optionId(active) : undefined}
        value={text}
        disabled={disabled}
        placeholder="Type an id, an email or a name"
        spellCheck={false}
        autoComplete="off"
        data-autofocus
        onChange={(e) => setText(e.target.value)}
        onKeyDown={onKey}
        onFocus={() => matches && setOpen(true)}
      />
      {expanded ? (
        list.length ? (
          <ul id={`${uid}-list`} role="listbox" aria-label="Matching people">
            {list.map((p, i) => (
              <li key={p.pk} id={optionId(i)} role="option" aria-selected={i === active} onMouseDown={(e) => e.preventDefault()} onClick={() => pick(p)}>
                {personName(p)}
                {p.email && p.id ? <span className="muted"> · id {p.id}</span> : null}
              </li>
            ))}
          </ul>
        ) : (
          <p id={`${uid}-list`} className="field-hint" role="status">
            Nobody in the mirror matches “{text.trim()}”.
          </p>
        )
      ) : null}
      {expanded && total > list.length ? <p className="field-hint">The first {SHOWN} of {total.toLocaleString()} matches: type more to narrow them.</p> : null}
      {error ? <ErrorAlert title="Could not search the mirror" error={error} /> : null}
    </div>
  )
}
