// The open person lives in the URL: "#/people/cio_a1b2" (or the id, email, or "pk:12" for someone
// created here who has neither yet). Opening a person adds a history entry, so the browser's Back
// closes the panel; a link or a reload opens it directly; moving to another row while the panel
// is open replaces the entry rather than piling them up.
import { useCallback, useEffect, useRef, useState } from 'react'
import { call, type IpcError, type PersonRow } from '../../api'
import { hrefWith, useHashSegments } from '../../components/route'

/** The URL segment naming a person: Customer.io's cio_id when known, else id, email, pk. */
export function personToken(row: Pick<PersonRow, 'pk' | 'cioId' | 'id' | 'email'>): string {
  if (row.cioId) return `cio_${row.cioId}`
  return row.id ?? row.email ?? `pk:${row.pk}`
}

function showHash(hash: string, mode: 'push' | 'replace') {
  if (mode === 'push') {
    window.location.hash = hash
    return
  }
  // replaceState fires no hashchange: announce it, so every listener reads the new hash
  window.history.replaceState(window.history.state, '', hash)
  window.dispatchEvent(new HashChangeEvent('hashchange'))
}

export interface PersonRoute {
  /** the person the panel shows, or null */
  row: PersonRow | null
  /** a link named someone the mirror does not have */
  error: IpcError | null
  /** opens (or, when a panel is open, switches to) this person */
  open: (row: PersonRow) => void
  /** switches the open panel to this person; nothing when no panel is open */
  follow: (row: PersonRow) => void
  close: () => void
}

export function usePersonRoute(workspaceId: string | null): PersonRoute {
  const token = useHashSegments()[0] ?? null
  const [row, setRow] = useState<PersonRow | null>(null)
  const [error, setError] = useState<IpcError | null>(null)
  const shown = useRef<PersonRow | null>(null)
  shown.current = row
  // true while the open person's history entry is one this screen added (Back removes it)
  const pushed = useRef(false)

  // Another workspace: the open person belonged to the one before.
  const lastWorkspace = useRef(workspaceId)
  useEffect(() => {
    if (lastWorkspace.current === workspaceId) return
    const had = lastWorkspace.current
    lastWorkspace.current = workspaceId
    if (had !== null && shown.current !== null) {
      setRow(null)
      shown.current = null
      pushed.current = false
      showHash(hrefWith('people'), 'replace')
    }
  }, [workspaceId])

  useEffect(() => {
    setError(null)
    if (token === null) {
      pushed.current = false
      setRow(null)
      return
    }
    const current = shown.current
    if (current && personToken(current) === token) return
    if (!workspaceId) return
    let alive = true
    const pk = /^pk:(\d+)$/.exec(token)
    void call((cio) => cio.people.get(pk ? { workspaceId, pk: Number(pk[1]) } : { workspaceId, ident: token })).then((r) => {
      if (!alive) return
      setRow(r.ok ? r.value.person : null)
      setError(r.ok ? null : r.error)
    })
    return () => {
      alive = false
    }
  }, [token, workspaceId])

  const open = useCallback((next: PersonRow) => {
    const wasOpen = shown.current !== null
    setRow(next)
    shown.current = next
    const hash = hrefWith('people', personToken(next))
    if (window.location.hash === hash) return
    showHash(hash, wasOpen ? 'replace' : 'push')
    if (!wasOpen) pushed.current = true
  }, [])

  const follow = useCallback(
    (next: PersonRow) => {
      if (shown.current !== null) open(next)
    },
    [open],
  )

  const close = useCallback(() => {
    setRow(null)
    shown.current = null
    setError(null)
    if (pushed.current) window.history.back()
    else showHash(hrefWith('people'), 'replace')
    pushed.current = false
  }, [])

  return { row, error, open, follow, close }
}
