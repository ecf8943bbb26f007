// The review step before every broadcast trigger: which broadcast, who receives it (with the
// mirror's count), the trigger data, and Customer.io's one-trigger-per-10-seconds limit. The
// confirm button says how many people it goes to ("Send to 1,234 people"). A production workspace
// still asks for its typed name after this (the trigger form's ConfirmPushDialog).
import type { CampaignView, WorkspaceView } from '../../api'
import { Dialog } from '../../components/Dialog'
import { people, type AudienceSize } from './audienceSize'

interface BroadcastReviewProps {
  workspace: WorkspaceView
  broadcast: CampaignView
  audienceLabel: string
  size: AudienceSize
  data: Record<string, unknown>
  /** seconds until Customer.io takes the next trigger of this workspace */
  waitSeconds: number
  onConfirm: () => void
  onCancel: () => void
}

export function confirmLabel(size: AudienceSize): string {
  return size.count == null ? 'Send to the audience defined in Customer.io' : `Send to ${people(size.count)}`
}

export function BroadcastReview({ workspace, broadcast, audienceLabel, size, data, waitSeconds, onConfirm, onCancel }: BroadcastReviewProps) {
  const keys = Object.keys(data)
  return (
    <Dialog
      title="Review the broadcast trigger"
      tone={workspace.production ? 'danger' : 'default'}
      onClose={onCancel}
      description={<>“{broadcast.name}” is sent as soon as Customer.io processes the trigger. A trigger cannot be undone.</>}
    >
      <dl className="review-facts">
        <dt>Workspace</dt>
        <dd>
          {workspace.name}
          {workspace.production ? <span className="badge badge-production"> PRODUCTION</span> : null}
        </dd>
        <dt>Broadcast</dt>
        <dd>
          {broadcast.name} <span className="muted">(broadcast {broadcast.id})</span>
        </dd>
        <dt>Audience</dt>
        <dd>
          {audienceLabel}: {size.count != null ? <strong className="audience-count">about {people(size.count)}</strong> : null}
          {size.count != null ? ` (${size.basis})` : size.basis}
        </dd>
        <dt>Data</dt>
        <dd>
          {keys.length ? (
            <pre className="json-preview" tabIndex={0} aria-label="Trigger data">
              {JSON.stringify(data, null, 2)}
            </pre>
          ) : (
            <span className="muted">none ({'{{trigger.…}}'} values are empty)</span>
          )}
        </dd>
        <dt>Rate limit</dt>
        <dd>
          Customer.io takes one broadcast trigger per 10 seconds per workspace.{' '}
          <span role="status">{waitSeconds > 0 ? `The next one is allowed in ${waitSeconds} s.` : 'This one can go now.'}</span>
        </dd>
      </dl>
      <div className="form-actions">
        <button type="button" onClick={onCancel}>
          Back to the form
        </button>
        <button type="button" className={workspace.production ? 'danger' : 'primary'} disabled={waitSeconds > 0} onClick={onConfirm}>
          {confirmLabel(size)}
        </button>
      </div>
    </Dialog>
  )
}
