// A row's field changes in the diff language: `field: old → new`, old struck through and new
// highlighted; a cleared attribute reads "cleared"; a new value has no old side.
import { DiffTag, DiffValue } from '../../components/DiffTag'
import { formatValue } from '../../components/format'
import type { FieldChange, PlanBucket, PlanRow } from './importKinds'
import type { DiffKind } from '../../components/DiffTag'

export const BUCKET_DIFF: Record<PlanBucket, DiffKind> = {
  create: 'create',
  update: 'update',
  unchanged: 'unchanged',
  invalid: 'invalid',
  duplicate: 'conflict',
  delete: 'delete',
}

export const BUCKET_LABEL: Record<PlanBucket, string> = {
  create: 'Create',
  update: 'Update',
  unchanged: 'Unchanged',
  invalid: 'Invalid',
  duplicate: 'Duplicate',
  delete: 'Delete',
}

export function BucketTag({ bucket }: { bucket: PlanBucket }) {
  return <DiffTag kind={BUCKET_DIFF[bucket]}>{BUCKET_LABEL[bucket]}</DiffTag>
}

function shown(v: FieldChange['from']) {
  const s = formatValue(v)
  return s === '' ? <span className="cell-empty">empty</span> : s
}

export function FieldChangeView({ change }: { change: FieldChange }) {
  return (
    <span className={`field-change change-${change.kind}`}>
      <span className="change-field">{change.field}:</span>{' '}
      {change.kind === 'clear' ? (
        <>
          <del className="diff-old">
            <span className="sr-only">was </span>
            {shown(change.from)}
          </del>{' '}
          <DiffTag kind="clear">cleared</DiffTag>
        </>
      ) : change.kind === 'set' || change.from === undefined ? (
        <ins className="diff-new">{shown(change.to)}</ins>
      ) : (
        <DiffValue from={shown(change.from)} to={shown(change.to)} />
      )}
    </span>
  )
}

/** All changes of a row on one line (the grid), or the reason it is not sent. */
export function RowChanges({ row }: { row: PlanRow }) {
  // a deletion carries no field changes worth reading: say what it does, in the deletion's colour
  if (row.bucket === 'delete') return <span className="delete-note">Deletes {row.identifier ?? 'the person'}{row.message ? ` · ${row.message}` : ''}</span>
  if (row.changes.length === 0) {
    return <span className="muted">{row.message ?? (row.bucket === 'unchanged' ? 'same as in Customer.io — not sent' : '—')}</span>
  }
  return (
    <span className="row-changes">
      {row.changes.map((c) => (
        <FieldChangeView key={c.field} change={c} />
      ))}
      {row.message ? <span className="muted"> · {row.message}</span> : null}
    </span>
  )
}

/** Plain text of a row's changes, for a tooltip. */
export function changesText(row: PlanRow): string {
  const parts = row.changes.map((c) =>
    c.kind === 'clear' ? `${c.field}: ${formatValue(c.from)} → cleared` : c.from === undefined ? `${c.field}: ${formatValue(c.to)}` : `${c.field}: ${formatValue(c.from)} → ${formatValue(c.to)}`,
  )
  if (row.message) parts.push(row.message)
  return parts.join('\n')
}
