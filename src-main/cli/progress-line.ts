import type { JobProgress } from '../contract/jobs'

/** One self-rewriting progress line on a terminal: phase, bar, counts, rate and ETA. */
export class ProgressLine {
  constructor(private readonly stream: NodeJS.WriteStream) {}

  draw(p: JobProgress): void {
    const width = 24
    const frac = p.total ? Math.min(1, p.done / p.total) : null
    const bar = frac === null ? '' : `[${'#'.repeat(Math.round(frac * width)).padEnd(width, '.')}] `
    const counts = p.total ? `${p.done}/${p.total}` : `${p.done}`
    const rate = p.rate ? ` ${Math.round(p.rate)}/s` : ''
    const eta = p.eta !== null && p.eta !== undefined ? ` ETA ${formatSeconds(p.eta)}` : ''
    this.stream.write(`\r\x1b[2K${p.phase.padEnd(12)} ${bar}${counts}${rate}${eta}`)
  }

  end(): void {
    this.stream.write('\r\x1b[2K')
  }
}

function formatSeconds(s: number): string {
  if (s < 60) return `${Math.ceil(s)}s`
  const m = Math.floor(s / 60)
  return `${m}m${String(Math.ceil(s % 60)).padStart(2, '0')}s`
}
