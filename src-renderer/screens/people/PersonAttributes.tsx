// The person panel's editable facts: ID and email, every attribute (edit, clear, discard the
// pending edit), and a form to add one. Edits are recorded offline as pending changes; pending
// values show as old → new in the diff language.
import { useId, useState, type FormEvent } from 'react'
import type { EditValue, OutboxEntryView, PersonDetail } from '../../api'
import { ShownValue } from '../../components/ChangeView'
import { DiffTag, DiffValue } from '../../components/DiffTag'
import { editText, InlineEdit, parseEdit, typeOf, type ValueType } from '../../components/InlineEdit'
import { formatLocalDateTime, rawTimeTitle, timestampOf } from '../../components/timestamps'

export interface AttributeEdits {
  /** false while the detail loads, for deleted people, or without a workspace */
  enabled: boolean
  setAttribute: (name: string, value: EditValue) => Promise<string | null>
  setIdentifier: (field: 'id' | 'email', value: string) => Promise<string | null>
  discard: (ids: number[]) => void
  /** shows a refusal that has no text box of its own to show it (Clear) */
  report: (message: string) => void
  /** this person's entries not pushed yet, for the per-field Discard */
  entries: OutboxEntryView[]
}

function entryIds(entries: OutboxEntryView[], field: string): number[] {
  return entries.filter((e) => e.field === field).map((e) => e.id)
}

/** The base value a pending field was edited against: its outbox entry's, else the last pull's. */
function baseOf(entries: OutboxEntryView[], field: string, base: PersonDetail['base']): unknown {
  const entry = entries.find((e) => e.field === field)
  return entry ? entry.old : base ? base[field] : undefined
}

/** A value as the panel shows it: times of time-like attributes as local dates, the raw value on hover. */
function AttributeValue({ attribute, value }: { attribute?: string; value: unknown }) {
  const time = attribute === undefined ? null : timestampOf(attribute, value)
  if (time === null) return <ShownValue value={value} />
  return (
    <time dateTime={new Date(time).toISOString()} title={rawTimeTitle(value)}>
      {formatLocalDateTime(time)}
    </time>
  )
}

function PendingMark({ cleared }: { cleared: boolean }) {
  return <DiffTag kind={cleared ? 'clear' : 'update'}>Pending</DiffTag>
}

/** One value with Edit (and optionally Clear), then a text box while editing. */
function EditableValue(props: {
  /** how buttons and the text box name it: "plan", "email" */
  name: string
  /** the attribute's own name, when the value is an attribute (times read as dates) */
  attribute?: string
  value: unknown
  was: unknown
  pending: boolean
  enabled: boolean
  /** the outbox entries Discard drops */
  discardIds: number[]
  onDiscard: (ids: number[]) => void
  onSave: (text: string) => Promise<string | null>
  onClear?: () => void
  mono?: boolean
}) {
  const { name, value, was, pending, onSave, onClear, discardIds: ids } = props
  const [editing, setEditing] = useState(false)
  if (editing) {
    return (
      <InlineEdit
        label={`New value of ${name}`}
        initial={editText(value)}
        onCommit={async (text) => {
          const error = await onSave(text)
          if (!error) setEditing(false)
          return error
        }}
        onCancel={() => setEditing(false)}
      />
    )
  }
  return (
    <span className="editable-value">
      <span className={`editable-text${props.mono ? ' cell-mono' : ''}`}>
        {pending ? (
          <>
            <PendingMark cleared={value === undefined || value === null} /> <DiffValue from={<AttributeValue attribute={props.attribute} value={was} />} to={<AttributeValue attribute={props.attribute} value={value} />} />
          </>
        ) : (
          <AttributeValue attribute={props.attribute} value={value} />
        )}
      </span>
      {props.enabled ? (
        <span className="row-buttons">
          <button type="button" className="small" aria-label={`Edit ${name}`} onClick={() => setEditing(true)}>
            Edit
          </button>
          {onClear && value !== undefined && value !== null ? (
            <button type="button" className="small" aria-label={`Clear ${name}`} onClick={onClear}>
              Clear
            </button>
          ) : null}
          {pending && ids.length ? (
            <button type="button" className="small danger-quiet" aria-label={`Discard edit of ${name}`} onClick={() => props.onDiscard(ids)}>
              Discard
            </button>
          ) : null}
        </span>
      ) : null}
    </span>
  )
}

export function IdentifierFacts({ detail, edits }: { detail: PersonDetail; edits: AttributeEdits }) {
  const { person, base } = detail
  const fact = (field: 'id' | 'email', label: string) => {
    return (
      <>
        <dt>{label}</dt>
        <dd>
          <EditableValue
            name={field === 'id' ? 'the ID' : 'the email address'}
            value={person[field] ?? undefined}
            was={baseOf(edits.entries, field, base)}
            pending={person.pending.includes(field)}
            enabled={edits.enabled}
            discardIds={entryIds(edits.entries, field)}
            onDiscard={edits.discard}
            mono={field === 'id'}
            onSave={async (text) => {
              const value = text.trim()
              if (value === (person[field] ?? '')) return null
              if (value === '') return `${label} cannot be empty.`
              return edits.setIdentifier(field, value)
            }}
          />
        </dd>
      </>
    )
  }
  return (
    <>
      {fact('id', 'ID')}
      {fact('email', 'Email')}
    </>
  )
}

export function AttributesTable({ detail, edits }: { detail: PersonDetail; edits: AttributeEdits }) {
  const { person, base } = detail
  const names = Object.keys(person.attributes).sort((a, b) => a.localeCompare(b))
  // Pending edits that cleared an attribute are no longer in `attributes`: show them too.
  for (const p of person.pending) if (!names.includes(p) && base && p in base) names.push(p)
  return (
    <>
      {names.length === 0 ? (
        <p className="muted">No attributes in the mirror.</p>
      ) : (
        <table className="kv-table attr-table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Value</th>
            </tr>
          </thead>
          <tbody>
            {names.map((name) => {
              const pending = person.pending.includes(name)
              const now = person.attributes[name]
              return (
                <tr key={name} className={pending ? 'is-pending' : undefined}>
                  <th scope="row">{name}</th>
                  <td>
                    <EditableValue
                      name={name}
                      attribute={name}
                      value={now}
                      was={baseOf(edits.entries, name, base)}
                      pending={pending}
                      enabled={edits.enabled}
                      discardIds={entryIds(edits.entries, name)}
                      onDiscard={edits.discard}
                      onSave={async (text) => (text === editText(now) ? null : edits.setAttribute(name, parseEdit(text, typeOf(now))))}
                      onClear={() => void edits.setAttribute(name, null).then((error) => error && edits.report(error))}
                    />
                  </td>
                </tr>
              )
            })}
          </tbody>
        </table>
      )}
      {edits.enabled ? <AddAttributeForm onAdd={edits.setAttribute} /> : null}
    </>
  )
}

function AddAttributeForm({ onAdd }: { onAdd: AttributeEdits['setAttribute'] }) {
  const uid = useId()
  const [name, setName] = useState('')
  const [value, setValue] = useState('')
  const [type, setType] = useState<ValueType>('text')
  const [problem, setProblem] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  async function onSubmit(e: FormEvent) {
    e.preventDefault()
    const n = name.trim()
    if (!n) return setProblem('Give the attribute a name.')
    if (value === '') return setProblem('Give it a value (use Clear on an existing attribute to remove it).')
    setBusy(true)
    const error = await onAdd(n, parseEdit(value, type))
    setBusy(false)
    setProblem(error)
    if (!error) {
      setName('')
      setValue('')
    }
  }

  return (
    <form className="add-attribute" onSubmit={(e) => void onSubmit(e)} aria-label="Add an attribute">
      <label htmlFor={`${uid}-name`} className="sr-only">
        Attribute name
      </label>
      <input id={`${uid}-name`} placeholder="name" value={name} onChange={(e) => setName(e.target.value)} autoComplete="off" spellCheck={false} />
      <label htmlFor={`${uid}-value`} className="sr-only">
        Attribute value
      </label>
      <input id={`${uid}-value`} placeholder="value" value={value} onChange={(e) => setValue(e.target.value)} autoComplete="off" />
      <label htmlFor={`${uid}-type`} className="sr-only">
        Value type
      </label>
      <select id={`${uid}-type`} value={type} onChange={(e) => setType(e.target.value as ValueType)}>
        <option value="text">Text</option>
        <option value="number">Number</option>
        <option value="boolean">True / false</option>
      </select>
      <button type="submit" disabled={busy}>
        Add attribute
      </button>
      {problem ? (
        <p role="alert" className="field-error">
          {problem}
        </p>
      ) : null}
    </form>
  )
}
