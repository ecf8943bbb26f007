// The rate cards above a campaign's chart: sent and delivered counts, and the open, click,
// conversion and bounce rates over the period the chart shows. Rates follow Customer.io's own
// definitions: opened, clicked and converted are divided by delivered (a message that never arrived
// cannot be opened), bounced by sent (a bounce is a message that did not arrive). Each card's
// tooltip and its second line say which denominator it uses.
import type { ChartMetric, MetricsView } from '../../api'
import { formatCount } from '../../components/format'

const pct = new Intl.NumberFormat('en-US', { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 })

export function rate(part: number, whole: number): string {
  return whole > 0 ? pct.format(part / whole) : '—'
}

export interface RateCard {
  label: string
  value: string
  detail: string
  tooltip: string
}

export function rateCards(totals: Record<ChartMetric, number>): RateCard[] {
  const { sent, delivered, opened, clicked, converted, bounced } = totals
  const ofDelivered = (n: number, what: string): RateCard => ({
    label: `${what[0].toUpperCase()}${what.slice(1)}`,
    value: rate(n, delivered),
    detail: `${formatCount(n)} of ${formatCount(delivered)} delivered`,
    tooltip: `${what} ÷ delivered: the share of delivered messages that were ${what}`,
  })
  return [
    { label: 'Sent', value: formatCount(sent), detail: 'messages sent', tooltip: 'Messages Customer.io sent in this period' },
    { label: 'Delivered', value: formatCount(delivered), detail: `${rate(delivered, sent)} of ${formatCount(sent)} sent`, tooltip: 'delivered ÷ sent: the share of sent messages that arrived' },
    ofDelivered(opened, 'opened'),
    ofDelivered(clicked, 'clicked'),
    ofDelivered(converted, 'converted'),
    { label: 'Bounced', value: rate(bounced, sent), detail: `${formatCount(bounced)} of ${formatCount(sent)} sent`, tooltip: 'bounced ÷ sent: the share of sent messages that bounced' },
  ]
}

export function periodText(m: MetricsView, buckets: number): string {
  const unit = m.period === 'days' ? 'day' : 'week'
  return `Last ${buckets} ${buckets === 1 ? unit : `${unit}s`}`
}

export function RateCards({ metrics, totals, buckets }: { metrics: MetricsView; totals: Record<ChartMetric, number>; buckets: number }) {
  const period = periodText(metrics, buckets)
  return (
    <section className="rate-section" aria-label={`Rates, ${period.toLowerCase()}`}>
      <p className="muted rate-period">{period}, as Customer.io reports them. Hover a card for how it is computed.</p>
      <ul className="rate-cards">
        {rateCards(totals).map((c) => (
          <li key={c.label} className="rate-card" title={c.tooltip} aria-label={`${c.label}: ${c.value}, ${c.detail}. ${c.tooltip}`}>
            <span className="rate-label">{c.label}</span>
            <span className="rate-value">{c.value}</span>
            <span className="rate-sub">{c.detail}</span>
          </li>
        ))}
      </ul>
    </section>
  )
}
