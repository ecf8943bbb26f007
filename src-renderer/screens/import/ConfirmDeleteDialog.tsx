// A push that deletes people (an undo removing the people its import created) is never one click:
// this dialog names how many are deleted and where, and only its own danger button goes on. The
// engine refuses the push unless that number comes with it (imports.push `deletions`).
import { Dialog } from '../../components/Dialog'
import { formatCount } from '../../components/format'

interface ConfirmDeleteDialogProps {
  workspaceName: string
  /** people the push deletes */
  deletions: number
  /** everything else the push sends, for the description */
  otherChanges: number
  onConfirm: () => void
  onCancel: () => void
}

export function ConfirmDeleteDialog({ workspaceName, deletions, otherChanges, onConfirm, onCancel }: ConfirmDeleteDialogProps) {
  const people = `${formatCount(deletions)} ${deletions === 1 ? 'person' : 'people'}`
  return (
    <Dialog
      title={`Delete ${people} from Customer.io?`}
      tone="danger"
      onClose={onCancel}
      description={
        <>
          This push deletes {people} in “{workspaceName}”: the people the import created, with their attributes, activity and segment memberships.
          Customer.io cannot bring them back.{otherChanges > 0 ? ` It also sends ${formatCount(otherChanges)} other ${otherChanges === 1 ? 'change' : 'changes'}.` : ''}
        </>
      }
    >
      <div className="form-actions">
        <button type="button" onClick={onCancel} data-autofocus>
          Cancel
        </button>
        <button type="button" className="danger" onClick={onConfirm}>
          Delete {people} and push
        </button>
      </div>
    </Dialog>
  )
}
