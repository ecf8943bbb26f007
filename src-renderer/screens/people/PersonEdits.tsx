// The person panel's own changes: every pending edit of this person, each with its Discard, and
// the whole-person actions (suppress, delete) behind a confirmation.
import { useState } from 'react'
import type { OutboxEntryView } from '../../api'
import { ChangeView, EntryState, fieldName } from '../../components/ChangeView'
import { Dialog } from '../../components/Dialog'

export function PendingChanges({
  entries,
  segmentNames,
  onDiscard,
}: {
  entries: OutboxEntryView[]
  segmentNames: ReadonlyMap<number, string>
  onDiscard: (ids: number[]) => void
}) {
  if (entries.length === 0) return <p className="muted">No local edits. Edit a value below; it waits here until you push it from Changes.</p>
  const discardable = entries.filter((e) => e.state !== 'sending' && e.state !== 'sent')
  return (
    <>
      <ul className="pending-list" aria-label="Pending changes of this person">
        {entries.map((e) => {
          const name = fieldName(e.field, segmentNames)
          return (
            <li key={e.id}>
              <span className="pending-field">{name}</span> <ChangeView entry={e} segmentNames={segmentNames} /> <EntryState entry={e} />
              {e.lastError ? <span className="muted pending-error"> {e.lastError}</span> : null}
              {e.state !== 'sending' && e.state !== 'sent' ? (
                <button type="button" className="small danger-quiet" aria-label={`Discard change to ${name}`} onClick={() => onDiscard([e.id])}>
                  Discard
                </button>
              ) : null}
            </li>
          )
        })}
      </ul>
      <p className="pending-foot">
        <a href="#/changes">Review and push in Changes</a>
        {discardable.length > 1 ? (
          <button type="button" className="small danger-quiet" onClick={() => onDiscard(discardable.map((e) => e.id))}>
            Discard all {discardable.length}
          </button>
        ) : null}
      </p>
    </>
  )
}

type PersonAction = 'delete' | 'suppress' | 'unsuppress'

const ACTION_TEXT: Record<PersonAction, { button: string; title: string; body: string; confirm: string }> = {
  delete: {
    button: 'Delete person…',
    title: 'Delete this person?',
    body: 'They are removed from Customer.io with their attributes, devices and segment memberships when you push. Their message history stays in Customer.io.',
    confirm: 'Delete person',
  },
  suppress: {
    button: 'Suppress person…',
    title: 'Suppress this person?',
    body: 'They are deleted and their identifiers blocked, so imports and integrations cannot add them again, when you push.',
    confirm: 'Suppress person',
  },
  unsuppress: {
    button: 'Unsuppress person…',
    title: 'Unsuppress this person?',
    body: 'Their identifiers are unblocked when you push, so they can be added again.',
    confirm: 'Unsuppress person',
  },
}

export function PersonActions({ who, disabled, onAction }: { who: string; disabled: boolean; onAction: (a: PersonAction) => Promise<string | null> }) {
  const [asking, setAsking] = useState<PersonAction | null>(null)
  const [problem, setProblem] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  async function confirm(a: PersonAction) {
    setBusy(true)
    const error = await onAction(a)
    setBusy(false)
    if (error) setProblem(error)
    else setAsking(null)
  }

  const text = asking ? ACTION_TEXT[asking] : null
  return (
    <div className="person-actions">
      {(['suppress', 'delete'] as const).map((a) => (
        <button key={a} type="button" className="small danger-quiet" disabled={disabled} onClick={() => setAsking(a)}>
          {ACTION_TEXT[a].button}
        </button>
      ))}
      {asking && text ? (
        <Dialog title={text.title} tone="danger" onClose={() => setAsking(null)} description={<>“{who}”: nothing is sent until you push from Changes.</>}>
          <p>{text.body}</p>
          {problem ? (
            <p role="alert" className="field-error">
              {problem}
            </p>
          ) : null}
          <div className="form-actions">
            <button type="button" onClick={() => setAsking(null)} data-autofocus>
              Cancel
            </button>
            <button type="button" className="danger" disabled={busy} onClick={() => void confirm(asking)}>
              {text.confirm}
            </button>
          </div>
        </Dialog>
      ) : null}
    </div>
  )
}
