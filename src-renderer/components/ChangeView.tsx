// One outbox entry (a local edit waiting to be pushed) in the diff language: an attribute or an
// identifier as old → new (create when it had no value, clear when the edit removes it), a segment
// membership as add / remove, a person as delete / suppress; and its outbox state as a tag. Shared
// by the person panel, the Changes screen and the Conflicts screen.
import type { OutboxEntryView } from '../api'
import { DiffTag, DiffValue, type DiffKind } from './DiffTag'
import { formatValue } from './format'

type Entry = Pick<OutboxEntryView, 'field' | 'old' | 'new'>

const absent = (v: unknown) => v === null || v === undefined

/** `segment:12` → 12, else null. */
export function segmentOf(field: string): number | null {
  const m = /^segment:(\d+)$/.exec(field)
  return m ? Number(m[1]) : null
}

function action(v: unknown): string {
  return typeof v === 'string' ? v : v === true ? 'add' : v === false ? 'remove' : formatValue(v)
}

/** What an entry does, as a diff kind and a short word for its tag. */
export function changeKind(e: Entry): { kind: DiffKind; label: string } {
  if (segmentOf(e.field) != null) {
    const a = action(e.new)
    return a === 'remove' || a === 'leave' ? { kind: 'clear', label: 'Remove' } : { kind: 'create', label: 'Add' }
  }
  if (e.field === 'person') {
    const a = action(e.new)
    if (a === 'delete') return { kind: 'clear', label: 'Delete' }
    if (a === 'suppress') return { kind: 'clear', label: 'Suppress' }
    if (a === 'unsuppress') return { kind: 'create', label: 'Unsuppress' }
    return { kind: 'update', label: a || 'Change' }
  }
  if (e.field === 'collection') return { kind: 'update', label: 'Replace rows' }
  if (absent(e.new)) return { kind: 'clear', label: 'Clear' }
  if (absent(e.old)) return { kind: 'create', label: 'Set' }
  return { kind: 'update', label: 'Update' }
}

/** A human name for the field: "plan", "Email", "segment “VIP”", "the person". */
export function fieldName(field: string, segmentNames?: ReadonlyMap<number, string>): string {
  const seg = segmentOf(field)
  if (seg != null) return `segment “${segmentNames?.get(seg) ?? seg}”`
  if (field === 'email') return 'Email'
  if (field === 'id') return 'ID'
  if (field === 'person') return 'the person'
  if (field === 'collection') return 'collection rows'
  return field
}

/** A value as shown in a diff: "empty" (never a blank) when absent. */
export function ShownValue({ value }: { value: unknown }) {
  const text = formatValue(value)
  return text === '' ? <span className="cell-empty">empty</span> : <>{text}</>
}

/** The entry's tag and its old → new (or the action), on one line. */
export function ChangeView({ entry, segmentNames }: { entry: Entry; segmentNames?: ReadonlyMap<number, string> }) {
  const { kind, label } = changeKind(entry)
  const seg = segmentOf(entry.field)
  let detail
  if (seg != null) {
    detail = (
      <span>
        {label === 'Remove' ? 'from' : 'to'} {fieldName(entry.field, segmentNames)}
      </span>
    )
  } else if (entry.field === 'person') {
    detail = <span className="muted">in Customer.io</span>
  } else if (entry.field === 'collection') {
    detail = null
  } else if (kind === 'clear') {
    detail = (
      <del className="diff-old">
        <span className="sr-only">was </span>
        <ShownValue value={entry.old} />
      </del>
    )
  } else if (kind === 'create') {
    detail = (
      <ins className="diff-new">
        <ShownValue value={entry.new} />
      </ins>
    )
  } else {
    detail = <DiffValue from={<ShownValue value={entry.old} />} to={<ShownValue value={entry.new} />} />
  }
  return (
    <span className="change-view">
      <DiffTag kind={kind}>{label}</DiffTag> {detail}
    </span>
  )
}

/** The outbox state as a tag: failed and conflicts stand out, pending is quiet. */
export function EntryState({ entry }: { entry: Pick<OutboxEntryView, 'state' | 'lastError' | 'attempts'> }) {
  switch (entry.state) {
    case 'conflict':
      return <DiffTag kind="conflict">Conflict</DiffTag>
    case 'failed':
      return <DiffTag kind="invalid">Failed</DiffTag>
    case 'may_have_applied':
      return (
        <span className="badge badge-plain" title="The request timed out: Customer.io may have applied it. The next push checks first.">
          <span aria-hidden="true">?&nbsp;</span>May have applied
        </span>
      )
    case 'sending':
      return <span className="badge badge-plain">Sending…</span>
    case 'sent':
      return <span className="badge badge-plain">Sent</span>
    default:
      return <span className="badge badge-plain">Pending</span>
  }
}
