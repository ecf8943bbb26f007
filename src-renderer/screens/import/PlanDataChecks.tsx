// What the plan does to the file's data on its way to Customer.io, before the push (issue 14): the
// encoding the file was read in and why (with a menu to read it in another one, and the choice to
// accept rows with stray bytes), every conversion of cells per column with an example
// before → after, and every attribute the workspace does not have yet, which must be
// acknowledged before the push button is enabled ("never change a user's data without showing it").
import { useId } from 'react'
import { formatCount } from '../../components/format'
import '../../styles/import-checks.css'
import type { ImportSummary } from './importKinds'
import type { FileIntake, TextEncoding } from './useFileIntake'

export const ENCODING_LABELS: Record<TextEncoding, string> = {
  'utf-8': 'UTF-8',
  'windows-1252': 'Windows-1252 (Western, Excel)',
  'utf-16le': 'UTF-16 little-endian',
  'utf-16be': 'UTF-16 big-endian',
}

interface PlanDataChecksProps {
  summary: ImportSummary
  /** read the file again in another encoding and plan it again; null when the file is not at hand */
  onEncoding: ((encoding: TextEncoding) => void) | null
  /** plan again accepting (or not) the rows with stray bytes; null when the file is not at hand */
  onAcceptStrayBytes: ((accept: boolean) => void) | null
  acceptStrayBytes: boolean
  newAttributesAcknowledged: boolean
  onAcknowledgeNewAttributes: (v: boolean) => void
}

export function PlanDataChecks(props: PlanDataChecksProps) {
  const { summary } = props
  return (
    <>
      {summary.encoding ? <EncodingLine {...props} encoding={summary.encoding} /> : null}
      <NewAttributes {...props} />
      <Conversions conversions={summary.conversions ?? []} />
    </>
  )
}

/** The File step's encoding: what was detected and why, and a menu to read the file in another encoding. */
export function FileEncoding({ intake }: { intake: FileIntake }) {
  const uid = useId()
  const inspection = intake.inspection
  if (!inspection) return null
  return (
    <>
      <select
        id={`${uid}-file-encoding`}
        aria-label="Encoding"
        value={intake.encoding ?? ''}
        disabled={intake.inspecting}
        onChange={(e) => void intake.setEncoding(e.target.value === '' ? null : (e.target.value as TextEncoding))}
      >
        <option value="">Detected: {ENCODING_LABELS[inspection.encoding as TextEncoding] ?? inspection.encoding}</option>
        {(Object.keys(ENCODING_LABELS) as TextEncoding[]).map((e) => (
          <option key={e} value={e}>
            {ENCODING_LABELS[e]}
          </option>
        ))}
      </select>
      {inspection.encodingReason ? <span className="field-hint plan-encoding-reason">{inspection.encodingReason}</span> : null}
    </>
  )
}

function EncodingLine({ encoding, onEncoding, onAcceptStrayBytes, acceptStrayBytes }: PlanDataChecksProps & { encoding: NonNullable<ImportSummary['encoding']> }) {
  const uid = useId()
  return (
    <section className="plan-encoding" aria-label="File encoding">
      <div className="plan-encoding-row">
        <label htmlFor={`${uid}-encoding`}>Read as</label>
        <select id={`${uid}-encoding`} value={encoding.name} disabled={!onEncoding} onChange={(e) => onEncoding?.(e.target.value as TextEncoding)}>
          {(Object.keys(ENCODING_LABELS) as TextEncoding[]).map((e) => (
            <option key={e} value={e}>
              {ENCODING_LABELS[e]}
            </option>
          ))}
        </select>
        <span className="badge badge-plain badge-small">{encoding.chosenBy === 'user' ? 'chosen by you' : 'detected'}</span>
      </div>
      <p className="muted plan-encoding-reason">{encoding.reason}</p>
      {encoding.strayBytes > 0 && encoding.name === 'utf-8' ? (
        <label className="plan-check">
          <input type="checkbox" checked={acceptStrayBytes} disabled={!onAcceptStrayBytes} onChange={(e) => onAcceptStrayBytes?.(e.target.checked)} />
          Import the rows with {encoding.strayBytes === 1 ? 'the byte' : `the ${formatCount(encoding.strayBytes)} bytes`} that {encoding.strayBytes === 1 ? 'is' : 'are'} not UTF-8,
          reading {encoding.strayBytes === 1 ? 'it' : 'each'} as Windows-1252 (otherwise those rows are invalid and not sent)
        </label>
      ) : null}
    </section>
  )
}

function NewAttributes({ summary, newAttributesAcknowledged, onAcknowledgeNewAttributes }: PlanDataChecksProps) {
  const fresh = summary.newAttributes ?? []
  if (fresh.length === 0 || summary.push) return null
  // creating an attribute on new people only is said; putting one on people the workspace has must be acknowledged
  const onExisting = fresh.some((a) => a.existingPeople > 0)
  return (
    <div className="alert alert-warn new-attributes" role="alert">
      <div className="alert-text">
        <strong>
          {fresh.length === 1 ? 'A new attribute' : `${fresh.length} new attributes`} would be created in this workspace.
        </strong>
        <ul>
          {fresh.map((a) => (
            <li key={a.attribute}>
              New attribute <code>{a.attribute}</code> (column “{a.column}”) on {formatCount(a.people)} {a.people === 1 ? 'person' : 'people'}
              {a.existingPeople > 0 ? `, ${formatCount(a.existingPeople)} of them already in the workspace` : ''}
              {a.onlyChange > 0 ? `; ${formatCount(a.onlyChange)} change only because of it` : ''}
              {a.similar.length > 0 ? (
                <>
                  {' '}
                  — the workspace has {a.similar.map((s, i) => (
                    <span key={s}>
                      {i ? ', ' : ''}
                      <code>{s}</code>
                    </span>
                  ))}
                  : a typo?
                </>
              ) : null}
            </li>
          ))}
        </ul>
        <div className="alert-next">If a column should go to an existing attribute, change its target on the Mapping step and plan again.</div>
        {onExisting ? (
          <label className="plan-check">
            <input type="checkbox" checked={newAttributesAcknowledged} onChange={(e) => onAcknowledgeNewAttributes(e.target.checked)} />
            I mean to create {fresh.length === 1 ? 'this attribute' : 'these attributes'} (the push waits for this)
          </label>
        ) : null}
      </div>
    </div>
  )
}

function Conversions({ conversions }: { conversions: NonNullable<ImportSummary['conversions']> }) {
  if (conversions.length === 0) return null
  return (
    <section className="plan-conversions" aria-labelledby="plan-conversions-title">
      <h3 id="plan-conversions-title">Values converted on the way</h3>
      <div className="table-wrap">
        <table className="grid" aria-label="Conversions">
          <thead>
            <tr>
              <th scope="col">Column</th>
              <th scope="col">Attribute</th>
              <th scope="col">Conversion</th>
              <th scope="col" className="num">
                Cells
              </th>
              <th scope="col">Example</th>
            </tr>
          </thead>
          <tbody>
            {conversions.map((c) => (
              <tr key={`${c.column}:${c.conversion}`}>
                <td>{c.column}</td>
                <td>
                  <code>{c.attribute}</code>
                </td>
                <td>{c.conversion}</td>
                <td className="num">
                  {formatCount(c.cells)}
                  {c.changed > 0 && c.changed < c.cells ? <span className="muted"> ({formatCount(c.changed)} written differently)</span> : null}
                </td>
                <td className="cell-mono">{c.example ? `row ${formatCount(c.example.row)}: ${JSON.stringify(c.example.before)} → ${c.example.after}` : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  )
}
