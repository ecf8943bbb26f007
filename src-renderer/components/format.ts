// Small, locale-aware formatters shared by every screen.

const int = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 })
const dec = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 })

export function formatCount(n: number): string {
  return int.format(n)
}

/** "1,240/s" or "0.4/s"; an em dash when unknown. */
export function formatRate(perSecond: number | null): string {
  if (perSecond == null || !Number.isFinite(perSecond)) return '—'
  return `${perSecond >= 10 ? int.format(perSecond) : dec.format(perSecond)}/s`
}

/** Seconds as "42 s", "3 min 05 s", "1 h 12 min"; "—" when unknown. */
export function formatDuration(seconds: number | null): string {
  if (seconds == null || !Number.isFinite(seconds) || seconds < 0) return '—'
  const s = Math.round(seconds)
  if (s < 60) return `${s} s`
  const m = Math.floor(s / 60)
  if (m < 60) return `${m} min ${String(s % 60).padStart(2, '0')} s`
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`
}

const rtf = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' })

/** "just now", "3 minutes ago", "yesterday"… from an epoch-ms timestamp. */
export function formatAgo(at: number, now = Date.now()): string {
  const diff = Math.round((at - now) / 1000)
  const abs = Math.abs(diff)
  if (abs < 45) return 'just now'
  if (abs < 3600) return rtf.format(Math.round(diff / 60), 'minute')
  if (abs < 86400) return rtf.format(Math.round(diff / 3600), 'hour')
  return rtf.format(Math.round(diff / 86400), 'day')
}

export function formatDateTime(at: number): string {
  return new Date(at).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })
}

const bytesUnits = ['B', 'KB', 'MB', 'GB', 'TB']

/** 1536 → "1.5 KB". */
export function formatBytes(n: number): string {
  let v = n
  let u = 0
  while (v >= 1024 && u < bytesUnits.length - 1) {
    v /= 1024
    u += 1
  }
  return `${u === 0 ? int.format(v) : dec.format(v)} ${bytesUnits[u]}`
}

/** An attribute or cell value as one line of text: "" for nothing, JSON for objects. */
export function formatValue(v: unknown): string {
  if (v === null || v === undefined) return ''
  if (typeof v === 'string') return v
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : dec.format(v)
  if (typeof v === 'boolean') return v ? 'true' : 'false'
  try {
    return JSON.stringify(v)
  } catch {
    return String(v)
  }
}

/** A date-time or an em dash when unknown. */
export function formatWhen(at: number | null | undefined): string {
  return at == null ? '—' : formatDateTime(at)
}

/**
 * "1 row", "2 rows", "1,234 rows"; `many` for words whose plural is not word + s ("1 person", "2 people").
 * The number is formatted for the locale.
 */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`
}
