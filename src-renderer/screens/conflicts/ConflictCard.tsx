// One conflict: a field changed here and in Customer.io since the last pull. Base, mine and theirs
// side by side; Keep mine, Keep theirs, or Edit to type the value that should win (Enter saves,
// Escape cancels).
import { useState } from 'react'
import type { ConflictView, EditValue } from '../../api'
import { fieldName, ShownValue } from '../../components/ChangeView'
import { DiffTag } from '../../components/DiffTag'
import { formatAgo, formatDateTime } from '../../components/format'
import { editText, InlineEdit, parseEdit, typeOf } from '../../components/InlineEdit'

export type Keep = { keep: 'mine' } | { keep: 'theirs' } | { keep: 'edited'; value: EditValue }

interface ConflictCardProps {
  conflict: ConflictView
  segmentNames: ReadonlyMap<number, string>
  busy: boolean
  /** answers an error message to show, or null once resolved */
  onResolve: (conflict: ConflictView, how: Keep) => Promise<string | null>
}

function Side({ title, hint, value, kind }: { title: string; hint: string; value: unknown; kind?: 'mine' | 'theirs' }) {
  return (
    <div className={`conflict-side${kind ? ` side-${kind}` : ''}`}>
      <dt>
        {title} <span className="muted">{hint}</span>
      </dt>
      <dd className="conflict-value">
        <ShownValue value={value} />
      </dd>
    </div>
  )
}

export function ConflictCard({ conflict: c, segmentNames, busy, onResolve }: ConflictCardProps) {
  const [editing, setEditing] = useState(false)
  const [problem, setProblem] = useState<string | null>(null)
  const name = fieldName(c.field, segmentNames)
  const title = `${name} of ${c.label}`
  const headingId = `conflict-${c.id}`

  async function resolve(how: Keep): Promise<string | null> {
    setProblem(null)
    const error = await onResolve(c, how)
    if (error) setProblem(error)
    return error
  }

  return (
    <section className="conflict-card" aria-labelledby={headingId}>
      <header className="conflict-head">
        <DiffTag kind="conflict" />
        <h2 id={headingId} className="conflict-title">
          <span className="conflict-field">{name}</span> <span className="muted">of</span> {c.label}
        </h2>
        <span className="muted" title={formatDateTime(c.createdAt)}>
          found {formatAgo(c.createdAt)}
        </span>
      </header>
      <p className="muted conflict-why">Changed here and in Customer.io since the last pull. Choose which value Customer.io should keep.</p>
      <dl className="conflict-sides">
        <Side title="Base" hint="(last pulled)" value={c.base} />
        <Side title="Mine" hint="(edited here)" value={c.local} kind="mine" />
        <Side title="Theirs" hint="(in Customer.io now)" value={c.remote} kind="theirs" />
      </dl>
      <div className="conflict-actions">
        {editing ? (
          <InlineEdit
            label={`Value for ${title}`}
            initial={editText(c.local ?? c.remote)}
            placeholder="empty clears the attribute"
            onCommit={(text) => resolve({ keep: 'edited', value: parseEdit(text, typeOf(c.local ?? c.remote)) })}
            onCancel={() => setEditing(false)}
          />
        ) : (
          <>
            <button type="button" className="primary" disabled={busy} onClick={() => void resolve({ keep: 'mine' })} title="Push my value over theirs">
              Keep mine
            </button>
            <button type="button" disabled={busy} onClick={() => void resolve({ keep: 'theirs' })} title="Drop my edit and take the value from Customer.io">
              Keep theirs
            </button>
            <button type="button" disabled={busy} onClick={() => setEditing(true)} title="Type the value that should win">
              Edit
            </button>
          </>
        )}
      </div>
      {problem && !editing ? (
        <p role="alert" className="field-error">
          {problem}
        </p>
      ) : null}
    </section>
  )
}
