// The plan's counts in the diff language: each bucket with its colour, symbol AND word.
import { DiffTag } from '../../components/DiffTag'
import { formatCount } from '../../components/format'
import { BUCKET_DIFF, BUCKET_LABEL } from './FieldChanges'
import { bucketsOf, type ImportSummary, type PlanBucket } from './importKinds'

export function bucketCount(s: ImportSummary, b: PlanBucket): number {
  return b === 'duplicate' ? s.duplicates : s[b]
}

export function SummaryChips({ summary }: { summary: ImportSummary }) {
  return (
    <ul className="summary-chips" aria-label="Planned rows by outcome">
      <li className="summary-total">
        <strong>{formatCount(summary.rows)}</strong> {summary.rows === 1 ? 'row' : 'rows'}
      </li>
      {bucketsOf(summary).map((b) => (
        <li key={b} className={bucketCount(summary, b) === 0 ? 'is-zero' : undefined}>
          <DiffTag kind={BUCKET_DIFF[b]}>
            <span className="chip-count">{formatCount(bucketCount(summary, b))}</span> {BUCKET_LABEL[b].toLowerCase()}
          </DiffTag>
        </li>
      ))}
    </ul>
  )
}
