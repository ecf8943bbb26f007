// Step 4: the push, live. Rows done of total, rate, time left and requests sent, with Pause and
// Cancel; once paused, Resume picks up after the last acknowledged batch.
import { formatBytes, formatCount, plural } from '../../components/format'
import { changesToSend } from './importKinds'
import { JobBar } from './JobBar'
import { ImportTitle } from './ReviewStep'
import type { ImportRun } from './useImportRun'

export function PushStep({ run, onResume }: { run: ImportRun; onResume: () => void }) {
  const { summary, phase, pushProgress, pausing, cancelling } = run
  const live = summary?.push ?? null
  const paused = phase === 'paused'
  const requests = (
    <>
      <span className="sep"> · </span>
      <span>{plural(live?.requests ?? 0, 'request')}</span>
      <span className="sep"> · </span>
      <span>{formatBytes(live?.bytes ?? 0)} sent</span>
    </>
  )
  return (
    <section className="import-step" aria-labelledby="import-push-title">
      <h2 id="import-push-title" className="step-title">
        {paused ? 'Push paused' : pausing ? 'Pausing…' : cancelling ? 'Cancelling…' : 'Pushing'}
      </h2>
      {summary ? <ImportTitle summary={summary} /> : null}
      {paused ? (
        <div className="panel panel-wide" role="status">
          <p>
            Paused after {formatCount(live?.sent ?? 0)} of {plural(summary ? changesToSend(summary) : 0, 'row')}: {formatCount(live?.accepted ?? 0)} accepted,{' '}
            {formatCount(live?.rejected ?? 0)} rejected, in {plural(live?.requests ?? 0, 'request')}.
          </p>
          <p className="muted">Every acknowledged batch is saved. Resume sends the rest, and nothing twice.</p>
          <div className="form-actions form-actions-start">
            <button type="button" className="primary" onClick={onResume}>
              Resume
            </button>
          </div>
        </div>
      ) : (
        <div className="panel panel-wide">
          <JobBar
            label="Push progress"
            progress={pushProgress}
            unit="rows"
            extra={
              <>
                {requests}
                <span className="toolbar-spacer" />
                <button type="button" onClick={() => void run.pause()} disabled={pausing || cancelling}>
                  {pausing ? 'Pausing…' : 'Pause'}
                </button>
                <button type="button" className="danger-quiet" onClick={() => void run.cancel()} disabled={cancelling}>
                  {cancelling ? 'Cancelling…' : 'Cancel'}
                </button>
              </>
            }
          />
          <p className="muted push-note">
            Pause stops after the batch in flight and keeps your place. Cancel stops too; what was already sent stays sent (undo it from the report).
          </p>
        </div>
      )}
    </section>
  )
}
