// Triggering an API-triggered broadcast: `data` for {{trigger.x}}, the audience with how many people
// it reaches ("About N people will receive this", from the mirror), a preview of a per-user-data
// CSV, and a review step before every trigger whose button carries the count. Customer.io takes one
// trigger per 10 s, so after each attempt the button stays disabled with a visible countdown. A
// trigger is never repeated by us: an unknown outcome is shown as such and the user decides.
// Production needs the typed name after the review.
import { useEffect, useId, useState, type FormEvent } from 'react'
import { call, type BroadcastResult, type CampaignView, type IpcError, type PerUserPreview, type SegmentRow, type WorkspaceView } from '../../api'
import { ErrorAlert } from '../../components/ErrorAlert'
import { KeyValueRows, rowsToData, type KeyValueRow } from '../../components/KeyValueRows'
import { ConfirmPushDialog } from '../import/ConfirmPushDialog'
import { AudiencePicker, audienceInput, DEFAULT_AUDIENCE, type AudienceState } from './AudiencePicker'
import { audienceSentence, audienceSize, people } from './audienceSize'
import { BroadcastReview } from './BroadcastReview'
import { PreviewView, TriggerResultView } from './TriggerOutcome'
import { useBroadcastWait } from './useBroadcastWait'

export function BroadcastTrigger({ workspace, broadcast }: { workspace: WorkspaceView; broadcast: CampaignView }) {
  const uid = useId()
  const workspaceId = workspace.id
  const [rows, setRows] = useState<KeyValueRow[]>([])
  const [audience, setAudience] = useState<AudienceState>(DEFAULT_AUDIENCE)
  const [ignoreMissing, setIgnoreMissing] = useState(false)
  const [preview, setPreview] = useState<PerUserPreview | null>(null)
  const [result, setResult] = useState<BroadcastResult | null>(null)
  const [error, setError] = useState<IpcError | null>(null)
  const [busy, setBusy] = useState<'preview' | 'trigger' | null>(null)
  const [step, setStep] = useState<'form' | 'review' | 'confirm'>('form')
  const { seconds, waitFor } = useBroadcastWait(workspaceId)
  const [segments, setSegments] = useState<SegmentRow[] | null>(null)
  const [segmentsError, setSegmentsError] = useState<IpcError | null>(null)

  useEffect(() => {
    let alive = true
    void call((cio) => cio.segments.list({ workspaceId })).then((r) => {
      if (!alive) return
      if (r.ok) setSegments(r.value.segments)
      else setSegmentsError(r.error)
    })
    return () => {
      alive = false
    }
  }, [workspaceId])

  const { data, problems } = rowsToData(rows)
  const aud = audienceInput(audience)
  const missing = 'missing' in aud ? aud.missing : null
  const needsPreview = audience.kind === 'csv'
  const previewBad = preview != null && (preview.invalid > 0 || preview.errors.length > 0)
  const blocked = problems.length > 0 || missing != null || (needsPreview && (preview == null || previewBad))
  const size = audienceSize(audience, broadcast, segments, audience.kind === 'csv' ? preview : null)
  const audienceLabel = audience.kind === 'default' ? 'Default audience' : audience.kind === 'segment' ? 'Manual segment' : `CSV ${audience.fileName ?? ''}`.trim()

  function changeAudience(a: AudienceState) {
    setAudience(a)
    setPreview(null)
  }

  async function runPreview() {
    if (!('audience' in aud)) return
    setBusy('preview')
    const r = await call((cio) => cio.messaging.broadcastpreview({ workspaceId, broadcastId: broadcast.id, data, audience: aud.audience, ignoreMissing }))
    setBusy(null)
    if (r.ok) {
      setPreview(r.value)
      setError(null)
    } else setError(r.error)
  }

  async function trigger(confirm?: string) {
    if (!('audience' in aud)) return
    setStep('form')
    setBusy('trigger')
    setError(null)
    const r = await call((cio) =>
      cio.messaging.broadcasttrigger({ workspaceId, broadcastId: broadcast.id, data, audience: aud.audience, ignoreMissing, ...(confirm ? { confirm } : {}) }),
    )
    setBusy(null)
    if (r.ok) {
      setResult(r.value)
      waitFor(r.value.waitSeconds)
    } else {
      setError(r.error)
      // A refused trigger (validation, auth…) may still count against the 10 s window.
      void call((cio) => cio.messaging.broadcastwait({ workspaceId })).then((w) => w.ok && waitFor(w.value.waitSeconds))
    }
  }

  function onSubmit(e: FormEvent) {
    e.preventDefault()
    if (blocked || seconds > 0 || busy) return
    setStep('review')
  }

  function onReviewed() {
    if (workspace.production) setStep('confirm')
    else void trigger()
  }

  const hint = problems[0] ?? missing ?? (needsPreview && preview == null ? 'Preview the CSV before triggering.' : previewBad ? 'Fix the invalid rows first.' : null)
  return (
    <section className="broadcast-trigger" aria-labelledby={`${uid}-title`}>
      <h3 id={`${uid}-title`}>Trigger this broadcast</h3>
      <form onSubmit={onSubmit} className="ws-form">
        <KeyValueRows label="Trigger data" rows={rows} onChange={setRows} disabled={busy === 'trigger'} />
        <details>
          <summary>Data as JSON</summary>
          <pre className="json-preview" aria-label="Trigger data as JSON">
            {JSON.stringify(data, null, 2)}
          </pre>
        </details>
        <AudiencePicker value={audience} onChange={changeAudience} disabled={busy === 'trigger'} segments={segments} segmentsError={segmentsError} />
        <p className="audience-size" role="status">
          {audienceSentence(size)}
        </p>
        {audience.kind === 'csv' ? (
          <div className="trigger-options">
            <label className="inline-check">
              <input type="checkbox" checked={ignoreMissing} onChange={(e) => setIgnoreMissing(e.target.checked)} /> Skip ids and emails that match nobody
            </label>
            <button type="button" disabled={missing != null || busy != null} onClick={() => void runPreview()}>
              {busy === 'preview' ? 'Checking…' : 'Preview recipients'}
            </button>
          </div>
        ) : null}
        {preview && audience.kind === 'csv' ? <PreviewView preview={preview} /> : null}
        {error ? <ErrorAlert title="The broadcast was not triggered" error={error} onDismiss={() => setError(null)} /> : null}
        <div className="form-actions form-actions-start trigger-actions">
          <button type="submit" className="primary" disabled={blocked || seconds > 0 || busy != null} aria-describedby={`${uid}-wait`}>
            {busy === 'trigger' ? 'Triggering…' : 'Trigger broadcast…'}
          </button>
          <span id={`${uid}-wait`} role="status" className={seconds > 0 ? 'countdown' : 'muted'}>
            {seconds > 0 ? `Next trigger allowed in ${seconds} s (Customer.io takes one per 10 seconds).` : hint ?? ''}
          </span>
        </div>
      </form>
      {result ? <TriggerResultView workspaceId={workspaceId} broadcastId={broadcast.id} result={result} /> : null}
      {step === 'review' ? (
        <BroadcastReview
          workspace={workspace}
          broadcast={broadcast}
          audienceLabel={audienceLabel}
          size={size}
          data={data}
          waitSeconds={seconds}
          onConfirm={onReviewed}
          onCancel={() => setStep('form')}
        />
      ) : null}
      {step === 'confirm' ? (
        <ConfirmPushDialog
          workspaceName={workspace.name}
          rows={1}
          noun={['broadcast trigger', 'broadcast triggers']}
          description={
            <>
              “{broadcast.name}” goes to {size.count != null ? `about ${people(size.count)}, ` : ''}real customers of “{workspace.name}”. A trigger cannot be undone.
            </>
          }
          onConfirm={(typed) => void trigger(typed)}
          onCancel={() => setStep('form')}
        />
      ) : null}
    </section>
  )
}
