// The person's segments, with membership edits for manual segments (data-driven ones follow their
// conditions in Customer.io and cannot be changed through the API): remove from one, add to another.
import { useId, useState, type FormEvent } from 'react'
import type { OutboxEntryView, PersonDetail, SegmentRow } from '../../api'
import { segmentOf } from '../../components/ChangeView'
import { DiffTag } from '../../components/DiffTag'
import { formatWhen } from '../../components/format'

interface PersonSegmentsProps {
  segments: PersonDetail['segments']
  /** every segment of the workspace (for the Add list) */
  all: SegmentRow[]
  /** this person's pending entries (segment ones are shown as marks) */
  entries: OutboxEntryView[]
  enabled: boolean
  onChange: (segmentId: number, action: 'add' | 'remove') => Promise<string | null>
}

function pendingFor(entries: OutboxEntryView[], segmentId: number): OutboxEntryView | undefined {
  return entries.find((e) => segmentOf(e.field) === segmentId)
}

function isRemoval(e: OutboxEntryView): boolean {
  return e.new === 'remove' || e.new === false
}

export function PersonSegments({ segments, all, entries, enabled, onChange }: PersonSegmentsProps) {
  const uid = useId()
  const [choice, setChoice] = useState('')
  const [problem, setProblem] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const memberOf = new Set(segments.map((s) => s.id))
  // Pending additions are shown too, so the list reads as it will be after a push.
  const added = entries.flatMap((e) => {
    const id = segmentOf(e.field)
    return id != null && !isRemoval(e) && !memberOf.has(id) ? [id] : []
  })
  const manual = all.filter((s) => s.type === 'manual')
  const addable = manual.filter((s) => !memberOf.has(s.id) && !added.includes(s.id))
  const nameOf = (id: number) => all.find((s) => s.id === id)?.name ?? `Segment ${id}`

  async function run(segmentId: number, action: 'add' | 'remove') {
    setBusy(true)
    const error = await onChange(segmentId, action)
    setBusy(false)
    setProblem(error)
    return error
  }

  async function onSubmit(e: FormEvent) {
    e.preventDefault()
    if (!choice) return
    if (!(await run(Number(choice), 'add'))) setChoice('')
  }

  return (
    <>
      {segments.length === 0 && added.length === 0 ? (
        <p className="muted">In no segment.</p>
      ) : (
        <ul className="plain-list segment-list">
          {segments.map((s) => {
            const pending = pendingFor(entries, s.id)
            const leaving = pending != null && isRemoval(pending)
            return (
              <li key={s.id}>
                <a href="#/segments">{s.name}</a> <span className="muted">· {s.type}</span>
                {s.joinedAt != null ? <span className="muted"> · joined {formatWhen(s.joinedAt)}</span> : null}
                {leaving ? (
                  <>
                    {' '}
                    <DiffTag kind="clear">Pending removal</DiffTag>
                  </>
                ) : enabled && s.type === 'manual' ? (
                  <button type="button" className="small" disabled={busy} aria-label={`Remove from ${s.name}`} onClick={() => void run(s.id, 'remove')}>
                    Remove
                  </button>
                ) : null}
              </li>
            )
          })}
          {added.map((id) => (
            <li key={`added-${id}`}>
              {nameOf(id)} <DiffTag kind="create">Pending addition</DiffTag>
            </li>
          ))}
        </ul>
      )}
      {enabled && addable.length > 0 ? (
        <form className="add-segment" onSubmit={(e) => void onSubmit(e)}>
          <label htmlFor={`${uid}-segment`}>Add to segment</label>
          <select id={`${uid}-segment`} value={choice} onChange={(e) => setChoice(e.target.value)}>
            <option value="">Choose a manual segment…</option>
            {addable.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
          <button type="submit" disabled={!choice || busy}>
            Add
          </button>
        </form>
      ) : null}
      {problem ? (
        <p role="alert" className="field-error">
          {problem}
        </p>
      ) : null}
    </>
  )
}
