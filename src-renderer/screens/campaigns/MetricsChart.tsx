// A uPlot chart of one campaign's metrics over time: sent, delivered, opened, clicked, converted and
// bounced per day or week, oldest on the left. Each line has its own colour AND its own dash
// pattern, and the legend below names them with their totals, so the chart never depends on colour
// alone; the table under the chart holds the same numbers for screen readers.
import type uPlot from 'uplot'
import { CHART_METRICS, type ChartMetric, type MetricsView } from '../../api'
import { formatCount } from '../../components/format'
import { fromZero, themedAxis, token, useUplot, type ChartOptions } from '../../components/useUplot'

const HEIGHT = 240
const DAY = 86400
const INTEGER_STEPS = Array.from({ length: 10 }, (_, e) => [1, 2, 5].map((m) => m * 10 ** e)).flat()

/** Per metric: its theme colour token and dash pattern (the legend swatch uses the same). */
export const METRIC_STYLE: Record<ChartMetric, { color: string; dash: number[] }> = {
  sent: { color: '--accent', dash: [] },
  delivered: { color: '--diff-create', dash: [8, 4] },
  opened: { color: '--diff-update', dash: [2, 3] },
  clicked: { color: '--diff-clear', dash: [10, 3, 2, 3] },
  converted: { color: '--ok', dash: [4, 4] },
  bounced: { color: '--diff-invalid', dash: [1, 2] },
}

/** Bucket start times (unix seconds): the last bucket is the one containing `end`. */
export function bucketTimes(count: number, period: 'days' | 'weeks', end: number): number[] {
  const step = period === 'days' ? DAY : 7 * DAY
  const last = Math.floor(end / 1000 / DAY) * DAY
  return Array.from({ length: count }, (_, i) => last - (count - 1 - i) * step)
}

/** Each metric summed over the series (the period the chart shows). */
export function metricTotals(m: MetricsView): Record<ChartMetric, number> {
  return Object.fromEntries(CHART_METRICS.map((k) => [k, (m.series[k] ?? []).reduce((a, b) => a + b, 0)])) as Record<ChartMetric, number>
}

/** How many buckets (days or weeks) the series cover. */
export function bucketCount(m: MetricsView): number {
  return Math.max(0, ...CHART_METRICS.map((k) => m.series[k]?.length ?? 0))
}

export function chartData(m: MetricsView): uPlot.AlignedData {
  const count = Math.max(0, ...CHART_METRICS.map((k) => m.series[k]?.length ?? 0))
  const xs = bucketTimes(count, m.period, m.fetchedAt ?? Date.now())
  return [xs, ...CHART_METRICS.map((k) => xs.map((_, i) => m.series[k]?.[i] ?? 0))]
}

function chartOptions(): ChartOptions {
  const axis = themedAxis()
  return {
    scales: { x: { time: true }, y: { auto: true, range: fromZero } },
    series: [
      {},
      ...CHART_METRICS.map((k) => ({
        label: k,
        stroke: token(METRIC_STYLE[k].color),
        width: 2,
        dash: METRIC_STYLE[k].dash,
        points: { show: true, size: 5 },
        value: (_u: uPlot, v: number | null) => (v == null ? '—' : formatCount(v)),
      })),
    ],
    // Counts are whole numbers: ticks at 1, 2, 5, 10, 20, 50… only, so the axis never reads 0, 0, 1, 1.
    axes: [axis, { ...axis, size: 56, incrs: INTEGER_STEPS, values: (_u, vals) => vals.map((v) => formatCount(v)) }],
  }
}

export function MetricsChart({ metrics }: { metrics: MetricsView }) {
  const data = chartData(metrics)
  const points = data[0].length
  const dataKey = JSON.stringify([metrics.kind, metrics.id, metrics.period, metrics.fetchedAt, metrics.series])
  const hostRef = useUplot({ options: chartOptions, height: HEIGHT, data, dataKey })

  const totals = metricTotals(metrics)
  const unit = metrics.period === 'days' ? 'day' : 'week'
  if (points === 0) return <p className="muted">No metrics for this period yet. They appear once Customer.io has sent messages for it.</p>
  return (
    <figure className="history-chart metrics-chart">
      <div
        ref={hostRef}
        className="metrics-plot"
        role="img"
        aria-label={`Chart of ${CHART_METRICS.join(', ')} per ${unit} over the last ${points} ${unit}s: ${CHART_METRICS.map((k) => `${k} ${formatCount(totals[k])}`).join(', ')} in total. The same numbers are in the table below.`}
      />
      <figcaption>
        <ul className="chart-legend metrics-legend" aria-label="Chart legend">
          {CHART_METRICS.map((k) => (
            <li key={k}>
              <span className={`swatch metric-swatch metric-${k}`} aria-hidden="true" /> {k} <span className="muted">{formatCount(totals[k])}</span>
            </li>
          ))}
          <li className="muted">per {unit}, oldest on the left</li>
        </ul>
      </figcaption>
    </figure>
  )
}

/** The chart's numbers as a table (newest first), for screen readers and exact values. */
export function MetricsTable({ metrics }: { metrics: MetricsView }) {
  const data = chartData(metrics)
  const xs = Array.from(data[0])
  if (xs.length === 0) return null
  const fmt = (t: number) => new Date(t * 1000).toLocaleDateString(undefined, { dateStyle: 'medium' })
  const order = xs.map((_, i) => i).reverse()
  return (
    <details className="metrics-details">
      <summary>Numbers per {metrics.period === 'days' ? 'day' : 'week'}</summary>
      <div className="table-wrap">
        <table className="kv-table metrics-table">
          <caption className="sr-only">Metrics per {metrics.period === 'days' ? 'day' : 'week'}</caption>
          <thead>
            <tr>
              <th scope="col">{metrics.period === 'days' ? 'Day' : 'Week of'}</th>
              {CHART_METRICS.map((k) => (
                <th key={k} scope="col" className="num">
                  {k}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {order.map((i) => (
              <tr key={xs[i]}>
                <th scope="row" className="nowrap">
                  {fmt(xs[i])}
                </th>
                {CHART_METRICS.map((k, n) => (
                  <td key={k} className="num">
                    {formatCount((data[n + 1][i] as number | null) ?? 0)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  )
}
