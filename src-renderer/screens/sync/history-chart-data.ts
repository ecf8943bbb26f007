// What the history chart draws, as plain data: one bar series per run kind (the bar's height is
// the run's duration, at the time it started), failed runs as markers, ticks in local time that
// read well for the span shown, and a per-kind summary for the chart's text alternative.
import type { SyncRun } from '../../api'
import { formatDuration } from '../../components/format'
import { JOB_KIND_NAMES } from '../../components/job-outcome'
import { durationSeconds } from './run-counts'

export const CHART_KINDS: SyncRun['kind'][] = ['pull', 'deep-pull', 'push', 'import-push', 'pull-and-push']

export interface KindSummary {
  kind: SyncRun['kind']
  runs: number
  failed: number
  longest: number
  latest: number
}

export interface HistoryChartData {
  /** seconds since the epoch (uPlot's time unit), oldest first */
  xs: number[]
  /** kinds that have runs, in CHART_KINDS order */
  kinds: SyncRun['kind'][]
  /** per kind: the duration (s) at the runs of that kind, null elsewhere */
  bars: (number | null)[][]
  /** the duration (s) of failed runs, null elsewhere */
  failed: (number | null)[]
  summaries: KindSummary[]
}

export function historyChartData(runs: SyncRun[]): HistoryChartData {
  const done = runs.filter((r) => durationSeconds(r) != null).sort((a, b) => a.startedAt - b.startedAt)
  const kinds = CHART_KINDS.filter((k) => done.some((r) => r.kind === k))
  const summaries = kinds.map((kind) => {
    const mine = done.filter((r) => r.kind === kind)
    return {
      kind,
      runs: mine.length,
      failed: mine.filter((r) => r.state === 'failed').length,
      longest: Math.max(...mine.map((r) => durationSeconds(r) ?? 0)),
      latest: mine[mine.length - 1].startedAt,
    }
  })
  return {
    xs: done.map((r) => r.startedAt / 1000),
    kinds,
    bars: kinds.map((k) => done.map((r) => (r.kind === k ? durationSeconds(r) : null))),
    failed: done.map((r) => (r.state === 'failed' ? durationSeconds(r) : null)),
    summaries,
  }
}

const HOUR = 3600
const DAY = 86400

/**
 * The shortest span the axis shows: wide enough for ticks to be few, narrow enough that runs a few
 * seconds apart (a pull, then a push) are bars side by side rather than one on another.
 */
function minSpan(xs: number[]): number {
  let gap = Infinity
  for (let i = 1; i < xs.length; i++) if (xs[i] > xs[i - 1]) gap = Math.min(gap, xs[i] - xs[i - 1])
  return Math.min(5 * 60, Math.max(60, gap * 40))
}

/**
 * The x range around the runs: at least minSpan (centred on the runs; an hour either side of a
 * single run), else the runs plus a margin for the bars at the ends.
 */
export function timeRange(xs: number[]): [number, number] {
  if (xs.length === 0) return [0, 1]
  const min = xs[0]
  const max = xs[xs.length - 1]
  if (max - min < 1) return [min - HOUR, max + HOUR]
  const pad = Math.max((max - min) * 0.05, (minSpan(xs) - (max - min)) / 2)
  return [min - pad, max + pad]
}

/** Duration ticks at whole, round steps (1 s, 2 s, 5 s … 1 h …), never "1.5 s" shown as "2 s". */
export const DURATION_STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 14_400, 28_800, 86_400]

/**
 * A tick label in local time, as precise as the ticks are apart: seconds when they are less than a
 * minute apart, the time of day within a day, the weekday and time within a week, the date beyond.
 */
export function tickLabel(seconds: number, step: number, span: number, locale?: string): string {
  const d = new Date(seconds * 1000)
  if (step < 60) return d.toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit', second: '2-digit' })
  if (span <= DAY) return d.toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit' })
  if (span <= 7 * DAY) return d.toLocaleString(locale, { weekday: 'short', hour: '2-digit', minute: '2-digit' })
  return d.toLocaleDateString(locale, { day: 'numeric', month: 'short' })
}

/**
 * Bar heights: a run's duration, but never below a sliver of the tallest bar, so a run that took a
 * fraction of a second still shows as a bar (the table and the text alternative have the figures).
 */
export function barHeights(bars: (number | null)[][]): (number | null)[][] {
  const tallest = Math.max(0, ...bars.flat().map((v) => v ?? 0))
  const floor = tallest * 0.04
  return bars.map((series) => series.map((v) => (v == null ? null : Math.max(v, floor))))
}

const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`


/** The chart in one sentence, for its aria-label. */
export function chartSentence(data: HistoryChartData): string {
  const parts = data.summaries.map((s) => `${JOB_KIND_NAMES[s.kind].toLowerCase()}: ${count(s.runs, 'run', 'runs')}${s.failed ? `, ${s.failed} failed` : ''}, longest ${formatDuration(s.longest)}`)
  return `Bar chart of run durations over time, one colour per kind. ${parts.join('; ')}.`
}
