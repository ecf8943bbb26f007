// The outbox, grouped by person (or collection): one table per group, one row per change with a
// checkbox, the change in the diff language, its state (with the last error), and Discard.
import { useEffect, useRef } from 'react'
import type { OutboxEntryView } from '../../api'
import { ChangeView, EntryState, fieldName } from '../../components/ChangeView'
import { formatAgo, formatDateTime } from '../../components/format'

export interface OutboxGroup {
  key: string
  label: string
  entries: OutboxEntryView[]
}

/** Entries grouped by what they are about, groups in the order of their oldest entry. */
export function groupEntries(entries: OutboxEntryView[]): OutboxGroup[] {
  const groups = new Map<string, OutboxGroup>()
  for (const e of entries) {
    const key = e.entityKey
    let g = groups.get(key)
    if (!g) {
      g = { key, label: e.label, entries: [] }
      groups.set(key, g)
    }
    g.entries.push(e)
  }
  return [...groups.values()]
}

/** Entries a push or a discard can take (not the ones on their way out, nor conflicts for push). */
export const canDiscard = (e: OutboxEntryView) => e.state !== 'sending' && e.state !== 'sent'
export const canPush = (e: OutboxEntryView) => e.state === 'pending' || e.state === 'failed' || e.state === 'may_have_applied'

function Checkbox({ label, checked, indeterminate = false, disabled, onChange }: { label: string; checked: boolean; indeterminate?: boolean; disabled?: boolean; onChange: (v: boolean) => void }) {
  const ref = useRef<HTMLInputElement>(null)
  useEffect(() => {
    if (ref.current) ref.current.indeterminate = indeterminate
  }, [indeterminate])
  return <input ref={ref} type="checkbox" aria-label={label} checked={checked} disabled={disabled} onChange={(e) => onChange(e.target.checked)} />
}

interface OutboxListProps {
  groups: OutboxGroup[]
  segmentNames: ReadonlyMap<number, string>
  selected: ReadonlySet<number>
  onSelect: (ids: number[], on: boolean) => void
  onDiscard: (ids: number[]) => void
  busy: boolean
}

export function OutboxList({ groups, segmentNames, selected, onSelect, onDiscard, busy }: OutboxListProps) {
  return (
    <div className="outbox">
      {groups.map((g) => {
        const headingId = `outbox-${g.key.replace(/[^a-zA-Z0-9_-]/g, '_')}`
        const selectable = g.entries.filter(canDiscard)
        const picked = selectable.filter((e) => selected.has(e.id)).length
        return (
          <section key={g.key} className="outbox-group" aria-labelledby={headingId}>
            <div className="outbox-group-head">
              <Checkbox
                label={`Select all changes of ${g.label}`}
                checked={picked > 0 && picked === selectable.length}
                indeterminate={picked > 0 && picked < selectable.length}
                disabled={selectable.length === 0}
                onChange={(on) => onSelect(selectable.map((e) => e.id), on)}
              />
              <h2 id={headingId} className="outbox-label">
                {g.label}
              </h2>
              <span className="muted">
                {g.entries.length} {g.entries.length === 1 ? 'change' : 'changes'}
              </span>
            </div>
            <div className="table-wrap">
              <table className="grid outbox-table">
                <thead>
                  <tr>
                    <th scope="col" className="col-check">
                      <span className="sr-only">Selected</span>
                    </th>
                    <th scope="col">Field</th>
                    <th scope="col">Change</th>
                    <th scope="col">State</th>
                    <th scope="col">Edited</th>
                    <th scope="col" className="row-actions">
                      <span className="sr-only">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {g.entries.map((e) => {
                    const name = fieldName(e.field, segmentNames)
                    return (
                      <tr key={e.id} className={`outbox-row state-${e.state}${selected.has(e.id) ? ' is-selected' : ''}`}>
                        <td className="col-check">
                          <Checkbox label={`Select ${name} of ${g.label}`} checked={selected.has(e.id)} disabled={!canDiscard(e)} onChange={(on) => onSelect([e.id], on)} />
                        </td>
                        <th scope="row" className="outbox-field">
                          {name}
                        </th>
                        <td>
                          <ChangeView entry={e} segmentNames={segmentNames} />
                        </td>
                        <td>
                          <EntryState entry={e} />
                          {e.state === 'conflict' ? (
                            <>
                              {' '}
                              <a href="#/conflicts">Resolve</a>
                            </>
                          ) : null}
                          {e.lastError ? (
                            <div className="outbox-error">
                              {e.lastError}
                              {e.attempts > 1 ? <span className="muted"> · {e.attempts} attempts</span> : null}
                            </div>
                          ) : null}
                        </td>
                        <td className="nowrap muted" title={formatDateTime(e.updatedAt)}>
                          {formatAgo(e.updatedAt)}
                        </td>
                        <td className="row-actions">
                          {canDiscard(e) ? (
                            <button type="button" className="small danger-quiet" disabled={busy} aria-label={`Discard ${name} of ${g.label}`} onClick={() => onDiscard([e.id])}>
                              Discard
                            </button>
                          ) : null}
                        </td>
                      </tr>
                    )
                  })}
                </tbody>
              </table>
            </div>
          </section>
        )
      })}
    </div>
  )
}
