// The People toolbar: the search box (focus it with "/"), filters, columns, "Show deleted",
// saved views, and how many people match.
import { useEffect, useMemo, useRef, useState } from 'react'
import { formatCount } from '../../components/format'
import { useRegisterCommands, type Command } from '../../state/commands'
import { ColumnChooser } from './ColumnChooser'
import { FilterChips, FilterForm } from './FilterBar'
import { SavedViews } from './SavedViews'
import type { PeopleQueryState } from './usePeopleQuery'

interface PeopleToolbarProps {
  workspaceId: string
  query: PeopleQueryState
  columns: string[]
  available: { name: string; count: number }[]
  total: number | null
  tookMs: number | null
}

function typingInField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName)
}

export function PeopleToolbar({ workspaceId, query, columns, available, total, tookMs }: PeopleToolbarProps) {
  const searchRef = useRef<HTMLInputElement>(null)
  const [filtering, setFiltering] = useState(false)

  // "/" jumps to the search box from anywhere on the screen (but not while typing elsewhere).
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey || typingInField(e.target)) return
      e.preventDefault()
      searchRef.current?.focus()
      searchRef.current?.select()
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [])
  // The same from the command palette, which also lists "/" as its shortcut.
  useRegisterCommands(
    useMemo<Command[]>(() => [{ id: 'people.search', label: 'Search people', group: 'This screen', shortcut: '/', keywords: ['find', 'email', 'id'], run: () => searchRef.current?.focus() }], []),
  )

  return (
    <div className="people-toolbar">
      <div className="toolbar">
        <div className="search-box">
          <input
            ref={searchRef}
            type="search"
            aria-label="Search people"
            placeholder="Search id, email or name"
            value={query.text}
            onChange={(e) => query.setText(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Escape' && query.text) {
                e.preventDefault()
                query.setText('')
              }
            }}
            aria-keyshortcuts="/"
          />
          {query.text ? null : <kbd aria-hidden="true">/</kbd>}
        </div>
        <button type="button" aria-expanded={filtering} onClick={() => setFiltering((f) => !f)}>
          Filter{query.filters.length ? ` (${query.filters.length})` : ''}
        </button>
        <ColumnChooser available={available} chosen={columns} onChange={query.setColumns} />
        <label className="inline-check">
          <input type="checkbox" checked={query.includeDeleted} onChange={(e) => query.setIncludeDeleted(e.target.checked)} />
          Show deleted
        </label>
        <span className="result-count" aria-live="polite" aria-atomic="true">
          {total == null ? 'Searching…' : `${formatCount(total)} ${total === 1 ? 'person' : 'people'}`}
          {total != null && tookMs != null ? <span className="muted"> · {Math.round(tookMs)} ms</span> : null}
        </span>
        <div className="toolbar-spacer" />
        <SavedViews
          workspaceId={workspaceId}
          current={{ text: query.text.trim(), filters: query.filters, columns }}
          onApply={query.applyView}
        />
      </div>
      {filtering ? <FilterForm attributes={available.map((c) => c.name)} onAdd={query.addFilter} onClose={() => setFiltering(false)} /> : null}
      <FilterChips filters={query.filters} onRemove={query.removeFilter} />
    </div>
  )
}
