// The rows of an import that were not accepted (rejected by Customer.io or invalid before
// sending), with their original cells, the user's edits and each row's re-validation.
import { useCallback, useEffect, useState } from 'react'
import { call, type IpcError } from '../../api'
import type { PlanRow } from './importKinds'

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

/** A checked row that can be re-pushed. Its errors may hold warnings, which never block a row: the bucket says whether it is invalid. */
export function isValidFix(f: FixResult): boolean {
  return f.row.bucket !== 'invalid'
}

export function useRejectedRows(importId: string, version: string) {
  const [columns, setColumns] = useState<string[]>([])
  const [entries, setEntries] = useState<RejectedEntry[] | null>(null)
  const [error, setError] = useState<IpcError | null>(null)
  const [edits, setEdits] = useState<Record<number, Record<string, string>>>({})
  const [fixes, setFixes] = useState<Record<number, FixResult>>({})
  const [fixing, setFixing] = useState<number | null>(null)
  const [fixError, setFixError] = useState<IpcError | null>(null)

  const load = useCallback(async () => {
    setError(null)
    // The cells exactly as the file has them: the rejected CSV download neutralises formula cells
    // ('=…, '+49…, '-Bert) for spreadsheets, and a value shown here is what Fix and Re-push send.
    const r = await call((cio) => cio.imports.rejectedrows({ importId }))
    if (!r.ok) {
      setError(r.error)
      return
    }
    setColumns(r.value.columns)
    setEntries(r.value.rows.map((e) => ({ row: e.row, reason: e.reason, message: e.message, values: e.values }) satisfies RejectedEntry))
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
    .filter((f) => isValidFix(f) && f.row.bucket !== 'duplicate')
    .map((f) => f.row.row)

  return { columns, entries, error, reload: load, edits, valueOf, edit, fixes, fix, fixing, fixError, clearFixError: () => setFixError(null), fixedRows }
}
