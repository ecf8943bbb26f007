// One conflict: a field changed here and in Customer.io since the last pull. The card names the
// person (with a link to them on the People screen), shows the value last pulled, and offers the
// three ways out as equal choices, like a merge tool: keep mine, keep theirs, or type a value
// (Save/Cancel, Enter/Escape). Then Resolve, or Resolve and push to send the outcome right away.
import { useId, useState } from 'react'
import type { ConflictView, EditValue } from '../../api'
import { fieldName, ShownValue } from '../../components/ChangeView'
import { DiffTag } from '../../components/DiffTag'
import { formatAgo, formatDateTime } from '../../components/format'
import { editText, parseEdit, typeOf } from '../../components/InlineEdit'
import { ConflictPersonLine } from './ConflictPersonLine'
import { TypedValueEditor } from './TypedValueEditor'

export type Keep = { keep: 'mine' } | { keep: 'theirs' } | { keep: 'edited'; value: EditValue }
type Choice = Keep['keep']

interface ConflictCardProps {
  conflict: ConflictView
  segmentNames: ReadonlyMap<number, string>
  busy: boolean
  /** answers an error message to show, or null once resolved; `push` sends the resolution at once */
  onResolve: (conflict: ConflictView, how: Keep, push: boolean) => Promise<string | null>
}

interface OptionProps {
  name: string
  value: Choice
  chosen: Choice | null
  title: string
  hint: string
  onChoose: (c: Choice) => void
  children: React.ReactNode
}

/** One of the three choices: a radio card, all three alike. */
function ChoiceCard({ name, value, chosen, title, hint, onChoose, children }: OptionProps) {
  const id = useId()
  return (
    <div className={`conflict-choice${chosen === value ? ' is-chosen' : ''}`}>
      <input type="radio" id={id} name={name} value={value} checked={chosen === value} onChange={() => onChoose(value)} />
      <label htmlFor={id}>
        <span className="conflict-choice-title">{title}</span> <span className="muted">{hint}</span>
      </label>
      <div className="conflict-value">{children}</div>
    </div>
  )
}

export function ConflictCard({ conflict: c, segmentNames, busy, onResolve }: ConflictCardProps) {
  const [chosen, setChosen] = useState<Choice | null>(null)
  const [typed, setTyped] = useState<EditValue | undefined>(undefined)
  const [editing, setEditing] = useState(false)
  const [problem, setProblem] = useState<string | null>(null)
  const groupName = useId()
  const name = fieldName(c.field, segmentNames)
  const title = `${name} of ${c.label}`
  const headingId = `conflict-${c.id}`
  const isCollection = c.field === 'collection' && c.person == null && c.personPk == null

  function choose(next: Choice) {
    setProblem(null)
    setChosen(next)
    // choosing "type a value" opens the box at once unless a value was already saved
    setEditing(next === 'edited' && typed === undefined)
  }

  function how(): Keep | null {
    if (chosen === 'mine' || chosen === 'theirs') return { keep: chosen }
    if (chosen === 'edited' && typed !== undefined) return { keep: 'edited', value: typed }
    return null
  }

  async function resolve(push: boolean) {
    const h = how()
    if (!h) return
    setProblem(null)
    const error = await onResolve(c, h, push)
    if (error) setProblem(error)
  }

  const ready = how() != null && !editing
  // keeping theirs drops the edit: there is nothing left to send
  const canPush = ready && chosen !== 'theirs'

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
      {c.person ? <ConflictPersonLine person={c.person} /> : null}
      <p className="muted conflict-why">
        Changed here and in Customer.io since the last pull. It was <span className="conflict-base"><ShownValue value={c.base} /></span> when last pulled.
      </p>
      <fieldset className="conflict-choices">
        <legend>Which value should Customer.io keep?</legend>
        <ChoiceCard name={groupName} value="mine" chosen={chosen} title="Keep mine" hint="edited here" onChoose={choose}>
          <ShownValue value={c.local} />
        </ChoiceCard>
        <ChoiceCard name={groupName} value="theirs" chosen={chosen} title="Keep theirs" hint="in Customer.io now" onChoose={choose}>
          <ShownValue value={c.remote} />
        </ChoiceCard>
        {!isCollection ? (
          <ChoiceCard name={groupName} value="edited" chosen={chosen} title="Type a value" hint="neither, this instead" onChoose={choose}>
            {editing ? (
              <TypedValueEditor
                label={`Value for ${title}`}
                initial={editText(typed !== undefined ? typed : (c.local ?? c.remote))}
                onSave={(text) => {
                  setTyped(parseEdit(text, typeOf(c.local ?? c.remote)))
                  setEditing(false)
                }}
                onCancel={() => {
                  setEditing(false)
                  if (typed === undefined) setChosen(null)
                }}
              />
            ) : typed !== undefined ? (
              <span className="conflict-typed">
                <ShownValue value={typed} />{' '}
                <button type="button" className="link-button" onClick={() => {
                    setChosen('edited')
                    setEditing(true)
                  }} aria-label={`Change the typed value for ${title}`}>
                  Change
                </button>
              </span>
            ) : (
              <span className="muted">Choose to type it</span>
            )}
          </ChoiceCard>
        ) : null}
      </fieldset>
      <div className="conflict-actions">
        <button type="button" disabled={busy || !ready} onClick={() => void resolve(false)}>
          Resolve
        </button>
        <button type="button" className="primary" disabled={busy || !canPush} onClick={() => void resolve(true)} title={chosen === 'theirs' ? 'Keeping theirs drops your edit: nothing to push' : undefined}>
          Resolve and push
        </button>
        {!ready ? <span className="muted">{editing ? 'Save the typed value first.' : 'Choose a value first.'}</span> : null}
      </div>
      {problem ? (
        <p role="alert" className="field-error">
          {problem}
        </p>
      ) : null}
    </section>
  )
}
