// A uPlot chart of the sync history over time: how long each run took, how many people it changed,
// and which runs failed (diamond markers, so a streak of failures and its back-off stand out).
// Colours come from the theme tokens and follow the OS light/dark switch; the lines also differ
// by style (solid / dashed), so the chart never depends on colour alone. The table below it holds
// the same numbers for screen readers.
import type uPlot from 'uplot'
import type { SyncRun } from '../../api'
import { formatCount, formatDuration } from '../../components/format'
import { fromZero, themedAxis, token, useUplot, type ChartOptions } from '../../components/useUplot'
import { durationSeconds, peopleChanged } from './run-counts'

const HEIGHT = 220

function chartData(runs: SyncRun[]): uPlot.AlignedData {
  const done = runs.filter((r) => durationSeconds(r) != null).sort((a, b) => a.startedAt - b.startedAt)
  return [
    done.map((r) => r.startedAt / 1000),
    done.map((r) => durationSeconds(r)),
    done.map((r) => peopleChanged(r)),
    done.map((r) => (r.state === 'failed' ? durationSeconds(r) : null)),
  ]
}

/**
 * The time axis around the runs. For a single point uPlot widens the x range by 86400/ms, which
 * with second timestamps is about 2.7 years and pushes the one run against the left edge; so the
 * range is taken from the data: an hour either side of one run, 5 % either side of several.
 */
function timeRange(u: uPlot, min: number, max: number): uPlot.Range.MinMax {
  const xs = u.data[0]
  if (xs.length === 1 || min === max) return [xs[0] - 3600, xs[0] + 3600]
  const pad = (max - min) * 0.05
  return [min - pad, max + pad]
}

function chartOptions(): ChartOptions {
  const axis = themedAxis()
  return {
    scales: { x: { time: true, range: timeRange }, seconds: { auto: true, range: fromZero }, people: { auto: true, range: fromZero } },
    series: [
      {},
      {
        label: 'Duration',
        scale: 'seconds',
        stroke: token('--accent'),
        width: 2,
        points: { show: true, size: 6 },
        value: (_u, v) => (v == null ? '—' : formatDuration(v)),
      },
      {
        label: 'People changed',
        scale: 'people',
        stroke: token('--diff-create'),
        width: 2,
        dash: [6, 4],
        points: { show: true, size: 6 },
        value: (_u, v) => (v == null ? '—' : formatCount(v)),
      },
      {
        label: 'Failed',
        scale: 'seconds',
        stroke: token('--diff-invalid'),
        width: 0,
        paths: () => null,
        points: { show: true, size: 10, fill: token('--diff-invalid') },
        value: (_u, v) => (v == null ? '—' : formatDuration(v)),
      },
    ],
    axes: [
      axis,
      { ...axis, scale: 'seconds', label: 'Duration', size: 76, values: (_u, vals) => vals.map((v) => formatDuration(v)) },
      { ...axis, scale: 'people', side: 1, label: 'People changed', size: 86, gap: 6, grid: { show: false }, values: (_u, vals) => vals.map((v) => formatCount(v)) },
    ],
  }
}

export function SyncHistoryChart({ runs }: { runs: SyncRun[] }) {
  const data = chartData(runs)
  const points = data[0].length
  const dataKey = runs.map((r) => `${r.id}:${r.durationMs}:${r.state}`).join(',')
  const hostRef = useUplot({ options: chartOptions, height: HEIGHT, data, dataKey })

  if (points === 0) return null
  const longest = Math.max(...(data[1] as (number | null)[]).map((v) => v ?? 0))
  const failures = (data[3] as (number | null)[]).filter((v) => v != null).length
  return (
    <figure className="history-chart">
      <div ref={hostRef} role="img" aria-label={`Chart of the last ${points} runs: duration (solid line, up to ${formatDuration(longest)}), people changed (dashed line) and ${failures} failed runs (markers). The same numbers are in the table below.`} />
      <figcaption className="chart-legend">
        <span>
          <span className="swatch swatch-duration" aria-hidden="true" /> Duration
        </span>
        <span>
          <span className="swatch swatch-people" aria-hidden="true" /> People changed
        </span>
        <span>
          <span className="swatch swatch-failed" aria-hidden="true" /> Failed run
        </span>
        <span className="muted">per run, oldest on the left</span>
      </figcaption>
    </figure>
  )
}
