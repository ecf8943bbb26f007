// A dialog with one labelled field per column of the collection, for a new row. Empty fields are
// left out of the row; numbers and true/false are kept as such, as the cell editor does.
import { useState, type FormEvent } from 'react'
import { Dialog } from '../../components/Dialog'
import { parseEdit } from '../../components/InlineEdit'

interface Props {
  collectionName: string
  columns: string[]
  onAdd: (row: Record<string, unknown>) => Promise<string | null>
  onCancel: () => void
}

function guessValue(text: string): unknown {
  const t = text.trim()
  if (t !== '' && Number.isFinite(Number(t))) return parseEdit(t, 'number')
  if (t === 'true' || t === 'false') return parseEdit(t, 'boolean')
  return text
}

export function AddCollectionRow({ collectionName, columns, onAdd, onCancel }: Props) {
  const [values, setValues] = useState<Record<string, string>>({})
  const [busy, setBusy] = useState(false)
  const [problem, setProblem] = useState<string | null>(null)

  async function submit(e: FormEvent) {
    e.preventDefault()
    const row: Record<string, unknown> = {}
    for (const [name, text] of Object.entries(values)) if (text !== '') row[name] = guessValue(text)
    if (Object.keys(row).length === 0) {
      setProblem('Fill at least one field.')
      return
    }
    setBusy(true)
    setProblem(await onAdd(row))
    setBusy(false)
  }

  return (
    <Dialog title={`Add a row to ${collectionName}`} description="The row is kept locally and sent with the next push." onClose={onCancel}>
      <form className="collection-row-form" onSubmit={(e) => void submit(e)}>
        {columns.map((name) => (
          <div className="field" key={name}>
            <label htmlFor={`new-row-${name}`}>{name}</label>
            <input id={`new-row-${name}`} value={values[name] ?? ''} onChange={(e) => setValues({ ...values, [name]: e.target.value })} />
          </div>
        ))}
        {problem ? (
          <p className="field-error" role="alert">
            {problem}
          </p>
        ) : null}
        <div className="form-actions">
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={busy}>
            {busy ? 'Adding…' : 'Add row'}
          </button>
        </div>
      </form>
    </Dialog>
  )
}
