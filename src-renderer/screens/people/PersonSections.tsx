// The read-only parts of the person panel: devices, messages and the activity of our own pushes
// (the editable parts are in PersonAttributes, PersonSegments and PersonEdits).
import type { ReactNode } from 'react'
import type { PersonDetail } from '../../api'
import { formatValue, formatWhen } from '../../components/format'

export function Section({ title, count, children }: { title: string; count?: number; children: ReactNode }) {
  return (
    <section className="person-section">
      <h3>
        {title}
        {count != null ? <span className="section-count"> {count}</span> : null}
      </h3>
      {children}
    </section>
  )
}

export function DevicesTable({ devices }: { devices: PersonDetail['devices'] }) {
  if (devices.length === 0) return <p className="muted">No devices.</p>
  return (
    <table className="kv-table">
      <thead>
        <tr>
          <th scope="col">Platform</th>
          <th scope="col">Token</th>
          <th scope="col">Last used</th>
        </tr>
      </thead>
      <tbody>
        {devices.map((d) => (
          <tr key={d.id}>
            <td>{d.platform}</td>
            <td className="cell-mono token" title={d.id}>
              {d.id.length > 16 ? `${d.id.slice(0, 8)}…${d.id.slice(-6)}` : d.id}
            </td>
            <td>{formatWhen(d.lastUsed)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

function metricsLine(metrics: Record<string, unknown>): string {
  return Object.entries(metrics)
    .filter(([, v]) => v !== null && v !== undefined && v !== false && v !== 0)
    .map(([k, v]) => (typeof v === 'number' && v > 1e9 ? k : `${k} ${formatValue(v)}`))
    .join(', ')
}

export function MessagesTable({ messages }: { messages: PersonDetail['messages'] }) {
  if (messages.length === 0) return <p className="muted">No messages in the mirror.</p>
  return (
    <table className="kv-table">
      <thead>
        <tr>
          <th scope="col">Sent</th>
          <th scope="col">Message</th>
          <th scope="col">Metrics</th>
        </tr>
      </thead>
      <tbody>
        {messages.map((m) => (
          <tr key={m.id}>
            <td className="nowrap">{formatWhen(m.created)}</td>
            <td>
              {m.subject ?? <span className="muted">(no subject)</span>}
              <span className="muted"> · {m.type ?? 'message'}</span>
              {m.campaignId != null ? <span className="muted"> · campaign {m.campaignId}</span> : null}
            </td>
            <td className="muted">{metricsLine(m.metrics) || '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

export function ActivityList({ activity }: { activity: PersonDetail['activity'] }) {
  if (activity.length === 0) return <p className="muted">cio-sync has not changed this person yet.</p>
  return (
    <ol className="plain-list activity">
      {activity.map((a, i) => (
        <li key={`${a.at}-${i}`}>
          <span className="muted nowrap">{formatWhen(a.at)}</span> <strong>{a.action}</strong> {a.summary}
        </li>
      ))}
    </ol>
  )
}
