// Confirms removing a workspace. A production workspace needs its name typed out.
import { useId, useState, type FormEvent } from 'react'
import { call, type IpcError, type WorkspaceView } from '../../api'
import { Dialog } from '../../components/Dialog'
import { ErrorAlert } from '../../components/ErrorAlert'

interface RemoveDialogProps {
  workspace: WorkspaceView
  onDone: () => void
  onCancel: () => void
}

export function RemoveDialog({ workspace, onDone, onCancel }: RemoveDialogProps) {
  const uid = useId()
  const [typed, setTyped] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<IpcError | null>(null)
  const needsName = workspace.production
  const confirmed = !needsName || typed.trim() === workspace.name

  async function onSubmit(e: FormEvent) {
    e.preventDefault()
    if (!confirmed || busy) return
    setBusy(true)
    setError(null)
    const r = await call((cio) => cio.workspaces.remove({ id: workspace.id }))
    setBusy(false)
    if (r.ok) onDone()
    else setError(r.error)
  }

  return (
    <Dialog
      title={`Remove “${workspace.name}”?`}
      tone={workspace.production ? 'danger' : 'default'}
      onClose={onCancel}
      description={
        <>
          cio-sync forgets this workspace, deletes its keys from the system keychain and its local mirror.
          Nothing is deleted in Customer.io. You can add it again later with its keys.
        </>
      }
    >
      <form onSubmit={(e) => void onSubmit(e)} className="ws-form">
        {error ? <ErrorAlert title="Could not remove the workspace" error={error} onDismiss={() => setError(null)} /> : null}
        {workspace.active ? (
          <p className="form-note">This is the active workspace; after removing it, choose another one.</p>
        ) : null}
        {needsName ? (
          <div className="field">
            <p className="prod-warning">
              <span className="badge badge-production">PRODUCTION</span> This is a production workspace.
            </p>
            <label htmlFor={`${uid}-confirm`}>
              Type <strong className="confirm-name">{workspace.name}</strong> to confirm
            </label>
            <input
              id={`${uid}-confirm`}
              value={typed}
              onChange={(e) => setTyped(e.target.value)}
              autoComplete="off"
              spellCheck={false}
              data-autofocus
            />
          </div>
        ) : null}
        <div className="form-actions">
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
          <button type="submit" className="danger" disabled={!confirmed || busy}>
            {busy ? 'Removing…' : 'Remove'}
          </button>
        </div>
      </form>
    </Dialog>
  )
}
