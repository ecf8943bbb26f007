// The person panel beside the People grid: everything the mirror knows about one person.
// A non-modal dialog named by the person's email (or id); Escape closes it.
import { useEffect, useId, useState, type KeyboardEvent } from 'react'
import { call, type IpcError, type PersonDetail, type PersonRow } from '../../api'
import { DiffTag } from '../../components/DiffTag'
import { ErrorAlert } from '../../components/ErrorAlert'
import { formatAgo, formatWhen } from '../../components/format'
import { useJobs } from '../../state/jobs'
import { ActivityList, AttributesTable, DevicesTable, MessagesTable, Section, SegmentsList } from './PersonSections'

interface PersonPanelProps {
  workspaceId: string
  /** the row as the grid has it: shown at once while the detail loads */
  row: PersonRow
  onClose: () => void
}

export function personName(p: Pick<PersonRow, 'email' | 'id' | 'cioId' | 'pk'>): string {
  return p.email ?? p.id ?? (p.cioId ? `cio_${p.cioId}` : `Person ${p.pk}`)
}

export function PersonPanel({ workspaceId, row, onClose }: PersonPanelProps) {
  const titleId = useId()
  const { mirrorVersion } = useJobs()
  const [detail, setDetail] = useState<PersonDetail | null>(null)
  const [error, setError] = useState<IpcError | null>(null)
  const [attempt, setAttempt] = useState(0)
  const pk = row.pk

  useEffect(() => {
    let alive = true
    setError(null)
    void call((cio) => cio.people.get({ workspaceId, pk })).then((r) => {
      if (!alive) return
      if (r.ok) setDetail(r.value)
      else setError(r.error)
    })
    return () => {
      alive = false
    }
  }, [workspaceId, pk, mirrorVersion, attempt])

  const shown = detail && detail.person.pk === pk ? detail : null
  const person = shown?.person ?? row

  function onKeyDown(e: KeyboardEvent) {
    if (e.key === 'Escape' && !e.defaultPrevented) {
      e.preventDefault()
      onClose()
    }
  }

  return (
    <aside role="dialog" aria-modal="false" aria-labelledby={titleId} className="person-panel" onKeyDown={onKeyDown}>
      <header className="person-head">
        <div className="person-title">
          <h2 id={titleId}>{personName(person)}</h2>
          <div className="person-marks">
            {person.deletedAt != null ? <DiffTag kind="clear">Deleted in Customer.io {formatAgo(person.deletedAt)}</DiffTag> : null}
            {person.pending.length ? <DiffTag kind="update">{person.pending.length} pending edit{person.pending.length === 1 ? '' : 's'}</DiffTag> : null}
          </div>
        </div>
        <button type="button" className="icon-button" aria-label="Close person panel" title="Close (Esc)" onClick={onClose}>
          ×
        </button>
      </header>

      <div className="person-body">
        {error ? <ErrorAlert title="Could not read this person" error={error} onRetry={() => setAttempt((a) => a + 1)} /> : null}

        <Section title="Identifiers">
          <dl className="facts">
            <dt>ID</dt>
            <dd className="cell-mono">{person.id ?? '—'}</dd>
            <dt>Email</dt>
            <dd>{person.email ?? '—'}</dd>
            <dt>cio_id</dt>
            <dd className="cell-mono">{person.cioId ?? <span className="muted">not pushed yet</span>}</dd>
            <dt>Last synced</dt>
            <dd>{shown ? (shown.syncedAt != null ? `${formatWhen(shown.syncedAt)} (${formatAgo(shown.syncedAt)})` : 'Never') : '…'}</dd>
            <dt>Updated</dt>
            <dd>{formatWhen(person.updatedAt)}</dd>
          </dl>
        </Section>

        <Section title="Attributes" count={Object.keys(person.attributes).length}>
          {shown ? <AttributesTable detail={shown} /> : <AttributesTable detail={{ person: row, base: null, segments: [], devices: [], messages: [], activity: [], syncedAt: null }} />}
        </Section>

        {shown ? (
          <>
            <Section title="Segments" count={shown.segments.length}>
              <SegmentsList segments={shown.segments} />
            </Section>
            <Section title="Devices" count={shown.devices.length}>
              <DevicesTable devices={shown.devices} />
            </Section>
            <Section title="Messages" count={shown.messages.length}>
              <MessagesTable messages={shown.messages} />
            </Section>
            <Section title="Activity from cio-sync" count={shown.activity.length}>
              <ActivityList activity={shown.activity} />
            </Section>
          </>
        ) : !error ? (
          <p className="muted" aria-live="polite">
            Loading segments, devices and messages…
          </p>
        ) : null}
      </div>
    </aside>
  )
}
