// What every uPlot chart in the app shares: theme colours read from the CSS tokens, a rebuild when
// the OS switches between light and dark (colours are baked into the canvas), a width that follows
// its container, and new data applied in place. The charts themselves only say what to draw.
import { useEffect, useRef, useState, type RefObject } from 'react'
import uPlot from 'uplot'
import 'uplot/dist/uPlot.min.css'

/** Narrower than this the axis labels collide; the container scrolls instead. */
const MIN_WIDTH = 320

/** A theme colour token's current value (uPlot draws on a canvas, which cannot use var()). */
export function token(name: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || '#888'
}

/** Axis colours from the theme: muted labels, border-coloured grid and ticks. */
export function themedAxis(): uPlot.Axis {
  const grid = token('--border')
  return { stroke: token('--text-muted'), grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 } }
}

/** A y range from zero to a little above the largest value (never 0–0, which uPlot cannot draw). */
export const fromZero: uPlot.Range.Function = (_u, _min, max) => [0, Math.max(1, max * 1.1)]

/** Re-renders when the OS switches between light and dark. */
function useColorScheme(): 'light' | 'dark' {
  const query = '(prefers-color-scheme: dark)'
  const [scheme, setScheme] = useState<'light' | 'dark'>(() => (window.matchMedia?.(query).matches ? 'dark' : 'light'))
  useEffect(() => {
    const mq = window.matchMedia?.(query)
    if (!mq) return
    const onChange = () => setScheme(mq.matches ? 'dark' : 'light')
    mq.addEventListener('change', onChange)
    return () => mq.removeEventListener('change', onChange)
  }, [])
  return scheme
}

/** What a chart says: its scales, series and axes. Size, cursor and legend are the same for all. */
export type ChartOptions = Omit<uPlot.Options, 'width' | 'height' | 'cursor' | 'legend'>

export interface UplotSpec {
  /** Called again on a theme change, so the colour tokens are read afresh. */
  options: () => ChartOptions
  height: number
  data: uPlot.AlignedData
  /** Changes exactly when `data` does (data is rebuilt on every render, so it cannot be the key). */
  dataKey: string
  /** When this changes the chart is built anew (its series changed), not just given new data. */
  rebuildKey?: string
}

/**
 * Draws a uPlot chart into the returned element once `data` has points. The element must be
 * rendered whenever there are points and may be left out when there are none.
 */
export function useUplot({ options, height, data, dataKey, rebuildKey = '' }: UplotSpec): RefObject<HTMLDivElement | null> {
  const hostRef = useRef<HTMLDivElement>(null)
  const plotRef = useRef<uPlot | null>(null)
  const scheme = useColorScheme()
  const empty = data[0].length === 0

  // Build the chart (again when the theme changes, or when the element appears after being empty).
  useEffect(() => {
    const host = hostRef.current
    if (!host || empty) return
    const width = Math.max(MIN_WIDTH, host.clientWidth)
    // No drag-to-zoom (the charts are read, not explored). uPlot's legend is a <table>; each figure
    // has its own legend, so the only tables on a screen are its data tables.
    const plot = new uPlot({ ...options(), width, height, cursor: { drag: { x: false, y: false } }, legend: { show: false } }, data, host)
    plotRef.current = plot
    const resize = new ResizeObserver(() => plot.setSize({ width: Math.max(MIN_WIDTH, host.clientWidth), height }))
    resize.observe(host)
    return () => {
      resize.disconnect()
      plot.destroy()
      plotRef.current = null
    }
    // New data is applied by the effect below; rebuilding the chart for it would flicker.
  }, [scheme, empty, rebuildKey])

  useEffect(() => {
    plotRef.current?.setData(data)
  }, [dataKey])

  return hostRef
}
