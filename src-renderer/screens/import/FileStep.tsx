// Step 1: what kind of import, and which file. The file is dropped or chosen, uploaded in chunks
// with a progress bar, then inspected: encoding, delimiter, sample rows and any problem with it.
import { useId, useRef, useState, type DragEvent } from 'react'
import { ErrorAlert } from '../../components/ErrorAlert'
import { formatBytes, formatCount, plural } from '../../components/format'
import { KIND_ORDER, KINDS, type ImportKind } from './importKinds'
import { FileEncoding } from './PlanDataChecks'
import type { FileIntake } from './useFileIntake'

const DELIMITER_NAMES: Record<string, string> = { ',': 'comma', ';': 'semicolon', '\t': 'tab', '|': 'pipe' }

function KindOptions({ intake }: { intake: FileIntake }) {
  const uid = useId()
  return (
    <div className="import-kind-row">
      <div className="field">
        <label htmlFor={`${uid}-kind`}>Import kind</label>
        <select id={`${uid}-kind`} value={intake.kind} onChange={(e) => intake.setKind(e.target.value as ImportKind)}>
          {KIND_ORDER.map((k) => (
            <option key={k} value={k}>
              {KINDS[k].label}
            </option>
          ))}
        </select>
      </div>
      {intake.kind === 'segment-members' ? (
        <div className="field">
          <label htmlFor={`${uid}-segment`}>Segment ID</label>
          <input id={`${uid}-segment`} inputMode="numeric" value={intake.segmentId} onChange={(e) => intake.setSegmentId(e.target.value.trim())} placeholder="e.g. 42" />
          <span className="field-hint">A manual segment’s number, from its URL in Customer.io.</span>
        </div>
      ) : null}
      {intake.kind === 'collection' ? (
        <div className="field">
          <label htmlFor={`${uid}-collection`}>Collection name</label>
          <input id={`${uid}-collection`} value={intake.collectionName} onChange={(e) => intake.setCollectionName(e.target.value)} placeholder="e.g. products" />
          <span className="field-hint">Created if new; replaced entirely if it exists.</span>
        </div>
      ) : null}
    </div>
  )
}

function DropZone({ onFile, busy }: { onFile: (f: File) => void; busy: boolean }) {
  const inputRef = useRef<HTMLInputElement>(null)
  const uid = useId()
  const [over, setOver] = useState(false)

  function onDrop(e: DragEvent) {
    e.preventDefault()
    setOver(false)
    const f = e.dataTransfer.files[0]
    if (f) onFile(f)
  }

  return (
    <div
      className={`drop-zone${over ? ' is-over' : ''}`}
      onDragOver={(e) => {
        e.preventDefault()
        setOver(true)
      }}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
    >
      <span className="drop-icon" aria-hidden="true">
        ⇣
      </span>
      <p>
        <strong>Drop a CSV file here</strong> <span className="muted">or</span>{' '}
        <button type="button" className="primary" onClick={() => inputRef.current?.click()} disabled={busy}>
          Choose file
        </button>
      </p>
      <p className="muted">Comma, semicolon, tab or pipe separated; UTF-8, UTF-16 or Windows-1252. Any size: it is read in pieces.</p>
      <label htmlFor={`${uid}-file`} className="sr-only">
        CSV file
      </label>
      <input
        id={`${uid}-file`}
        ref={inputRef}
        type="file"
        accept=".csv,.tsv,.txt,text/csv"
        className="sr-only"
        tabIndex={-1}
        onChange={(e) => {
          const f = e.target.files?.[0]
          if (f) onFile(f)
          e.target.value = '' // choosing the same file again still counts
        }}
      />
    </div>
  )
}

/** "1,234 rows", counted through the whole file, with the sample's size as secondary text. */
function FileRows({ intake }: { intake: FileIntake }) {
  const sample = intake.inspection?.sample.length ?? 0
  const sampleNote = <span className="muted"> · first {plural(sample, 'row')} read as a sample</span>
  if (intake.totalRows != null)
    return (
      <>
        <strong>{plural(intake.totalRows, 'row')}</strong>
        {sampleNote}
      </>
    )
  if (intake.counting)
    return (
      <>
        <span>Counting…</span>
        {sampleNote}
      </>
    )
  return <span className="muted">not counted · {plural(sample, 'row')} in the sample</span>
}

export function FileStep({ intake, onNext }: { intake: FileIntake; onNext: () => void }) {
  const { file, uploaded, inspection, inspecting } = intake
  const info = KINDS[intake.kind]
  const uploading = uploaded != null
  return (
    <section className="import-step" aria-labelledby="import-file-title">
      <h2 id="import-file-title" className="step-title">
        Choose the file
      </h2>
      <KindOptions intake={intake} />
      <DropZone onFile={intake.chooseFile} busy={uploading} />

      {file && uploading ? (
        <div className="upload-progress">
          <span>
            Uploading <strong>{file.name}</strong> — {formatBytes(uploaded)} of {formatBytes(file.bytes)}
          </span>
          <progress aria-label="Upload progress" max={Math.max(1, file.bytes)} value={uploaded} />
        </div>
      ) : null}
      {inspecting ? <p role="status">Reading the file’s header and first rows…</p> : null}
      {intake.error ? <ErrorAlert title={intake.error.title} error={intake.error.error} onDismiss={intake.clearError} /> : null}

      {inspection ? (
        <div className="panel panel-wide inspect-result">
          <h3 className="panel-title">
            {inspection.fileName} <span className="muted">· {formatBytes(inspection.bytes)}</span>
          </h3>
          <dl className="facts facts-inline">
            <dt>Encoding</dt>
            <dd>
              <FileEncoding intake={intake} />
            </dd>
            <dt>Delimiter</dt>
            <dd>
              <code>{inspection.delimiter === '\t' ? '\\t' : inspection.delimiter}</code> {DELIMITER_NAMES[inspection.delimiter] ?? ''}
            </dd>
            <dt>Columns</dt>
            <dd>{formatCount(inspection.header.length)}</dd>
            <dt>Rows</dt>
            <dd>
              <FileRows intake={intake} />
            </dd>
          </dl>
          {inspection.fileErrors.length ? (
            <div role="alert" className="alert alert-error file-errors">
              <div className="alert-text">
                <strong>This file cannot be imported as it is.</strong>
                <ul>
                  {inspection.fileErrors.map((e, i) => (
                    <li key={i}>{e}</li>
                  ))}
                </ul>
                <div className="alert-next">Fix the file (save it again as CSV with a header row), then drop it here again.</div>
              </div>
            </div>
          ) : (
            <div className="form-actions">
              <button type="button" className="primary" onClick={onNext}>
                Next: mapping
              </button>
            </div>
          )}
        </div>
      ) : null}

      {!file ? (
        <div className="empty kind-help" aria-label={`What a ${info.label} CSV looks like`} role="region">
          <h3 className="empty-title">What a {info.label.toLowerCase()} CSV looks like</h3>
          <p>{info.needs}</p>
          <pre className="csv-example" aria-label="Example">
            {info.example}
          </pre>
          <p className="muted">Nothing is sent until you have reviewed every change. Rehearse in the Sandbox workspace first.</p>
        </div>
      ) : null}
    </section>
  )
}
