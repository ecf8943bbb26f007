// The sync history over time as bars: one bar per run at the time it started, as tall as it took,
// one series (colour and fill style) per kind of run, failed runs marked with a diamond on top.
// Ticks are in local time and read for the span shown. Colours come from the theme tokens and
// follow the OS light/dark switch; kinds also differ by fill (solid or outlined) and are named in
// the legend, and a visually hidden list gives the same figures per kind to screen readers.
import uPlot from 'uplot'
import { JOB_KIND_NAMES } from '../../components/job-outcome'
import type { SyncRun } from '../../api'
import { formatAgo, formatDuration } from '../../components/format'
import { fromZero, themedAxis, token, useUplot, type ChartOptions } from '../../components/useUplot'
import { barHeights, chartSentence, DURATION_STEPS, historyChartData, tickLabel, timeRange, type HistoryChartData, type KindSummary } from './history-chart-data'

const HEIGHT = 200

/** Colour token and fill style per kind: outlined kinds are told apart from solid ones without colour. */
const KIND_STYLE: Record<SyncRun['kind'], { color: string; outlined: boolean }> = {
  pull: { color: '--accent', outlined: false },
  'deep-pull': { color: '--sandbox', outlined: false },
  push: { color: '--diff-update', outlined: true },
  'import-push': { color: '--diff-create', outlined: true },
  'pull-and-push': { color: '--diff-clear', outlined: true },
}

const bars = uPlot.paths.bars!({ size: [0.6, 28, 6], align: 0 })

function chartOptions(data: HistoryChartData): () => ChartOptions {
  return () => {
    const axis = themedAxis()
    const kindSeries: uPlot.Series[] = data.kinds.map((kind) => {
      const style = KIND_STYLE[kind]
      const color = token(style.color)
      return {
        label: JOB_KIND_NAMES[kind],
        scale: 'seconds',
        stroke: color,
        width: style.outlined ? 2 : 0,
        fill: style.outlined ? token('--surface') : color,
        paths: bars,
        points: { show: false },
        value: (_u, v) => (v == null ? '—' : formatDuration(v)),
      }
    })
    return {
      // room on the right for the last time label, which is centred on its tick
      padding: [12, 40, 0, 0],
      // read from the data at each draw: new runs are applied in place (setData)
      scales: { x: { time: true, range: (u) => timeRange(u.data[0] as number[]) }, seconds: { auto: true, range: fromZero } },
      series: [
        {},
        ...kindSeries,
        {
          label: 'Failed',
          scale: 'seconds',
          stroke: token('--diff-invalid'),
          width: 0,
          paths: () => null,
          points: { show: true, size: 11, fill: token('--diff-invalid') },
          value: (_u, v) => (v == null ? '—' : formatDuration(v)),
        },
      ],
      axes: [
        {
          ...axis,
          space: 90,
          values: (u, splits) => splits.map((s) => tickLabel(s, splits.length > 1 ? splits[1] - splits[0] : Infinity, (u.scales.x.max ?? 0) - (u.scales.x.min ?? 0))),
        },
        { ...axis, scale: 'seconds', label: 'Duration', size: 76, incrs: DURATION_STEPS, values: (_u, vals) => vals.map((v) => formatDuration(v)) },
      ],
    }
  }
}

function kindLine(s: KindSummary): string {
  const runs = `${s.runs} ${s.runs === 1 ? 'run' : 'runs'}`
  return `${JOB_KIND_NAMES[s.kind]}: ${runs}, ${s.failed} failed, longest ${formatDuration(s.longest)}, latest ${formatAgo(s.latest)}`
}

function Swatch({ kind }: { kind: SyncRun['kind'] }) {
  return <span className={`swatch-bar kind-${kind}${KIND_STYLE[kind].outlined ? ' is-outlined' : ''}`} aria-hidden="true" />
}

export function SyncHistoryChart({ runs }: { runs: SyncRun[] }) {
  const data = historyChartData(runs)
  const aligned: uPlot.AlignedData = [data.xs, ...barHeights([...data.bars, data.failed])]
  const dataKey = `${data.kinds.join('+')}|${runs.map((r) => `${r.id}:${r.durationMs}:${r.state}`).join(',')}`
  // the series depend on which kinds are shown: a new set of kinds builds a new chart
  const hostRef = useUplot({ options: chartOptions(data), height: HEIGHT, data: aligned, dataKey, rebuildKey: data.kinds.join('+') })

  if (data.xs.length === 0) return null
  const failures = data.failed.filter((v) => v != null).length
  return (
    <figure className="history-chart">
      <div ref={hostRef} role="img" aria-label={chartSentence(data)} />
      <figcaption className="chart-legend">
        {data.kinds.map((k) => (
          <span key={k}>
            <Swatch kind={k} /> {JOB_KIND_NAMES[k]}
          </span>
        ))}
        {failures ? (
          <span>
            <span className="swatch swatch-failed" aria-hidden="true" /> Failed run
          </span>
        ) : null}
        <span className="muted">bar height: how long the run took · local time</span>
      </figcaption>
      {/* a list, not a table: the screen's tables are its data tables (the history below) */}
      <ul className="sr-only" aria-label="Runs per kind in the chart">
        {data.summaries.map((s) => (
          <li key={s.kind}>{kindLine(s)}</li>
        ))}
      </ul>
    </figure>
  )
}
