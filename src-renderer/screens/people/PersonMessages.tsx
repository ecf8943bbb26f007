// The person panel's Messages section: this person's deliveries, newest first. Read from the mirror
// and, when Customer.io can be reached, refreshed from it first (GET /v1/customers/:id/messages);
// offline the mirror's copy shows with a note. "Send message…" opens the transactional send.
import { useEffect, useState } from 'react'
import { call, type DeliveryView, type IpcError, type PersonRow, type WorkspaceView } from '../../api'
import { DeliveriesTable } from '../../components/DeliveriesTable'
import { ErrorAlert } from '../../components/ErrorAlert'
import { formatCount } from '../../components/format'
import { useConnectivity } from '../../state/connectivity'
import { useJobs } from '../../state/jobs'
import { Section } from './PersonSections'
import { SendDialog } from './SendDialog'

const PAGE = 20

interface PersonMessagesProps {
  workspace: WorkspaceView
  person: PersonRow
  who: string
  /** false for a person deleted in Customer.io: nothing can be sent */
  canSend: boolean
}

export function PersonMessages({ workspace, person, who, canSend }: PersonMessagesProps) {
  const { unreachable } = useConnectivity()
  const { mirrorVersion } = useJobs()
  const [rows, setRows] = useState<DeliveryView[] | null>(null)
  const [total, setTotal] = useState(0)
  const [limit, setLimit] = useState(PAGE)
  const [offline, setOffline] = useState(false)
  const [error, setError] = useState<IpcError | null>(null)
  const [refreshError, setRefreshError] = useState<IpcError | null>(null)
  const [version, setVersion] = useState(0)
  const [sending, setSending] = useState(false)
  const pk = person.pk
  const workspaceId = workspace.id

  useEffect(() => {
    let alive = true
    const read = (refresh: boolean) => call((cio) => cio.messaging.messages({ workspaceId, pk, limit, refresh }))
    void (async () => {
      let r = await read(!unreachable && person.cioId != null)
      if (!r.ok && !unreachable) {
        // Customer.io refused the refresh (e.g. the person is not there yet): show the mirror's copy.
        if (alive) setRefreshError(r.error)
        r = await read(false)
      } else if (alive) setRefreshError(null)
      if (!alive) return
      if (r.ok) {
        setRows(r.value.rows)
        setTotal(r.value.total)
        setOffline(r.value.offline || unreachable)
        setError(null)
      } else setError(r.error)
    })()
    return () => {
      alive = false
    }
  }, [workspaceId, pk, limit, unreachable, version, mirrorVersion, person.cioId])

  useEffect(() => {
    setLimit(PAGE)
    setRows(null)
  }, [pk])

  return (
    <Section title="Messages" count={rows ? total : undefined}>
      <div className="section-tools">
        <button type="button" className="small" disabled={!canSend} onClick={() => setSending(true)}>
          Send message…
        </button>
        <button type="button" className="small" onClick={() => setVersion((v) => v + 1)}>
          Refresh messages
        </button>
      </div>
      {offline ? (
        <p role="status" className="notice notice-offline">
          Customer.io cannot be reached: these are the messages in the mirror.
        </p>
      ) : null}
      {refreshError ? <ErrorAlert title="Could not refresh this person’s messages from Customer.io; showing the mirror’s copy" error={refreshError} onDismiss={() => setRefreshError(null)} /> : null}
      {error ? <ErrorAlert title="Could not read this person’s messages" error={error} onRetry={() => setVersion((v) => v + 1)} /> : null}
      {rows == null ? (
        error ? null : <p className="muted">Loading messages…</p>
      ) : rows.length === 0 ? (
        <p className="muted">
          No messages for this person in the mirror. Pull messages (Sync), refresh while online, or send one with “Send message…”.
        </p>
      ) : (
        <>
          <DeliveriesTable rows={rows} label={`Messages of ${who}`} showRecipient={false} />
          {total > rows.length ? (
            <button type="button" className="small" onClick={() => setLimit((l) => l + PAGE)}>
              Show more ({formatCount(total - rows.length)} older)
            </button>
          ) : null}
        </>
      )}
      {sending ? (
        // The dialog renders into <body>, but React bubbles its keys through the panel, whose Escape
        // would close the panel too: Escape closes only the dialog.
        <div onKeyDown={(e) => e.key === 'Escape' && e.stopPropagation()}>
          <SendDialog workspace={workspace} person={person} who={who} onClose={() => setSending(false)} onSent={() => setVersion((v) => v + 1)} />
        </div>
      ) : null}
    </Section>
  )
}
