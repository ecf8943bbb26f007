// Editing a collection's rows offline (issue #6). Customer.io replaces a collection's content as a
// whole (PUT /v1/collections/:id), so every edit — a cell, a new row, a removed row — reads the
// mirror's full local copy, changes it, and records the whole content as one outbox entry; the
// engine keeps the entry's original base, so the push's conflict check still compares against the
// last pulled content. Collections are small by Customer.io's rules (≤ 10 MB), so reading them
// whole per edit is cheap next to the round trip of a push.
import { useCallback, useEffect, useState } from 'react'
import { call, type IpcError, type OutboxEntryView } from '../../api'
import { useChanges } from '../../state/changes'

type Row = Record<string, unknown>
const PAGE = 1000

async function readAllRows(workspaceId: string, collectionId: number): Promise<{ ok: true; rows: Row[] } | { ok: false; error: IpcError }> {
  const rows: Row[] = []
  for (let offset = 0; ; offset += PAGE) {
    const r = await call((cio) => cio.collections.rows({ workspaceId, collectionId, offset, limit: PAGE }))
    if (!r.ok) return r
    rows.push(...r.value.rows)
    if (r.value.rows.length < PAGE || rows.length >= r.value.total) return { ok: true, rows }
  }
}

export interface CollectionEdits {
  /** the unsent outbox entry of this collection, if any */
  pending: OutboxEntryView | null
  setCell: (index: number, column: string, value: unknown) => Promise<string | null>
  addRow: (row: Row) => Promise<string | null>
  removeRow: (index: number) => Promise<string | null>
  discard: () => Promise<string | null>
}

export function useCollectionEdits(workspaceId: string, collectionId: number): CollectionEdits {
  const { edit, discard: discardEntries, version } = useChanges()
  const [pending, setPending] = useState<OutboxEntryView | null>(null)

  useEffect(() => {
    let alive = true
    // the collection's own unsent entries only (one per collection: edits replace its content)
    void call((cio) => cio.changes.outbox({ workspaceId, collectionId, limit: 10 })).then((r) => {
      if (alive && r.ok) setPending(r.value.entries.find((e) => e.op === 'collection') ?? null)
    })
    return () => {
      alive = false
    }
  }, [workspaceId, collectionId, version])

  const change = useCallback(
    async (mutate: (rows: Row[]) => Row[] | string): Promise<string | null> => {
      const read = await readAllRows(workspaceId, collectionId)
      if (!read.ok) return read.error.message
      const next = mutate(read.rows)
      if (typeof next === 'string') return next
      const error = await edit({ kind: 'collection', collectionId, rows: next })
      return error ? error.message : null
    },
    [workspaceId, collectionId, edit],
  )

  const setCell = useCallback(
    (index: number, column: string, value: unknown) =>
      change((rows) => {
        if (!rows[index]) return `Row ${index + 1} is no longer in the collection; it may have been removed. Read the rows again.`
        const row = { ...rows[index] }
        if (value === null) delete row[column]
        else row[column] = value
        rows[index] = row
        return rows
      }),
    [change],
  )
  const addRow = useCallback((row: Row) => change((rows) => [...rows, row]), [change])
  const removeRow = useCallback(
    (index: number) =>
      change((rows) => {
        if (!rows[index]) return `Row ${index + 1} is no longer in the collection.`
        return rows.filter((_, i) => i !== index)
      }),
    [change],
  )
  const discard = useCallback(async () => {
    if (!pending) return null
    const error = await discardEntries([pending.id])
    return error ? error.message : null
  }, [pending, discardEntries])

  return { pending, setCell, addRow, removeRow, discard }
}
