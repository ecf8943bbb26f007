// The People grid's columns: the email (frozen, with the row's expand button and its state mark:
// deleted, edited), the other identifiers, Customer.io's update time and the last pull, then the
// attribute columns the user chose. A pending local edit shows in the diff "update" style with a
// mark and a hidden label, never by colour alone. ID, email and attribute cells can be edited in
// place. Attributes that are times (created_at…) read as local dates, the raw value on hover.
import type { EditValue, PersonRow } from '../../api'
import { DiffTag } from '../../components/DiffTag'
import { formatValue } from '../../components/format'
import { editText, parseEdit, typeOf } from '../../components/InlineEdit'
import { formatLocalDateTime, rawTimeTitle, timestampOf } from '../../components/timestamps'
import type { GridCellEdit, GridColumn } from '../../components/VirtualGrid'
import { personName } from './PersonPanel'

/** What an in-place edit of a cell does; each answers an error message, or null once recorded. */
export interface PeopleCellEdits {
  setAttribute: (row: PersonRow, name: string, value: EditValue) => Promise<string | null>
  setIdentifier: (row: PersonRow, field: 'id' | 'email', value: string) => Promise<string | null>
}

/** Built-in columns and the sort key the engine knows them by. */
const IDENTIFIER_FIELDS: Record<string, keyof PersonRow> = { id: 'id', email: 'email', cio_id: 'cioId' }

/** Attributes shown first when nothing was chosen yet. */
const PREFERRED_DEFAULTS = ['first_name', 'last_name', 'name', 'plan', 'created_at']

export function defaultAttributeColumns(available: { name: string; count: number }[]): string[] {
  const names = available.map((c) => c.name).filter((n) => !(n in IDENTIFIER_FIELDS))
  const preferred = PREFERRED_DEFAULTS.filter((n) => names.includes(n))
  const common = [...available]
    .filter((c) => !(c.name in IDENTIFIER_FIELDS) && !preferred.includes(c.name))
    .sort((a, b) => b.count - a.count)
    .map((c) => c.name)
  return [...preferred, ...common].slice(0, 3)
}

function isPending(row: PersonRow, field: string): boolean {
  return row.pending.includes(field)
}

function Value({ row, field, value, mono = false }: { row: PersonRow; field: string; value: unknown; mono?: boolean }) {
  const text = formatValue(value)
  const pending = isPending(row, field)
  const time = mono ? null : timestampOf(field, value)
  return (
    <>
      {pending ? (
        <span className="pending-mark" title="Edited here, not pushed yet">
          <span aria-hidden="true">~</span>
          <span className="sr-only">Pending edit: </span>
        </span>
      ) : null}
      {text === '' ? (
        <span className="cell-empty" aria-label="empty">
          —
        </span>
      ) : time !== null ? (
        <time className="cell-text cell-date" dateTime={new Date(time).toISOString()} title={rawTimeTitle(value)}>
          {formatLocalDateTime(time)}
        </time>
      ) : (
        <span className={`cell-text${mono ? ' cell-mono' : ''}`} title={text}>
          {text}
        </span>
      )}
    </>
  )
}

function pendingClass(field: string) {
  return (row: PersonRow) => (isPending(row, field) ? 'cell-pending' : undefined)
}

function StateMark({ row }: { row: PersonRow }) {
  if (row.deletedAt != null) return <DiffTag kind="clear">Deleted</DiffTag>
  if (row.pending.length > 0) return <DiffTag kind="update">Edited</DiffTag>
  return null
}

/** A time the mirror keeps (epoch ms): a local date, the exact time on hover. */
function When({ at, none }: { at: number | null; none: string }) {
  if (at == null) return <span className="cell-empty">{none}</span>
  const iso = new Date(at).toISOString()
  return (
    <time className="cell-text cell-date" dateTime={iso} title={iso}>
      {formatLocalDateTime(at)}
    </time>
  )
}

/**
 * The frozen first cell: the expand button (out of the tab order: the grid's keyboard is Space),
 * the email, and the row's state mark, which takes no room when there is none.
 */
function EmailCell({ row, onExpand }: { row: PersonRow; onExpand?: (row: PersonRow) => void }) {
  return (
    <>
      {onExpand ? (
        <button type="button" tabIndex={-1} className="row-expand" aria-label={`Open ${personName(row)}`} title="Open (Space)" onClick={() => onExpand(row)}>
          <span aria-hidden="true">⤢</span>
        </button>
      ) : null}
      <Value row={row} field="email" value={row.email} />
      <StateMark row={row} />
    </>
  )
}

const canEdit = (row: PersonRow) => row.deletedAt == null

function identifierEdit(field: 'id' | 'email', header: string, edits: PeopleCellEdits): GridCellEdit<PersonRow> {
  return {
    label: (r) => `${header} of ${personName(r)}`,
    initial: (r) => r[field] ?? '',
    can: canEdit,
    commit: async (r, text) => {
      const value = text.trim()
      if (value === (r[field] ?? '')) return null
      if (value === '') return `${header} cannot be empty.`
      return edits.setIdentifier(r, field, value)
    },
  }
}

function attributeEdit(name: string, edits: PeopleCellEdits): GridCellEdit<PersonRow> {
  return {
    label: (r) => `${name} of ${personName(r)}`,
    initial: (r) => editText(r.attributes[name]),
    can: canEdit,
    commit: async (r, text) => {
      const old = r.attributes[name]
      if (text === editText(old)) return null
      return edits.setAttribute(r, name, parseEdit(text, typeOf(old)))
    },
  }
}

export function peopleColumns(attributes: string[], edits?: PeopleCellEdits, onExpand?: (row: PersonRow) => void): GridColumn<PersonRow>[] {
  const fixed: GridColumn<PersonRow>[] = [
    {
      id: 'email',
      header: 'Email',
      width: 250,
      sortable: true,
      frozen: true,
      cell: (r) => <EmailCell row={r} onExpand={onExpand} />,
      cellClass: (r) => `cell-email${isPending(r, 'email') ? ' cell-pending' : ''}`,
      edit: edits ? identifierEdit('email', 'Email', edits) : undefined,
    },
    {
      id: 'id',
      header: 'ID',
      width: 130,
      sortable: true,
      cell: (r) => <Value row={r} field="id" value={r.id} mono />,
      cellClass: pendingClass('id'),
      edit: edits ? identifierEdit('id', 'ID', edits) : undefined,
    },
    { id: 'cio_id', header: 'cio_id', width: 120, sortable: true, cell: (r) => <Value row={r} field="cio_id" value={r.cioId} mono /> },
    // Customer.io's own update time; the mirror's copy of the person is "Pulled"
    { id: 'remote_updated_at', header: 'Updated', width: 170, sortable: true, cell: (r) => <When at={r.remoteUpdatedAt} none="—" /> },
    { id: 'pulled_at', header: 'Pulled', width: 170, sortable: true, cell: (r) => <When at={r.pulledAt} none="Not pulled" /> },
  ]
  const chosen = attributes.map<GridColumn<PersonRow>>((name) => ({
    id: `attr:${name}`,
    header: name,
    width: 150,
    sortable: true,
    cell: (r) => <Value row={r} field={name} value={r.attributes[name]} />,
    cellClass: pendingClass(name),
    edit: edits ? attributeEdit(name, edits) : undefined,
  }))
  return [...fixed, ...chosen]
}

/** The grid's column id → the `sort.column` the engine expects (built-ins by name, attributes bare). */
export function sortColumnOf(columnId: string): string {
  return columnId.startsWith('attr:') ? columnId.slice(5) : columnId
}
