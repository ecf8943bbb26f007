// The person panel beside the People grid: everything the mirror knows about one person, and the
// offline edits of it (attributes, identifiers, manual segments, delete / suppress), each shown as
// pending until pushed and discardable on its own. A non-modal dialog named by the person's email
// (or id); Escape closes it (Escape inside a text box only cancels that edit).
import { useEffect, useId, useState, type KeyboardEvent } from 'react'
import type { EditValue, IpcError, PersonRow } from '../../api'
import { DiffTag } from '../../components/DiffTag'
import { ErrorAlert } from '../../components/ErrorAlert'
import { formatAgo, formatWhen } from '../../components/format'
import { useChanges } from '../../state/changes'
import { useWorkspaces } from '../../state/workspaces'
import { AttributesTable, IdentifierFacts, type AttributeEdits } from './PersonAttributes'
import { PendingChanges, PersonActions } from './PersonEdits'
import { ActivityList, Section } from './PersonSections'
import { PersonDevices } from './PersonDevices'
import { PersonMessages } from './PersonMessages'
import { PersonSegments } from './PersonSegments'
import { usePersonDetail } from './usePersonDetail'

interface PersonPanelProps {
  workspaceId: string
  /** the row as the grid has it: shown at once while the detail loads */
  row: PersonRow
  onClose: () => void
}

export function personName(p: Pick<PersonRow, 'email' | 'id' | 'cioId' | 'pk'>): string {
  return p.email ?? p.id ?? (p.cioId ? `cio_${p.cioId}` : `Person ${p.pk}`)
}

const MONTH_MS = 30 * 86_400_000

/** A date, with "(3 hours ago)" while that says more than the date does. */
function When({ at }: { at: number }) {
  return (
    <time dateTime={new Date(at).toISOString()}>
      {formatWhen(at)}
      {Math.abs(Date.now() - at) < MONTH_MS ? ` (${formatAgo(at)})` : ''}
    </time>
  )
}

export function PersonPanel({ workspaceId, row, onClose }: PersonPanelProps) {
  const titleId = useId()
  const pk = row.pk
  const { detail: shown, entries, segments, segmentNames, error, retry } = usePersonDetail(workspaceId, pk)
  const { edit, discard } = useChanges()
  const { workspaces } = useWorkspaces()
  const workspace = workspaces.find((w) => w.id === workspaceId) ?? null
  const [editError, setEditError] = useState<IpcError | null>(null)
  const [refused, setRefused] = useState<string | null>(null)
  const person = shown?.person ?? row

  // Another person: messages about the previous one's edits go.
  useEffect(() => {
    setEditError(null)
    setRefused(null)
  }, [pk])
  // The title stays the name the panel opened with, so a pending email change does not rename it.
  const title = personName(row)

  // Each editing control shows its own refusal next to itself; a failed discard shows here.
  async function record(input: Parameters<typeof edit>[0]): Promise<string | null> {
    return (await edit(input))?.message ?? null
  }

  const edits: AttributeEdits = {
    enabled: shown != null && person.deletedAt == null,
    entries,
    setAttribute: (name: string, value: EditValue) => record({ kind: 'attributes', pk, set: { [name]: value } }),
    setIdentifier: (field, value) => record({ kind: 'identifier', pk, field, value }),
    discard: (ids) => void discard(ids).then(setEditError),
    report: setRefused,
  }

  function onKeyDown(e: KeyboardEvent) {
    if (e.key === 'Escape' && !e.defaultPrevented) {
      e.preventDefault()
      onClose()
    }
  }

  const fallback = { person: row, base: null, segments: [], devices: [], messages: [], activity: [], syncedAt: null }
  return (
    <aside role="dialog" aria-modal="false" aria-labelledby={titleId} className="person-panel" onKeyDown={onKeyDown}>
      <header className="person-head">
        <div className="person-title">
          <h2 id={titleId}>{title}</h2>
          <div className="person-marks">
            {person.deletedAt != null ? <DiffTag kind="clear">Deleted in Customer.io {formatAgo(person.deletedAt)}</DiffTag> : null}
            {person.pending.length ? <DiffTag kind="update">{person.pending.length} pending edit{person.pending.length === 1 ? '' : 's'}</DiffTag> : null}
            {entries.some((e) => e.state === 'conflict') ? (
              <a href="#/conflicts">
                <DiffTag kind="conflict">Conflict to resolve</DiffTag>
              </a>
            ) : null}
          </div>
        </div>
        <button type="button" className="icon-button" aria-label="Close person panel" title="Close (Esc)" onClick={onClose}>
          ×
        </button>
      </header>

      <div className="person-body">
        {error ? <ErrorAlert title="Could not read this person" error={error} onRetry={retry} /> : null}
        {editError ? <ErrorAlert title="Could not discard the edit" error={editError} onDismiss={() => setEditError(null)} /> : null}
        {refused ? (
          <p role="alert" className="field-error">
            Could not record the edit: {refused}{' '}
            <button type="button" className="icon-button" aria-label="Dismiss" onClick={() => setRefused(null)}>
              ×
            </button>
          </p>
        ) : null}

        {shown && (entries.length > 0 || person.pending.length > 0) ? (
          <Section title="Pending changes" count={entries.length}>
            <PendingChanges entries={entries} segmentNames={segmentNames} onDiscard={edits.discard} />
          </Section>
        ) : null}

        <Section title="Identifiers">
          <dl className="facts">
            <IdentifierFacts detail={shown ?? fallback} edits={edits} />
            <dt>cio_id</dt>
            <dd className="cell-mono">{person.cioId ?? <span className="muted">not pushed yet</span>}</dd>
            {/* Customer.io's own update time, then when this copy was taken */}
            <dt>Updated</dt>
            <dd>{person.remoteUpdatedAt != null ? <When at={person.remoteUpdatedAt} /> : 'Not known yet'}</dd>
            <dt>Pulled</dt>
            <dd>{person.pulledAt != null ? <When at={person.pulledAt} /> : 'Never'}</dd>
          </dl>
        </Section>

        <Section title="Attributes" count={Object.keys(person.attributes).length}>
          <AttributesTable detail={shown ?? fallback} edits={edits} />
        </Section>

        {shown ? (
          <>
            <Section title="Segments" count={shown.segments.length}>
              <PersonSegments
                segments={shown.segments}
                all={segments}
                entries={entries}
                enabled={edits.enabled}
                onChange={(segmentId, action) => record({ kind: 'segment', pk, segmentId, action })}
              />
            </Section>
            <PersonDevices workspaceId={workspaceId} pk={pk} who={title} enabled={edits.enabled} />
            {workspace ? <PersonMessages workspace={workspace} person={person} who={title} canSend={person.deletedAt == null} /> : null}
            <Section title="Activity from cio-sync" count={shown.activity.length}>
              <ActivityList activity={shown.activity} />
            </Section>
            <Section title="Delete or suppress">
              <PersonActions who={title} disabled={!edits.enabled} onAction={(action) => record({ kind: 'person', pk, action })} />
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
