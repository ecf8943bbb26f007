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

async function notAcceptedRows(importId: string): Promise<PlanRow[]> {
  const buckets = ['rejected', 'invalid'] as const
  const pages = await Promise.all(buckets.map((bucket) => call((cio) => cio.imports.rows({ importId, bucket, offset: 0, limit: PLAN_ROWS_LIMIT }))))
  return pages.flatMap((p) => (p.ok ? p.value.rows : [])).sort((a, b) => a.row - b.row)
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
