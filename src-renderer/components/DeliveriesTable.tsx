// A table of deliveries (messages sent by Customer.io): when, what, to whom, and which metrics it
// reached. Shared by the Campaigns screen's Messages tab and the person panel.
import type { DeliveryView } from '../api'
import { formatWhen } from './format'

const TYPE_LABEL: Record<string, string> = { twilio: 'SMS', email: 'email', push: 'push', in_app: 'in-app', webhook: 'webhook', slack: 'Slack' }

export function typeLabel(type: string | null): string {
  return type ? (TYPE_LABEL[type] ?? type) : 'message'
}

/** "delivered, opened" from the metric timestamps, in the order a delivery reaches them. */
const ORDER = ['created', 'drafted', 'sent', 'delivered', 'opened', 'clicked', 'converted', 'bounced', 'failed', 'spammed', 'dropped', 'undeliverable', 'unsubscribed']
export function metricNames(metrics: Record<string, number>): string[] {
  const keys = Object.keys(metrics).filter((k) => k !== 'created' && metrics[k] != null)
  return keys.sort((a, b) => (ORDER.indexOf(a) + 1 || 99) - (ORDER.indexOf(b) + 1 || 99))
}

function origin(d: DeliveryView): string {
  if (d.campaignId != null) return `campaign ${d.campaignId}`
  if (d.broadcastId != null) return `broadcast ${d.broadcastId}`
  if (d.newsletterId != null) return `newsletter ${d.newsletterId}`
  return 'transactional'
}

interface DeliveriesTableProps {
  rows: DeliveryView[]
  /** names the table for assistive technology */
  label: string
  /** show the recipient column (the person panel already says who) */
  showRecipient?: boolean
  /** the origin's display name, e.g. a campaign's name from the mirror */
  originName?: (d: DeliveryView) => string | null
}

export function DeliveriesTable({ rows, label, showRecipient = true, originName }: DeliveriesTableProps) {
  return (
    <table className="kv-table deliveries-table">
      <caption className="sr-only">{label}</caption>
      <thead>
        <tr>
          <th scope="col">Created</th>
          <th scope="col">Message</th>
          {showRecipient ? <th scope="col">Recipient</th> : null}
          <th scope="col">From</th>
          <th scope="col">Metrics</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((d) => {
          const metrics = metricNames(d.metrics)
          return (
            <tr key={d.id}>
              <td className="nowrap">{formatWhen(d.created)}</td>
              <td>
                {d.subject || <span className="muted">(no subject)</span>}
                <span className="muted"> · {typeLabel(d.type)}</span>
                <span className="sub-line cell-mono" title="Delivery id">
                  {d.id}
                </span>
              </td>
              {showRecipient ? <td className="cell-mono">{d.recipient ?? <span className="muted">—</span>}</td> : null}
              <td className="muted">{originName?.(d) ?? origin(d)}</td>
              <td>{metrics.length ? metrics.join(', ') : <span className="muted">queued</span>}</td>
            </tr>
          )
        })}
      </tbody>
    </table>
  )
}
