// Saved views: a named search (text, filters) with its columns. Pick one to apply it, save the
// current one under a name, delete the picked one.
import { useCallback, useEffect, useId, useState, type FormEvent } from 'react'
import { call, type IpcError, type PeopleFilter, type SavedView } from '../../api'
import { Dialog } from '../../components/Dialog'
import { ErrorAlert } from '../../components/ErrorAlert'

interface SavedViewsProps {
  workspaceId: string
  current: { text: string; filters: PeopleFilter[]; columns: string[] }
  onApply: (view: SavedView) => void
}

export function SavedViews({ workspaceId, current, onApply }: SavedViewsProps) {
  const uid = useId()
  const [views, setViews] = useState<SavedView[]>([])
  const [picked, setPicked] = useState('')
  const [saving, setSaving] = useState(false)
  const [name, setName] = useState('')
  const [error, setError] = useState<{ title: string; error: IpcError } | null>(null)

  const load = useCallback(async () => {
    const r = await call((cio) => cio.people.views({ workspaceId }))
    if (r.ok) setViews(r.value.views)
    else setError({ title: 'Could not load saved views', error: r.error })
  }, [workspaceId])

  useEffect(() => {
    setPicked('')
    void load()
  }, [load])

  function pick(id: string) {
    setPicked(id)
    const view = views.find((v) => v.id === id)
    if (view) onApply(view)
  }

  async function save(e: FormEvent) {
    e.preventDefault()
    const trimmed = name.trim()
    if (!trimmed) return
    const existing = views.find((v) => v.name === trimmed)
    const r = await call((cio) =>
      cio.people.saveview({ workspaceId, id: existing?.id, name: trimmed, query: { text: current.text, filters: current.filters }, columns: current.columns }),
    )
    if (!r.ok) {
      setError({ title: 'Could not save the view', error: r.error })
      return
    }
    setSaving(false)
    setName('')
    await load()
    setPicked(r.value.id)
  }

  async function remove() {
    const view = views.find((v) => v.id === picked)
    if (!view) return
    const r = await call((cio) => cio.people.removeview({ workspaceId, id: view.id }))
    if (!r.ok) setError({ title: `Could not delete “${view.name}”`, error: r.error })
    setPicked('')
    await load()
  }

  return (
    <div className="toolbar saved-views">
      <label htmlFor={`${uid}-pick`} className="sr-only">
        Saved view
      </label>
      <select id={`${uid}-pick`} value={picked} onChange={(e) => pick(e.target.value)} title="Apply a saved view">
        <option value="">{views.length ? 'Saved views…' : 'No saved views'}</option>
        {views.map((v) => (
          <option key={v.id} value={v.id}>
            {v.name}
          </option>
        ))}
      </select>
      <button type="button" onClick={() => setSaving(true)}>
        Save view…
      </button>
      {picked ? (
        <button type="button" className="danger-quiet" onClick={() => void remove()}>
          Delete view
        </button>
      ) : null}

      {error ? (
        <div className="toolbar-alert">
          <ErrorAlert title={error.title} error={error.error} onDismiss={() => setError(null)} />
        </div>
      ) : null}

      {saving ? (
        <Dialog title="Save view" onClose={() => setSaving(false)} description="Saves the search text, the filters and the columns shown. A view with the same name is replaced.">
          <form className="ws-form" onSubmit={(e) => void save(e)}>
            <div className="field">
              <label htmlFor={`${uid}-name`}>Name</label>
              <input id={`${uid}-name`} value={name} maxLength={80} onChange={(e) => setName(e.target.value)} data-autofocus />
            </div>
            <div className="form-actions">
              <button type="button" onClick={() => setSaving(false)}>
                Cancel
              </button>
              <button type="submit" className="primary" disabled={!name.trim()}>
                Save
              </button>
            </div>
          </form>
        </Dialog>
      ) : null}
    </div>
  )
}
