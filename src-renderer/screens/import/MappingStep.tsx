// Step 2: where each CSV column goes. One row per column: sample values, target (ignore, a
// reserved target of the kind, or any attribute name typed in), value type, blank-cell policy,
// and which column identifies each row (and as what).
import { useId } from 'react'
import type { ImportRoute } from './useFileIntake'
import { IDENTIFIER_TYPES, KINDS, VALUE_TYPES, needsIdentifier, type ColumnMapping, type IdentifierType, type Inspection, type Mapping, type ValueType } from './importKinds'

const IGNORE = 'ignore'

interface MappingStepProps {
  inspection: Inspection
  mapping: Mapping
  onChange: (m: Mapping) => void
  duplicates: 'first' | 'last'
  onDuplicates: (v: 'first' | 'last') => void
  via: ImportRoute
  onVia: (v: ImportRoute) => void
  /** the workspace has a Pipelines write key */
  pipelinesAvailable: boolean
  /** why planning cannot start yet, or null */
  blocker: string | null
  planning: boolean
  onPlan: () => void
}

function samplesOf(inspection: Inspection, index: number): string[] {
  return inspection.sample.slice(0, 3).map((row) => row[index] ?? '')
}

export function MappingStep({ inspection, mapping, onChange, duplicates, onDuplicates, via, onVia, pipelinesAvailable, blocker, planning, onPlan }: MappingStepProps) {
  const uid = useId()
  const reserved = KINDS[mapping.kind].reserved
  const withIdentifier = needsIdentifier(mapping.kind)
  const idType: IdentifierType = mapping.identifier?.type ?? 'id'
  const routable = mapping.kind === 'people' || mapping.kind === 'events'

  const setColumn = (index: number, patch: Partial<ColumnMapping>) =>
    onChange({ ...mapping, columns: mapping.columns.map((c) => (c.index === index ? { ...c, ...patch } : c)) })
  const setIdentifier = (column: string, type: IdentifierType) => onChange({ ...mapping, identifier: { column, type } })

  const targets = mapping.columns.map((c) => c.target).filter((t): t is string => t != null)
  const repeated = new Set(targets.filter((t, i) => targets.indexOf(t) !== i))

  return (
    <section className="import-step" aria-labelledby="import-mapping-title">
      <h2 id="import-mapping-title" className="step-title">
        Map the columns
      </h2>
      {inspection.remembered ? (
        <p className="notice" role="status">
          Remembered from a previous file with the same columns
        </p>
      ) : null}
      <datalist id={`${uid}-targets`}>
        <option value={IGNORE}>not imported</option>
        {reserved.map((t) => (
          <option key={t} value={t}>
            reserved
          </option>
        ))}
        {(inspection.knownAttributes ?? [])
          .filter((a) => !reserved.includes(a))
          .map((a) => (
            <option key={`known:${a}`} value={a}>
              in this workspace
            </option>
          ))}
      </datalist>

      <div className="mapping-options">
        {withIdentifier ? (
          <fieldset className="kind-group">
            <legend>Identifier type</legend>
            <div className="segmented">
              {IDENTIFIER_TYPES.map((t) => (
                <label key={t} className={idType === t ? 'checked' : ''}>
                  <input type="radio" name={`${uid}-idtype`} checked={idType === t} onChange={() => setIdentifier(mapping.identifier?.column ?? '', t)} />
                  {t}
                </label>
              ))}
            </div>
          </fieldset>
        ) : null}
        {withIdentifier ? (
          <div className="field">
            <label htmlFor={`${uid}-dupes`}>Same identifier twice in the file</label>
            <select id={`${uid}-dupes`} value={duplicates} onChange={(e) => onDuplicates(e.target.value as 'first' | 'last')}>
              <option value="last">Keep the last row</option>
              <option value="first">Keep the first row</option>
            </select>
          </div>
        ) : null}
        {routable ? (
          <div className="field">
            <label htmlFor={`${uid}-via`}>Send through</label>
            <select id={`${uid}-via`} value={pipelinesAvailable ? via : 'track'} disabled={!pipelinesAvailable} onChange={(e) => onVia(e.target.value as ImportRoute)}>
              <option value="track">Track API (v2 batch)</option>
              <option value="pipelines">Data Pipelines (write key, strict mode)</option>
            </select>
            {!pipelinesAvailable ? <span className="field-hint">Add a Pipelines write key to this workspace to send through Data Pipelines.</span> : null}
            {pipelinesAvailable && via === 'pipelines' && idType !== 'id' ? (
              <span className="field-hint">Data Pipelines addresses people by id only: rows keyed by {idType} will be rejected.</span>
            ) : null}
          </div>
        ) : null}
      </div>

      <div className="table-wrap">
        <table className="grid mapping-table">
          <thead>
            <tr>
              {withIdentifier ? <th scope="col">Identifier</th> : null}
              <th scope="col">Column</th>
              <th scope="col">Sample values</th>
              <th scope="col">Target</th>
              <th scope="col">Type</th>
              <th scope="col">Blank cells</th>
            </tr>
          </thead>
          <tbody>
            {mapping.columns.map((c) => {
              const isId = mapping.identifier?.column === c.column
              return (
                <tr key={c.index} className={c.target == null ? 'is-ignored' : undefined}>
                  {withIdentifier ? (
                    <td className="mapping-id">
                      <input
                        type="radio"
                        name={`${uid}-identifier`}
                        aria-label={`Use ${c.column} as the identifier`}
                        checked={isId}
                        onChange={() => setIdentifier(c.column, idType)}
                      />
                    </td>
                  ) : null}
                  <th scope="row" className="mapping-column">
                    {c.column || <span className="cell-empty">(no name)</span>}
                    {isId ? <span className="badge badge-plain badge-small">identifier · {idType}</span> : null}
                  </th>
                  <td className="mapping-samples">
                    {samplesOf(inspection, c.index).map((v, i) => (
                      <span key={i} className={v === '' ? 'sample cell-empty' : 'sample'}>
                        {v === '' ? 'blank' : v}
                      </span>
                    ))}
                  </td>
                  <td>
                    <input
                      type="text"
                      list={`${uid}-targets`}
                      aria-label={`Target for ${c.column}`}
                      value={c.target ?? ''}
                      placeholder="ignore"
                      spellCheck={false}
                      autoComplete="off"
                      onChange={(e) => {
                        const v = e.target.value
                        setColumn(c.index, { target: v.trim() === '' || v.trim() === IGNORE ? null : v })
                      }}
                    />
                    {c.target && repeated.has(c.target) ? <span className="field-error">Also used by another column</span> : null}
                  </td>
                  <td>
                    <select aria-label={`Type for ${c.column}`} value={c.type} disabled={c.target == null} onChange={(e) => setColumn(c.index, { type: e.target.value as ValueType })}>
                      {VALUE_TYPES.map((t) => (
                        <option key={t} value={t}>
                          {t}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td>
                    <select
                      aria-label={`Blank cells for ${c.column}`}
                      value={c.blank}
                      disabled={c.target == null}
                      onChange={(e) => setColumn(c.index, { blank: e.target.value as 'skip' | 'clear' })}
                    >
                      <option value="skip">Skip</option>
                      <option value="clear">Clear attribute</option>
                    </select>
                  </td>
                </tr>
              )
            })}
          </tbody>
        </table>
      </div>

      <div className="form-actions form-actions-start">
        <button type="button" className="primary" onClick={onPlan} disabled={blocker != null || planning}>
          {planning ? 'Planning…' : 'Plan import'}
        </button>
        {blocker ? <span className="field-error">{blocker}</span> : <span className="muted">Planning compares every row with the local mirror. Nothing is sent yet.</span>}
      </div>
    </section>
  )
}

/** Why the mapping cannot be planned yet (shown next to the button), or null when it can. */
export function mappingBlocker(mapping: Mapping, segmentId: string, collectionName: string): string | null {
  if (!mapping.columns.some((c) => c.target != null)) return 'Map at least one column to a target.'
  if (needsIdentifier(mapping.kind) && !mapping.identifier?.column) return 'Choose the identifier column.'
  if (mapping.kind === 'segment-members' && !/^\d+$/.test(segmentId)) return 'Give the segment ID (a number) on the File step.'
  if (mapping.kind === 'collection' && collectionName.trim() === '') return 'Give the collection name on the File step.'
  const targets = mapping.columns.map((c) => c.target).filter((t) => t != null)
  if (new Set(targets).size !== targets.length) return 'Two columns have the same target; change or ignore one.'
  return null
}
