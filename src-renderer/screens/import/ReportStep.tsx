// Step 5: what happened. Sent, accepted, rejected, requests and bytes; the rows that did not go
// through, editable and fixable one by one, re-pushed alone; the rejected CSV; and Undo.
import { useState } from 'react'
import { call, type IpcError } from '../../api'
import { ErrorAlert } from '../../components/ErrorAlert'
import { formatBytes, formatCount, formatWhen, plural } from '../../components/format'
import { downloadText } from './rejectedCsv'
import { RejectedRowsGrid } from './RejectedRowsGrid'
import { ImportTitle } from './ReviewStep'
import type { ImportRun } from './useImportRun'
import { useRejectedRows } from './useRejectedRows'
import type { ImportSummary } from './importKinds'

interface ReportStepProps {
  run: ImportRun
  summary: ImportSummary
  onRepush: (rows: number[]) => void
  onResume: () => void
}

function outcomeLine(summary: ImportSummary, run: ImportRun): { tone: string; text: string } {
  const end = run.pushEnd
  const status = (summary.push?.status ?? summary.state).toLowerCase()
  if (end?.state === 'failed' || status.includes('failed')) return { tone: 'sync-failed', text: `✕ The push stopped with an error${end?.message ? `: ${end.message}` : ''}.` }
  if (end?.state === 'cancelled' || status === 'cancelled') return { tone: 'sync-cancelled', text: '■ The push was cancelled. What was sent stays sent; Resume sends the rest.' }
  if (status === 'paused') return { tone: 'sync-cancelled', text: '■ The push is paused. Resume sends the rest.' }
  // rows Customer.io refused or the plan found invalid: finished, but not a plain success (amber, as a push with conflicts)
  const notApplied = (summary.push?.rejected ?? 0) + summary.invalid
  if (notApplied > 0) return { tone: 'outcome-warning', text: `⚠ Push finished with ${plural(notApplied, 'row')} not applied ${formatWhen(summary.finishedAt)}: fix them below and re-push.` }
  return { tone: 'sync-succeeded', text: `✓ Push finished ${formatWhen(summary.finishedAt)}.` }
}

export function ReportStep({ run, summary, onRepush, onResume }: ReportStepProps) {
  const push = summary.push
  const data = useRejectedRows(summary.id, `${summary.state}|${push?.sent ?? 0}|${push?.rejected ?? 0}`)
  const [downloadError, setDownloadError] = useState<IpcError | null>(null)
  const [undoing, setUndoing] = useState(false)
  const outcome = outcomeLine(summary, run)
  const canResume = outcome.tone !== 'sync-succeeded' && outcome.tone !== 'outcome-warning'
  const notAccepted = data.entries?.length ?? 0

  async function download() {
    setDownloadError(null)
    const r = await call((cio) => cio.imports.rejected({ importId: summary.id }))
    if (!r.ok) return setDownloadError(r.error)
    downloadText(r.value.fileName, r.value.csv)
  }

  async function undo() {
    setUndoing(true)
    await run.undo()
    setUndoing(false)
  }

  return (
    <section className="import-step" aria-labelledby="import-report-title">
      <div className="section-head">
        <h2 id="import-report-title" className="step-title">
          Report
        </h2>
        <div className="toolbar">
          {canResume ? (
            <button type="button" className="primary" onClick={onResume}>
              Resume
            </button>
          ) : null}
          <button type="button" onClick={() => void undo()} disabled={undoing || !push || push.accepted === 0} title="Plan the reverse of this import; you review it before anything is sent">
            {undoing ? 'Preparing undo…' : 'Undo import'}
          </button>
        </div>
      </div>
      <ImportTitle summary={summary} />
      <p className={outcome.tone} role="status">
        {outcome.text}
      </p>
      <dl className="report-counts" aria-label="Push results">
        {[
          ['Sent', formatCount(push?.sent ?? 0)],
          ['Accepted', formatCount(push?.accepted ?? 0)],
          ['Rejected', formatCount(push?.rejected ?? 0)],
          ['Invalid (not sent)', formatCount(summary.invalid)],
          ['Requests', formatCount(push?.requests ?? 0)],
          ['Bytes', formatBytes(push?.bytes ?? 0)],
        ].map(([k, v]) => (
          <div key={k} className={`report-count count-${k.split(' ')[0].toLowerCase()}`}>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
      {downloadError ? <ErrorAlert title="Could not export the rejected rows" error={downloadError} onDismiss={() => setDownloadError(null)} /> : null}
      {data.error ? <ErrorAlert title="Could not read the rejected rows" error={data.error} onRetry={() => void data.reload()} /> : null}

      <section aria-labelledby="rejected-title" className="rejected">
        <div className="section-head">
          <h3 id="rejected-title">
            Rows not accepted <span className="muted">({formatCount(notAccepted)})</span>
          </h3>
          <div className="toolbar">
            <button type="button" onClick={() => void download()} disabled={notAccepted === 0}>
              Download rejected rows (CSV)
            </button>
            {data.fixedRows.length ? <span className="result-count">{formatCount(data.fixedRows.length)} fixed, ready to send</span> : null}
            <button type="button" className="primary" onClick={() => onRepush(data.fixedRows)} disabled={data.fixedRows.length === 0}>
              Re-push fixed rows
            </button>
          </div>
        </div>
        {data.entries && notAccepted === 0 ? (
          <p className="muted">Every row that was sent was accepted. Nothing to repair.</p>
        ) : (
          <>
            <p className="muted">Edit a cell, then Fix (or Enter) to check the row again. Valid rows can be re-pushed on their own; the rest of the import is not sent again.</p>
            <RejectedRowsGrid data={data} />
          </>
        )}
      </section>
    </section>
  )
}
