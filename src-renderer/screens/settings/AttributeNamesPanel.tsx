// Settings → "Attributes to always pull" for the active workspace (issue 13). A people export has
// only the columns it asks for, and the pull asks for the attribute names it has seen (on sampled
// people, in the activity feed, in segments). An attribute no sampled person has would be left
// out; naming it here makes every export ask for it. Each add or remove is saved at once.
import { useEffect, useId, useState, type FormEvent } from 'react'
import { call, type IpcError, type WorkspaceView } from '../../api'
import { ErrorAlert } from '../../components/ErrorAlert'

// The contract's limits (ATTRIBUTE_NAME_MAX_BYTES, EXTRA_ATTRIBUTE_NAMES_MAX), repeated because the
// renderer may import only the contract's types; checked here first for a message before the call.
const MAX_BYTES = 150
const MAX_NAMES = 200

/** Why `name` cannot be added to `names`, or null when it can. */
function problemWith(name: string, names: string[]): string | null {
  if (name === '') return 'Type an attribute name first.'
  if (new TextEncoder().encode(name).length > MAX_BYTES) return `An attribute name is at most ${MAX_BYTES} bytes; Customer.io refuses longer ones.`
  if (names.includes(name)) return `“${name}” is already in the list.`
  if (names.length >= MAX_NAMES) return `At most ${MAX_NAMES} attribute names; remove one first.`
  return null
}

export function AttributeNamesPanel({ workspace }: { workspace: WorkspaceView }) {
  const uid = useId()
  const [names, setNames] = useState<string[] | null>(null)
  const [draft, setDraft] = useState('')
  const [problem, setProblem] = useState<string | null>(null)
  const [error, setError] = useState<IpcError | null>(null)
  const [saved, setSaved] = useState<string | null>(null)
  const [saving, setSaving] = useState(false)

  useEffect(() => {
    setNames(null)
    void call((cio) => cio.preferences.get({ workspaceId: workspace.id })).then((r) => (r.ok ? setNames(r.value.extraAttributeNames) : setError(r.error)))
  }, [workspace.id])

  async function save(next: string[], done: string): Promise<boolean> {
    setSaving(true)
    setSaved(null)
    setProblem(null)
    const r = await call((cio) => cio.preferences.set({ workspaceId: workspace.id, extraAttributeNames: next }))
    setSaving(false)
    if (!r.ok) {
      setError(r.error)
      return false
    }
    setError(null)
    setNames(r.value.extraAttributeNames)
    setSaved(done)
    return true
  }

  async function add(e: FormEvent) {
    e.preventDefault()
    if (!names) return
    const name = draft.trim()
    const bad = problemWith(name, names)
    setProblem(bad)
    if (bad) return
    if (await save([...names, name], `Added “${name}”.`)) setDraft('')
  }

  return (
    <section className="panel preferences" aria-labelledby={`${uid}-title`}>
      <h2 id={`${uid}-title`} className="panel-title">
        Attributes to always pull
      </h2>
      <p className="field-hint">
        A full pull of “{workspace.name}” reads people through an export, and an export has only the columns it asks for: the attribute names cio-sync
        has already seen. List an attribute here and an export asks Customer.io for these columns even if no sampled person has them. A deep pull (on the
        Sync screen) reads every attribute of everyone regardless.
      </p>
      {error ? <ErrorAlert title="Could not save the attribute names" error={error} onDismiss={() => setError(null)} /> : null}
      {names === null ? (
        !error ? <p className="muted">Loading…</p> : null
      ) : names.length === 0 ? (
        <p className="muted">None yet: exports ask for the attributes seen so far.</p>
      ) : (
        <ul className="attribute-names" aria-label="Attributes to always pull">
          {names.map((n) => (
            <li key={n}>
              <code>{n}</code>
              <button type="button" aria-label={`Remove ${n}`} disabled={saving} onClick={() => void save(names.filter((x) => x !== n), `Removed “${n}”.`)}>
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
      <form className="attribute-add" aria-label="Add an attribute to always pull" onSubmit={(e) => void add(e)}>
        <div className="field">
          <label htmlFor={`${uid}-name`}>Attribute name</label>
          <input id={`${uid}-name`} value={draft} spellCheck={false} autoComplete="off" onChange={(e) => setDraft(e.target.value)} />
        </div>
        <button type="submit" disabled={saving || names === null}>
          Add
        </button>
      </form>
      {problem ? (
        <p className="field-error" role="alert">
          {problem}
        </p>
      ) : null}
      {saved ? <p role="status">{saved} Exports ask for the list from the next pull.</p> : null}
    </section>
  )
}
