// People: the offline grid over the mirror. One million rows stay smooth: only `total` and the
// pages on screen are ever fetched. A click or the arrows select a cell; Enter (or a double
// click) edits it offline, as a pending change; Space or a row's expand button opens the person
// panel, whose person is in the URL (Back closes it); Escape closes it too.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { call, type IpcError, type PeoplePage, type PersonRow } from '../../api'
import { EmptyState, Screen } from '../../components/EmptyState'
import { ErrorAlert } from '../../components/ErrorAlert'
import { usePagedRows } from '../../components/usePagedRows'
import { VirtualGrid } from '../../components/VirtualGrid'
import { useChanges } from '../../state/changes'
import { useJobs } from '../../state/jobs'
import { useWorkspaces } from '../../state/workspaces'
import { defaultAttributeColumns, peopleColumns, sortColumnOf, type PeopleCellEdits } from './peopleColumns'
import { PeopleToolbar } from './PeopleToolbar'
import { PersonPanel } from './PersonPanel'
import { SegmentFilterChip, useSegmentFilter } from './SegmentFilter'
import { usePeopleQuery } from './usePeopleQuery'
import { usePersonRoute } from './usePersonRoute'

function rowClasses(row: PersonRow, openPk: number | null): string | undefined {
  const classes = [row.deletedAt != null ? 'is-deleted' : '', row.pk === openPk ? 'is-open' : ''].filter(Boolean)
  return classes.length ? classes.join(' ') : undefined
}

export function PeopleScreen() {
  const { active } = useWorkspaces()
  const { mirrorVersion, startPull, current } = useJobs()
  const { edit, version: changesVersion } = useChanges()
  const workspaceId = active?.id ?? null
  const query = usePeopleQuery(workspaceId)
  const [available, setAvailable] = useState<{ name: string; count: number }[]>([])
  const [selected, setSelected] = useState<number | null>(null)
  const person = usePersonRoute(workspaceId)
  const panelRow = person.row
  const [pullError, setPullError] = useState<IpcError | null>(null)
  const bodyRef = useRef<HTMLDivElement>(null)

  useEffect(() => {
    if (!workspaceId) return
    let alive = true
    void call((cio) => cio.people.columns({ workspaceId })).then((r) => {
      if (alive && r.ok) setAvailable(r.value.columns)
    })
    return () => {
      alive = false
    }
  }, [workspaceId, mirrorVersion])

  const attributes = useMemo(() => query.chosenColumns ?? defaultAttributeColumns(available), [query.chosenColumns, available])
  const edits = useMemo<PeopleCellEdits>(
    () => ({
      setAttribute: async (row, name, value) => (await edit({ kind: 'attributes', pk: row.pk, set: { [name]: value } }))?.message ?? null,
      setIdentifier: async (row, field, value) => (await edit({ kind: 'identifier', pk: row.pk, field, value }))?.message ?? null,
    }),
    [edit],
  )
  const { open: openPerson, follow: followPerson, close: closePerson } = person
  const columns = useMemo(() => peopleColumns(attributes, edits, openPerson), [attributes, edits, openPerson])

  const segmentFilter = useSegmentFilter(workspaceId)
  const { segmentId } = segmentFilter
  const { searchText, filters, sort, includeDeleted } = query
  const searchKey = JSON.stringify({ workspaceId, searchText, filters, sort, includeDeleted, segmentId })
  const queryKey = workspaceId ? `${searchKey}#${mirrorVersion}` : null
  const fetchPage = useCallback(
    (offset: number, limit: number) =>
      call<PeoplePage>((cio) =>
        cio.people.search({
          workspaceId: workspaceId ?? undefined,
          text: searchText,
          filters,
          segmentId: segmentId ?? undefined,
          includeDeleted,
          sort: sort ? { column: sortColumnOf(sort.column), dir: sort.dir } : undefined,
          offset,
          limit,
        }),
      ),
    [workspaceId, searchText, filters, segmentId, includeDeleted, sort],
  )
  const rows = usePagedRows<PersonRow, PeoplePage>({ queryKey, fetchPage, pageSize: 200 })

  // A new search starts with nothing selected.
  useEffect(() => setSelected(null), [searchKey])

  // An edit, discard or push changed some rows: read the rows on screen again, in place.
  const { refresh } = rows
  const seenChanges = useRef(changesVersion)
  useEffect(() => {
    if (seenChanges.current === changesVersion) return
    seenChanges.current = changesVersion
    refresh()
  }, [changesVersion, refresh])

  // the selected cell holds the grid's tab stop; the grid itself when none is on screen
  const focusGrid = () => {
    const body = bodyRef.current
    ;(body?.querySelector<HTMLElement>('[role="gridcell"][tabindex="0"]') ?? body?.querySelector<HTMLElement>('[role="grid"]'))?.focus()
  }

  const panelOpen = panelRow !== null
  const select = useCallback(
    (index: number) => {
      setSelected(index)
      const row = rows.rowAt(index)
      if (row) followPerson(row)
    },
    [rows, followPerson],
  )
  const open = useCallback(
    (index: number) => {
      const row = rows.rowAt(index)
      if (row) openPerson(row)
    },
    [rows, openPerson],
  )
  const closePanel = () => {
    closePerson()
    focusGrid()
  }

  async function pull() {
    setPullError(await startPull())
  }

  if (!active) {
    return (
      <Screen title="People" subtitle="Everyone in the local mirror of the active workspace.">
        <EmptyState title="No active workspace" icon="◉" actions={<a href="#/workspaces">Choose a workspace</a>}>
          <p>Choose or add a workspace, then pull it to review its people offline.</p>
        </EmptyState>
      </Screen>
    )
  }

  const pulling = current != null && (current.kind === 'pull' || current.kind === 'pull-and-push')
  const emptyMirror = rows.total === 0 && !query.narrowed && !includeDeleted && segmentId === null
  const noMatches = rows.total === 0 && !emptyMirror

  return (
    <Screen title="People" subtitle={`Everyone in the local mirror of “${active.name}”. Press / to search; Enter edits a cell, Space opens the person.`} fill>
      <PeopleToolbar
        workspaceId={active.id}
        query={query}
        columns={attributes}
        available={available}
        total={rows.total}
        tookMs={rows.first?.tookMs ?? null}
      />
      <SegmentFilterChip filter={segmentFilter} />
      {rows.error ? <ErrorAlert title="Could not read people from the mirror" error={rows.error} onRetry={rows.reload} /> : null}
      {pullError ? <ErrorAlert title="Could not start the pull" error={pullError} onDismiss={() => setPullError(null)} /> : null}
      {person.error ? <ErrorAlert title="Could not open this person" error={person.error} onDismiss={closePerson} /> : null}

      {emptyMirror ? (
        <EmptyState
          title="No people in the mirror yet"
          icon="◉"
          actions={
            <button type="button" className="primary" onClick={() => void pull()} disabled={pulling}>
              {pulling ? 'Pulling…' : 'Pull only'}
            </button>
          }
        >
          <p>Pull the workspace to review its people offline. The pull copies everyone from Customer.io into the local mirror.</p>
        </EmptyState>
      ) : noMatches ? (
        <EmptyState
          title="No people match"
          icon="◉"
          actions={
            query.narrowed ? (
              <button type="button" onClick={query.clearSearchAndFilters}>
                Clear search and filters
              </button>
            ) : null
          }
        >
          <p>
            Nobody in the mirror matches {query.narrowed ? 'this search and these filters' : 'this view'}.
            {includeDeleted ? null : ' People deleted in Customer.io are hidden; tick “Show deleted” to include them.'}
          </p>
        </EmptyState>
      ) : (
        <div className="people-body" ref={bodyRef}>
          <VirtualGrid
            label="People"
            columns={columns}
            total={rows.total ?? 0}
            rowAt={rows.rowAt}
            onRangeChange={rows.requestRange}
            selected={selected}
            onSelect={select}
            onOpen={open}
            onExpand={open}
            cellFocus
            onEscape={() => (panelOpen ? closePerson() : undefined)}
            sort={sort}
            onSortChange={query.setSort}
            rowClass={(r) => rowClasses(r, panelRow?.pk ?? null)}
            scrollResetKey={searchKey}
          />
          {panelRow ? <PersonPanel workspaceId={active.id} row={panelRow} onClose={closePanel} /> : null}
        </div>
      )}
    </Screen>
  )
}
