// The rows of an import that were not accepted (rejected by Customer.io or invalid before
// sending), with their original cells, the user's edits and each row's re-validation.
import { useCallback, useEffect, useState } from 'react'
import { call, type IpcError } from '../../api'
import type { PlanRow } from './importKinds'
import { readRejectedCsv } from './rejectedCsv'

export interface RejectedEntry {
  row: number
  /** invalid: never sent; rejected: refused by Customer.io */
  reason: 'invalid' | 'rejected'
  message: string | null
  values: Record<string, string>
}

export interface FixResult {
  row: PlanRow
  errors: { row: number; column: string | null; value: string | null; message: string }[]
}

const PLAN_ROWS_LIMIT = 1000

/** Every row of a bucket, page by page: the pairing with the CSV below needs all of them. */
async function allRows(importId: string, bucket: 'rejected' | 'invalid'): Promise<PlanRow[] | IpcError> {
  const rows: PlanRow[] = []
  for (;;) {
    const r = await call((cio) => cio.imports.rows({ importId, bucket, offset: rows.length, limit: PLAN_ROWS_LIMIT }))
    if (!r.ok) return r.error
    rows.push(...r.value.rows)
    if (r.value.rows.length === 0 || rows.length >= r.value.total) return rows
  }
}

async function notAcceptedRows(importId: string): Promise<PlanRow[] | IpcError> {
  const [rejected, invalid] = await Promise.all([allRows(importId, 'rejected'), allRows(importId, 'invalid')])
  if (!Array.isArray(rejected)) return rejected
  if (!Array.isArray(invalid)) return invalid
  return [...rejected, ...invalid].sort((a, b) => a.row - b.row)
}

export function useRejectedRows(importId: string, version: string) {
  const [columns, setColumns] = useState<string[]>([])
  const [entries, setEntries] = useState<RejectedEntry[] | null>(null)
  const [csv, setCsv] = useState<{ fileName: string; csv: string } | null>(null)
  const [error, setError] = useState<IpcError | null>(null)
  const [edits, setEdits] = useState<Record<number, Record<string, string>>>({})
  const [fixes, setFixes] = useState<Record<number, FixResult>>({})
  const [fixing, setFixing] = useState<number | null>(null)
  const [fixError, setFixError] = useState<IpcError | null>(null)

  const load = useCallback(async () => {
    setError(null)
    const r = await call((cio) => cio.imports.rejected({ importId }))
    if (!r.ok) {
      setError(r.error)
      return
    }
    const parsed = readRejectedCsv(r.value.csv)
    const planRows = await notAcceptedRows(importId)
    if (!Array.isArray(planRows)) {
      setError(planRows)
      return
    }
    // Without a row column, the CSV's lines pair with the plan's rows by order; that is only
    // sound when both hold the same rows. Otherwise a Fix could land on the wrong row: refuse.
    if (parsed.rows.some((c) => c.row == null) && parsed.rows.length !== planRows.length) {
      setError({ code: 'CONFLICT', message: `The rejected rows (${parsed.rows.length}) and the report (${planRows.length}) do not line up, so they cannot be edited here. Download the rejected rows, fix them and import that file.`, retryable: false })
      return
    }
    const byRow = new Map(planRows.map((p) => [p.row, p]))
    setColumns(parsed.columns)
    setCsv({ fileName: r.value.fileName, csv: r.value.csv })
    setEntries(
      parsed.rows.map((c, i) => {
        // Without a row column in the CSV, its rows come in the same order as the plan's.
        const plan = c.row != null ? byRow.get(c.row) : planRows[i]
        const row = c.row ?? plan?.row ?? i + 1
        const reason = plan?.bucket === 'invalid' && plan.outcome !== 'rejected' ? 'invalid' : 'rejected'
        return { row, reason, message: c.error ?? plan?.message ?? null, values: c.values } satisfies RejectedEntry
      }),
    )
  }, [importId])

  useEffect(() => {
    setEdits({})
    setFixes({})
    void load()
  }, [load, version])

  const valueOf = useCallback((e: RejectedEntry, column: string) => edits[e.row]?.[column] ?? e.values[column] ?? '', [edits])

  const edit = useCallback((row: number, column: string, value: string) => {
    setEdits((all) => ({ ...all, [row]: { ...all[row], [column]: value } }))
    setFixes((all) => {
      if (!(row in all)) return all
      const next = { ...all }
      delete next[row] // edited again: its last check no longer holds
      return next
    })
  }, [])

  const fix = useCallback(
    async (e: RejectedEntry) => {
      setFixing(e.row)
      setFixError(null)
      const values = Object.fromEntries(columns.map((c) => [c, valueOf(e, c)]))
      const r = await call((cio) => cio.imports.fix({ importId, row: e.row, values }))
      setFixing(null)
      if (!r.ok) {
        setFixError(r.error)
        return
      }
      setFixes((all) => ({ ...all, [e.row]: r.value }))
    },
    [columns, importId, valueOf],
  )

  const fixedRows = Object.values(fixes)
    .filter((f) => f.errors.length === 0 && f.row.bucket !== 'invalid' && f.row.bucket !== 'duplicate')
    .map((f) => f.row.row)

  return { columns, entries, csv, error, reload: load, edits, valueOf, edit, fixes, fix, fixing, fixError, clearFixError: () => setFixError(null), fixedRows }
}
