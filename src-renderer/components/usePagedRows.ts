// Rows of a very long list, fetched a page at a time for the range a virtual grid shows.
// Never loads everything: the first page gives `total`, later pages come on demand, pages far from
// the visible range are dropped, and a new query key starts a fresh cache.
import { useCallback, useEffect, useRef, useState } from 'react'
import type { IpcError, Result } from '../api'

export interface PageAnswer<T> {
  total: number
  rows: T[]
}

interface PagedRowsOptions<T, P extends PageAnswer<T>> {
  /** identifies the query (filters, sort, data version…); null means "nothing to fetch yet" */
  queryKey: string | null
  fetchPage: (offset: number, limit: number) => Promise<Result<P>>
  pageSize?: number
  /** how many pages to keep around the visible range */
  keepPages?: number
}

export interface PagedRows<T, P> {
  /** null until the first page of the current query has answered */
  total: number | null
  /** the first answer of the current query (for extra fields such as columns or timing) */
  first: P | null
  error: IpcError | null
  rowAt: (index: number) => T | undefined
  /** tell the cache which rows are on screen; missing pages are fetched */
  requestRange: (firstIndex: number, lastIndex: number) => void
  reload: () => void
  /** reads the rows on screen again, showing the old ones until the new ones arrive (after an edit) */
  refresh: () => void
}

/** Waits this long for scrolling to settle before fetching pages that are not next to loaded ones. */
const SETTLE_MS = 40

export function usePagedRows<T, P extends PageAnswer<T>>(options: PagedRowsOptions<T, P>): PagedRows<T, P> {
  const { queryKey, pageSize = 200, keepPages = 10 } = options
  const fetchRef = useRef(options.fetchPage)
  fetchRef.current = options.fetchPage

  const pages = useRef(new Map<number, T[]>())
  const inflight = useRef(new Set<number>())
  const generation = useRef(0)
  const range = useRef<[number, number]>([0, 0])
  const settleTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined)
  const [, setVersion] = useState(0)
  const [answer, setAnswer] = useState<{ total: number | null; first: P | null; error: IpcError | null }>({
    total: null,
    first: null,
    error: null,
  })

  const dropFarPages = useCallback(() => {
    if (pages.current.size <= keepPages) return
    const center = Math.floor((range.current[0] + range.current[1]) / 2 / pageSize)
    const byDistance = [...pages.current.keys()].sort((a, b) => Math.abs(b - center) - Math.abs(a - center))
    for (const page of byDistance.slice(0, pages.current.size - keepPages)) pages.current.delete(page)
  }, [keepPages, pageSize])

  const loadPage = useCallback(
    (page: number, force = false) => {
      if (!force && (pages.current.has(page) || inflight.current.has(page))) return
      const gen = generation.current
      inflight.current.add(page)
      void fetchRef.current(page * pageSize, pageSize).then((r) => {
        if (gen !== generation.current) return // the query changed meanwhile
        inflight.current.delete(page)
        if (!r.ok) {
          setAnswer((a) => ({ ...a, error: r.error }))
          return
        }
        pages.current.set(page, r.value.rows)
        dropFarPages()
        setAnswer((a) => ({ total: r.value.total, first: a.first ?? r.value, error: null }))
        setVersion((v) => v + 1)
      })
    },
    [pageSize, dropFarPages],
  )

  const pagesOf = useCallback(
    (firstIndex: number, lastIndex: number) => {
      const out: number[] = []
      for (let p = Math.floor(Math.max(0, firstIndex) / pageSize); p <= Math.floor(Math.max(0, lastIndex) / pageSize); p++) out.push(p)
      return out
    },
    [pageSize],
  )

  const requestRange = useCallback(
    (firstIndex: number, lastIndex: number) => {
      range.current = [firstIndex, lastIndex]
      const wanted = pagesOf(firstIndex, lastIndex).filter((p) => !pages.current.has(p) && !inflight.current.has(p))
      if (wanted.length === 0) return
      // Scrolling on from loaded rows fetches at once; a jump (scrollbar drag) waits until it settles,
      // so the pages flown over are never requested.
      const nextToLoaded = wanted.every((p) => pages.current.has(p - 1) || pages.current.has(p + 1))
      clearTimeout(settleTimer.current)
      if (nextToLoaded) wanted.forEach((p) => loadPage(p))
      else settleTimer.current = setTimeout(() => pagesOf(...range.current).forEach((p) => loadPage(p)), SETTLE_MS)
    },
    [pagesOf, loadPage],
  )

  const reset = useCallback(() => {
    generation.current += 1
    pages.current.clear()
    inflight.current.clear()
    clearTimeout(settleTimer.current)
  }, [])

  // A new query: forget everything, start again from the top.
  useEffect(() => {
    reset()
    range.current = [0, 0]
    setAnswer({ total: null, first: null, error: null })
    if (queryKey != null) loadPage(0)
  }, [queryKey, reset, loadPage])

  useEffect(() => () => clearTimeout(settleTimer.current), [])

  const reload = useCallback(() => {
    reset()
    setAnswer((a) => ({ ...a, first: null, error: null }))
    pagesOf(...range.current).forEach((p) => loadPage(p))
  }, [reset, pagesOf, loadPage])

  const refresh = useCallback(() => {
    generation.current += 1
    inflight.current.clear()
    clearTimeout(settleTimer.current)
    const onScreen = new Set(pagesOf(...range.current))
    for (const page of [...pages.current.keys()]) if (!onScreen.has(page)) pages.current.delete(page)
    onScreen.forEach((page) => loadPage(page, true))
  }, [pagesOf, loadPage])

  const rowAt = useCallback(
    (index: number) => {
      const page = pages.current.get(Math.floor(index / pageSize))
      return page ? page[index % pageSize] : undefined
    },
    [pageSize],
  )

  return { total: answer.total, first: answer.first, error: answer.error, rowAt, requestRange, reload, refresh }
}
