// Sending to a production workspace: the user types the workspace's name to confirm. Shared by the
// import push and the Changes screen's push.
import { useId, useState, type FormEvent, type ReactNode } from 'react'
import { Dialog } from '../../components/Dialog'
import { formatCount } from '../../components/format'

interface ConfirmPushDialogProps {
  workspaceName: string
  /** rows that will be sent */
  rows: number
  /** what is counted: default row / rows */
  noun?: readonly [string, string]
  /** what happens, under the title (default: the import's wording) */
  description?: ReactNode
  onConfirm: (typedName: string) => void
  onCancel: () => void
}

export function ConfirmPushDialog({ workspaceName, rows, noun = ['row', 'rows'], description, onConfirm, onCancel }: ConfirmPushDialogProps) {
  const uid = useId()
  const [typed, setTyped] = useState('')
  const confirmed = typed.trim() === workspaceName

  function onSubmit(e: FormEvent) {
    e.preventDefault()
    if (confirmed) onConfirm(typed.trim())
  }

  return (
    <Dialog
      title={`Send ${formatCount(rows)} ${rows === 1 ? noun[0] : noun[1]} to production?`}
      tone="danger"
      onClose={onCancel}
      description={description ?? <>These changes go to real customers in “{workspaceName}”. You can pause or cancel the push, and undo it afterwards.</>}
    >
      <form onSubmit={onSubmit} className="ws-form">
        <div className="field">
          <p className="prod-warning">
            <span className="badge badge-production">PRODUCTION</span> This is a production workspace.
          </p>
          <label htmlFor={`${uid}-confirm`}>
            Type <strong className="confirm-name">{workspaceName}</strong> to confirm
          </label>
          <input id={`${uid}-confirm`} value={typed} onChange={(e) => setTyped(e.target.value)} autoComplete="off" spellCheck={false} data-autofocus />
        </div>
        <div className="form-actions">
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
          <button type="submit" className="danger" disabled={!confirmed}>
            Send to production
          </button>
        </div>
      </form>
    </Dialog>
  )
}
