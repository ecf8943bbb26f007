// Who an API-triggered broadcast goes to: its default audience (as set up in Customer.io), everyone
// in a manual segment, or the people of a CSV with per-user data (an id or email column, then data
// columns). The CSV is uploaded like an import's file and checked by the engine without sending
// anything: recipients, invalid rows (row, column, message) and the payload's size.
import { useId, useRef, useState } from 'react'
import { type BroadcastAudience, type IpcError, type SegmentRow } from '../../api'
import { ErrorAlert } from '../../components/ErrorAlert'
import { formatBytes } from '../../components/format'
import { uploadFile } from '../import/uploadFile'

export type AudienceKind = 'default' | 'segment' | 'csv'
export interface AudienceState {
  kind: AudienceKind
  segmentId: number | null
  uploadId: string | null
  fileName: string | null
  identifier: 'auto' | 'id' | 'email'
}
export const DEFAULT_AUDIENCE: AudienceState = { kind: 'default', segmentId: null, uploadId: null, fileName: null, identifier: 'auto' }

/** The contract's audience, or the reason it is not complete yet. */
export function audienceInput(a: AudienceState): { audience: BroadcastAudience } | { missing: string } {
  if (a.kind === 'default') return { audience: { kind: 'default' } }
  if (a.kind === 'segment') return a.segmentId == null ? { missing: 'Choose a manual segment.' } : { audience: { kind: 'segment', segmentId: a.segmentId } }
  if (!a.uploadId) return { missing: 'Choose a CSV file of recipients.' }
  return { audience: { kind: 'csv', source: { uploadId: a.uploadId }, ...(a.identifier !== 'auto' ? { identifier: a.identifier } : {}) } }
}

const KINDS: { value: AudienceKind; label: string }[] = [
  { value: 'default', label: 'Default audience' },
  { value: 'segment', label: 'Manual segment' },
  { value: 'csv', label: 'CSV with per-user data' },
]

interface AudiencePickerProps {
  value: AudienceState
  onChange: (a: AudienceState) => void
  disabled: boolean
  /** the workspace's segments from the mirror (null while loading); only manual ones can be chosen */
  segments: SegmentRow[] | null
  segmentsError: IpcError | null
}

export function AudiencePicker({ value, onChange, disabled, segments: all, segmentsError }: AudiencePickerProps) {
  const uid = useId()
  const segments = all ? all.filter((s) => s.type === 'manual') : null
  const [upload, setUpload] = useState<{ sent: number; total: number } | null>(null)
  const [uploadError, setUploadError] = useState<IpcError | null>(null)
  const uploadSeq = useRef(0)

  async function onFile(file: File | undefined) {
    if (!file) return
    const mine = ++uploadSeq.current
    setUploadError(null)
    setUpload({ sent: 0, total: file.size })
    onChange({ ...value, uploadId: null, fileName: file.name })
    const r = await uploadFile(file, (sent) => setUpload({ sent, total: file.size }), () => mine !== uploadSeq.current)
    if (mine !== uploadSeq.current) return
    setUpload(null)
    if (r.ok) onChange({ ...value, kind: 'csv', uploadId: r.uploadId, fileName: file.name })
    else setUploadError(r.error)
  }

  return (
    <fieldset className="audience" disabled={disabled}>
      <legend>Audience</legend>
      <div role="radiogroup" aria-label="Audience" className="segmented">
        {KINDS.map((k) => (
          <label key={k.value} className={value.kind === k.value ? 'checked' : undefined}>
            <input type="radio" name={`${uid}-aud`} value={k.value} checked={value.kind === k.value} onChange={() => onChange({ ...value, kind: k.value })} />
            {k.label}
          </label>
        ))}
      </div>
      {value.kind === 'default' ? <p className="field-hint">The recipients configured for this broadcast in Customer.io.</p> : null}
      {value.kind === 'segment' ? (
        <div className="field">
          <label htmlFor={`${uid}-seg`}>Segment</label>
          {segmentsError ? <ErrorAlert title="Could not read the segments" error={segmentsError} /> : null}
          <select id={`${uid}-seg`} value={value.segmentId ?? ''} onChange={(e) => onChange({ ...value, segmentId: e.target.value ? Number(e.target.value) : null })}>
            <option value="">Choose a manual segment…</option>
            {(segments ?? []).map((s) => (
              <option key={s.id} value={s.id}>
                {s.name} ({s.memberCount} members)
              </option>
            ))}
          </select>
          {segments && segments.length === 0 ? (
            <p className="field-hint">No manual segments in the mirror. Create one in Customer.io (or with the CLI), fill it with a segment-members import, then pull segments.</p>
          ) : (
            <p className="field-hint">Everyone in the segment at the time Customer.io processes the trigger.</p>
          )}
        </div>
      ) : null}
      {value.kind === 'csv' ? (
        <div className="field">
          <label htmlFor={`${uid}-csv`}>Recipients CSV</label>
          <input id={`${uid}-csv`} type="file" accept=".csv,.tsv,.txt,text/csv" onChange={(e) => void onFile(e.target.files?.[0])} />
          <p className="field-hint">A header row with an id or email column, then one column per data key ({'{{trigger.key}}'}). At most 25 MB.</p>
          {upload ? (
            <p aria-live="polite" className="muted">
              Uploading {value.fileName}: {formatBytes(upload.sent)} of {formatBytes(upload.total)}…
            </p>
          ) : value.uploadId ? (
            <p className="muted">Uploaded {value.fileName}. Preview it to check the rows before triggering.</p>
          ) : null}
          {uploadError ? <ErrorAlert title="Could not upload the file" error={uploadError} onDismiss={() => setUploadError(null)} /> : null}
          <label htmlFor={`${uid}-ident`}>Identify people by</label>
          <select id={`${uid}-ident`} value={value.identifier} onChange={(e) => onChange({ ...value, identifier: e.target.value as AudienceState['identifier'] })}>
            <option value="auto">The column named id or email</option>
            <option value="id">id</option>
            <option value="email">email</option>
          </select>
        </div>
      ) : null}
    </fieldset>
  )
}
