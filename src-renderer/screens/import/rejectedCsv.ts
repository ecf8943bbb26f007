// Reads the rejected-rows CSV the engine writes (formula cells already neutralised) back into
// rows the report can edit. The engine writes the file's original columns plus a last `error`
// column, in file order; an undo's file is just `row,error`.

export interface RejectedCsvRow {
  /** 1-based data row of the original file, or null when the CSV does not say */
  row: number | null
  error: string | null
  /** the original columns, by header name */
  values: Record<string, string>
}

export interface RejectedCsv {
  columns: string[]
  rows: RejectedCsvRow[]
}


/** RFC 4180 CSV: quoted fields may hold commas, quotes ("") and newlines. */
export function parseCsv(text: string): string[][] {
  const out: string[][] = []
  let row: string[] = []
  let cell = ''
  let quoted = false
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
  for (let i = 0; i < src.length; i++) {
    const ch = src[i]
    if (quoted) {
      if (ch === '"' && src[i + 1] === '"') {
        cell += '"'
        i++
      } else if (ch === '"') quoted = false
      else cell += ch
    } else if (ch === '"' && cell === '') quoted = true
    else if (ch === ',') {
      row.push(cell)
      cell = ''
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && src[i + 1] === '\n') i++
      row.push(cell)
      out.push(row)
      row = []
      cell = ''
    } else cell += ch
  }
  if (cell !== '' || row.length) {
    row.push(cell)
    out.push(row)
  }
  return out
}

export function readRejectedCsv(text: string): RejectedCsv {
  const [header = [], ...body] = parseCsv(text)
  // Only the engine's own columns count: a last `error`, and a first `row` only next to it.
  const errorAt = header.length > 0 && header[header.length - 1] === 'error' ? header.length - 1 : -1
  const rowAt = errorAt > 0 && header[0] === 'row' && header.length === 2 ? 0 : -1
  const columns = header.filter((_, i) => i !== rowAt && i !== errorAt)
  const rows = body
    .filter((cells) => cells.some((c) => c !== ''))
    .map((cells) => {
      const values: Record<string, string> = {}
      header.forEach((h, i) => {
        if (i !== rowAt && i !== errorAt) values[h] = cells[i] ?? ''
      })
      const n = rowAt >= 0 ? Number.parseInt(cells[rowAt] ?? '', 10) : NaN
      return { row: Number.isFinite(n) ? n : null, error: errorAt >= 0 ? cells[errorAt] || null : null, values }
    })
  return { columns, rows }
}

/** Offers text as a file download (the Blob never leaves this window). */
export function downloadText(fileName: string, text: string, type = 'text/csv;charset=utf-8') {
  const url = URL.createObjectURL(new Blob([text], { type }))
  const a = document.createElement('a')
  a.href = url
  a.download = fileName
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 1000)
}
