// Step 3: what the plan will do, before anything is sent. Plan progress while it runs; then the
// counts, warnings, row errors and the diff grid; and the button that pushes the changes.
import { useEffect, useRef, useState } from 'react'
import { call } from '../../api'
import { formatBytes, formatCount, formatDateTime, plural } from '../../components/format'
import { useJobs } from '../../state/jobs'
import { KINDS, changesToSend, type ImportKind, type ImportSummary } from './importKinds'
import { DuplicatePairs } from './DuplicatePairs'
import { JobBar } from './JobBar'
import { PlanDataChecks } from './PlanDataChecks'
import { PlanFindings } from './PlanFindings'
import { PlanStatus } from './PlanStatus'
import { PlanGrid, type BucketFilter } from './PlanGrid'
import { SummaryChips } from './SummaryChips'
import type { TextEncoding } from './useFileIntake'
import type { ImportRun } from './useImportRun'

interface ReviewStepProps {
  run: ImportRun
  onPush: () => void
  /** an import already pushed opens its report instead */
  onOpenReport: () => void
  /** plan the same file again (after a pull); absent when the file is not at hand */
  onReplan: (() => void) | null
  /** issue 14: read the file in another encoding, or accept its stray bytes, and plan again (null: the file is not at hand) */
  onEncoding?: ((encoding: TextEncoding) => void) | null
  onAcceptStrayBytes?: ((accept: boolean) => void) | null
  acceptStrayBytes?: boolean
}

export function kindLabel(kind: string): string {
  return KINDS[kind as ImportKind]?.label ?? kind
}

export function ImportTitle({ summary }: { summary: ImportSummary }) {
  return (
    <p className="import-title">
      <strong>{summary.fileName}</strong>
      <span className="muted">
        {' '}
        · {kindLabel(summary.kind)} · {formatBytes(summary.fileBytes)} · planned {formatDateTime(summary.createdAt)}
      </span>
    </p>
  )
}

/** The import an undo plan reverts, to name it by file and date. */
function useUndoneImport(importId: string | null): ImportSummary | null {
  const [undone, setUndone] = useState<ImportSummary | null>(null)
  useEffect(() => {
    setUndone(null)
    if (!importId) return
    let alive = true
    void call((cio) => cio.imports.summary({ importId })).then((r) => alive && r.ok && setUndone(r.value))
    return () => {
      alive = false
    }
  }, [importId])
  return undone
}

function usePullThenReplan(onReplan: (() => void) | null) {
  const { startPull, mirrorVersion, current } = useJobs()
  const [waitingFrom, setWaitingFrom] = useState<number | null>(null)
  const [pulled, setPulled] = useState(false)
  const replan = useRef(onReplan)
  replan.current = onReplan

  useEffect(() => {
    if (waitingFrom == null || mirrorVersion === waitingFrom) return
    setWaitingFrom(null)
    setPulled(true)
    replan.current?.()
  }, [mirrorVersion, waitingFrom])

  async function pull() {
    setPulled(false)
    setWaitingFrom(mirrorVersion)
    const err = await startPull()
    if (err) setWaitingFrom(null)
  }
  const pulling = waitingFrom != null || current?.kind === 'pull'
  return { pull, pulling, pulled }
}

export function ReviewStep({ run, onPush, onOpenReport, onReplan, onEncoding = null, onAcceptStrayBytes = null, acceptStrayBytes = false }: ReviewStepProps) {
  const { summary, phase } = run
  const [bucket, setBucket] = useState<BucketFilter>('all')
  const { pull, pulling, pulled } = usePullThenReplan(onReplan)
  const gridRef = useRef<HTMLDivElement>(null)
  const undone = useUndoneImport(summary?.undoOf ?? null)
  // a pull may make this plan stale: read its summary again when one ends
  const { mirrorVersion } = useJobs()
  const { refreshSummary } = run
  useEffect(() => {
    if (mirrorVersion > 0) void refreshSummary()
  }, [mirrorVersion, refreshSummary])
  // the plan whose new attributes the user acknowledged: a new plan asks again
  const [acknowledged, setAcknowledged] = useState<string | null>(null)

  if (phase === 'planning' || !summary) {
    return (
      <section className="import-step" aria-labelledby="import-review-title">
        <h2 id="import-review-title" className="step-title">
          Planning…
        </h2>
        <p className="muted">Every row is validated and compared with the local mirror, field by field. Nothing is sent.</p>
        <JobBar label="Plan progress" progress={run.planProgress} unit="rows" />
      </section>
    )
  }

  const toSend = changesToSend(summary)
  // a new attribute on people the workspace has must be acknowledged before the push (issue 14)
  const unacknowledged = (summary.newAttributes ?? []).some((a) => a.existingPeople > 0) && acknowledged !== summary.id && !summary.push
  const showInvalid = () => {
    setBucket('invalid')
    requestAnimationFrame(() => gridRef.current?.querySelector<HTMLElement>('[role="grid"]')?.focus())
  }
  return (
    <section className="import-step" aria-labelledby="import-review-title">
      <div className="section-head">
        <h2 id="import-review-title" className="step-title">
          {summary.undoOf ? 'Review the undo' : 'Review the changes'}
        </h2>
        {summary.push ? (
          <button type="button" onClick={onOpenReport} title="This import was already pushed">
            See the report
          </button>
        ) : (
          <button type="button" className="primary" onClick={onPush} disabled={toSend === 0 || unacknowledged} title={unacknowledged ? 'Check the new attributes below first' : undefined}>
            {toSend === 0 ? 'Nothing to send' : `Push ${plural(toSend, 'change')}`}
          </button>
        )}
      </div>
      <ImportTitle summary={summary} />
      <PlanStatus summary={summary} onDiscard={run.discard} onPush={onPush} onReplan={onReplan} />
      {summary.undoOf ? (
        <p className="notice notice-undo" role="status">
          This plan is an undo of{' '}
          {undone ? (
            <>
              <strong>{undone.fileName}</strong> (sent {formatDateTime(undone.finishedAt ?? undone.createdAt)})
            </>
          ) : (
            <>
              import <code>{summary.undoOf}</code>
            </>
          )}
          : it puts back the values that import changed. People it created are listed as their own rows.
        </p>
      ) : null}
      {pulled && !onReplan ? <p className="notice">The mirror is fresh now. Plan the file again to compare with the new data.</p> : null}
      <SummaryChips summary={summary} />
      {toSend === 0 ? (
        <p className="muted">Nothing would change in Customer.io: every valid row already matches the mirror.</p>
      ) : (
        <p className="muted">
          Only the fields shown as changed are sent: {formatCount(summary.create)} new, {formatCount(summary.update)} updated
          {summary.delete > 0 ? (
            <>
              , <strong className="delete-note">{formatCount(summary.delete)} deleted</strong> (you confirm the deletions before anything is sent)
            </>
          ) : null}
          . Unchanged, invalid and duplicate rows are not sent.
        </p>
      )}
      <PlanDataChecks
        summary={summary}
        onEncoding={onEncoding}
        onAcceptStrayBytes={onAcceptStrayBytes}
        acceptStrayBytes={acceptStrayBytes}
        newAttributesAcknowledged={acknowledged === summary.id}
        onAcknowledgeNewAttributes={(v) => setAcknowledged(v ? summary.id : null)}
      />
      <PlanFindings summary={summary} onPullFirst={() => void pull()} pulling={pulling} onShowInvalid={showInvalid} />
      <DuplicatePairs summary={summary} />
      <div ref={gridRef} className="plan-grid-box">
        <PlanGrid summary={summary} bucket={bucket} onBucket={setBucket} />
      </div>
    </section>
  )
}
