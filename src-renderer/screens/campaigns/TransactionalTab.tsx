// The Transactional tab: the workspace's transactional message templates (name, channel, when
// cio-sync last sent each), each with "Send to person…", which opens the send dialog on that
// template with a person picker. The list comes from Customer.io and is cached for offline use.
import { useState } from 'react'
import type { TransactionalView, WorkspaceView } from '../../api'
import { EmptyState } from '../../components/EmptyState'
import { ErrorAlert } from '../../components/ErrorAlert'
import { formatAgo, formatCount, formatWhen } from '../../components/format'
import { channelLabel, isSendChannel, useTransactional } from '../../state/useTransactional'
import { SendDialog } from '../people/SendDialog'

export function TransactionalTab({ workspace }: { workspace: WorkspaceView }) {
  const { list, error, loading, reload } = useTransactional(workspace.id)
  const [sending, setSending] = useState<TransactionalView | null>(null)
  const templates = list?.templates ?? []

  return (
    <div className="transactional-view">
      <div className="toolbar">
        <p className="muted">
          Messages sent one at a time through the API (Customer.io → Transactional).{' '}
          {list?.fetchedAt != null ? `Read from Customer.io ${formatAgo(list.fetchedAt)}.` : ''}
        </p>
        <span className="toolbar-spacer" />
        <button type="button" disabled={loading} onClick={reload}>
          {loading ? 'Reading…' : 'Refresh from Customer.io'}
        </button>
      </div>
      {error ? <ErrorAlert title="Could not read the transactional messages" error={error} onRetry={reload} /> : null}
      {list?.offline ? (
        <p role="status" className="notice notice-offline">
          Customer.io cannot be reached: showing the list cached {list.fetchedAt != null ? formatWhen(list.fetchedAt) : 'earlier'}. Refresh when you are back online.
        </p>
      ) : null}
      {list == null && !error ? (
        <p className="muted">Loading transactional messages…</p>
      ) : list && templates.length === 0 ? (
        <EmptyState title={list.offline ? 'No transactional messages cached' : 'No transactional messages in this workspace'} icon="✉">
          <p>{list.offline ? 'Open this tab while Customer.io can be reached to read them and keep them for offline use.' : 'Create one in Customer.io → Transactional, then refresh.'}</p>
        </EmptyState>
      ) : templates.length ? (
        <div className="table-wrap">
          <table className="grid list-table">
            <caption className="sr-only">Transactional messages</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Channel</th>
                <th scope="col">Description</th>
                <th scope="col">
                  <abbr title="The last send from cio-sync that Customer.io queued, from the audit log. Sends made elsewhere (Customer.io, other apps) are not included: deliveries do not say which transactional message they came from.">
                    Last sent from here
                  </abbr>
                </th>
                <th scope="col" className="num">
                  <abbr title="Sends from cio-sync that Customer.io queued, from the audit log">Sends</abbr>
                </th>
                <th scope="col">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {templates.map((t) => (
                <tr key={t.id}>
                  <th scope="row">
                    {t.name} <span className="muted">#{t.id}</span>
                  </th>
                  <td>{channelLabel(t.channel)}</td>
                  <td className="muted">{t.description ?? '—'}</td>
                  <td className="nowrap" title={formatWhen(t.lastSentAt)}>
                    {t.lastSentAt != null ? formatAgo(t.lastSentAt) : <span className="muted">never</span>}
                  </td>
                  <td className="num">{formatCount(t.sends)}</td>
                  <td>
                    {isSendChannel(t.channel) ? (
                      <button type="button" className="small" aria-label={`Send “${t.name}” to a person…`} onClick={() => setSending(t)}>
                        Send to person…
                      </button>
                    ) : (
                      <span className="muted">not sendable from here</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {sending ? <SendDialog workspace={workspace} person={null} templateId={sending.id} onClose={() => setSending(null)} onSent={reload} /> : null}
    </div>
  )
}
