// What the People screen asks the mirror: search text (debounced), filters, sort, tombstones, and
// the attribute columns shown (remembered per workspace in localStorage).
import { useCallback, useEffect, useMemo, useState } from 'react'
import type { PeopleFilter, SavedView } from '../../api'
import type { GridSort } from '../../components/VirtualGrid'

const SEARCH_DEBOUNCE_MS = 150

const columnsKey = (workspaceId: string) => `cio-sync.people.columns.${workspaceId}`

function readColumns(workspaceId: string | null): string[] | null {
  if (!workspaceId) return null
  try {
    const raw = localStorage.getItem(columnsKey(workspaceId))
    const parsed: unknown = raw ? JSON.parse(raw) : null
    return Array.isArray(parsed) && parsed.every((c) => typeof c === 'string') ? parsed : null
  } catch {
    return null
  }
}

export interface PeopleQueryState {
  /** what is in the search box right now */
  text: string
  setText: (text: string) => void
  /** the text actually searched, SEARCH_DEBOUNCE_MS after typing stops */
  searchText: string
  filters: PeopleFilter[]
  addFilter: (f: PeopleFilter) => void
  removeFilter: (index: number) => void
  sort: GridSort
  setSort: (sort: GridSort) => void
  includeDeleted: boolean
  setIncludeDeleted: (v: boolean) => void
  /** attribute columns chosen for this workspace; null until the user chooses */
  chosenColumns: string[] | null
  setColumns: (columns: string[]) => void
  /** true when text or filters narrow the list */
  narrowed: boolean
  clearSearchAndFilters: () => void
  applyView: (view: SavedView) => void
}

export function usePeopleQuery(workspaceId: string | null): PeopleQueryState {
  const [text, setText] = useState('')
  const [searchText, setSearchText] = useState('')
  const [filters, setFilters] = useState<PeopleFilter[]>([])
  const [sort, setSort] = useState<GridSort>(null)
  const [includeDeleted, setIncludeDeleted] = useState(false)
  const [chosenColumns, setChosenColumns] = useState<string[] | null>(() => readColumns(workspaceId))

  // Another workspace: its own columns, and a fresh search.
  useEffect(() => {
    setChosenColumns(readColumns(workspaceId))
    setText('')
    setSearchText('')
    setFilters([])
    setSort(null)
  }, [workspaceId])

  useEffect(() => {
    const t = setTimeout(() => setSearchText(text.trim()), SEARCH_DEBOUNCE_MS)
    return () => clearTimeout(t)
  }, [text])

  const setColumns = useCallback(
    (columns: string[]) => {
      setChosenColumns(columns)
      if (!workspaceId) return
      try {
        localStorage.setItem(columnsKey(workspaceId), JSON.stringify(columns))
      } catch {
        // storage full or disabled: the choice lasts for this window only
      }
    },
    [workspaceId],
  )

  const addFilter = useCallback((f: PeopleFilter) => setFilters((fs) => [...fs, f]), [])
  const removeFilter = useCallback((index: number) => setFilters((fs) => fs.filter((_, i) => i !== index)), [])

  const clearSearchAndFilters = useCallback(() => {
    setText('')
    setSearchText('')
    setFilters([])
  }, [])

  const applyView = useCallback(
    (view: SavedView) => {
      setText(view.query.text)
      setSearchText(view.query.text.trim())
      setFilters(view.query.filters)
      if (view.columns.length) setColumns(view.columns)
    },
    [setColumns],
  )

  return useMemo(
    () => ({
      text,
      setText,
      searchText,
      filters,
      addFilter,
      removeFilter,
      sort,
      setSort,
      includeDeleted,
      setIncludeDeleted,
      chosenColumns,
      setColumns,
      narrowed: searchText !== '' || filters.length > 0,
      clearSearchAndFilters,
      applyView,
    }),
    [text, searchText, filters, addFilter, removeFilter, sort, includeDeleted, chosenColumns, setColumns, clearSearchAndFilters, applyView],
  )
}
