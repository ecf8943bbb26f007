// What the plan found beyond the counts: warnings (with "Pull first" when the mirror is old),
// the first row errors, the cells converted or flagged (every conversion of a cell is listed
// before a push), and the manual segments people will enter.
import { formatAgo, formatCount } from '../../components/format'
import type { ImportSummary } from './importKinds'

const MIRROR_OLD_MS = 60 * 60 * 1000

interface PlanFindingsProps {
  summary: ImportSummary
  onPullFirst: () => void
  pulling: boolean
  onShowInvalid: () => void
}

export function PlanFindings({ summary, onPullFirst, pulling, onShowInvalid }: PlanFindingsProps) {
  const mirrorOld = summary.mirrorAgeMs != null && summary.mirrorAgeMs > MIRROR_OLD_MS
  const warnsMirror = summary.warnings.some((w) => /mirror|pull/i.test(w))
  const offerPull = mirrorOld || warnsMirror
  const hidden = summary.errorCount - summary.errors.length
  const hiddenWarnings = summary.rowWarningCount - summary.rowWarnings.length
  return (
    <>
      {summary.warnings.length || offerPull ? (
        <div className="alert alert-warn" role="status">
          <div className="alert-text">
            <strong>Check before sending.</strong>
            <ul>
              {summary.warnings.map((w, i) => (
                <li key={i}>{w}</li>
              ))}
              {mirrorOld && !warnsMirror && summary.mirrorAgeMs != null ? (
                <li>The local mirror was last pulled {formatAgo(Date.now() - summary.mirrorAgeMs)}; the old values shown may be out of date.</li>
              ) : null}
            </ul>
            {offerPull ? <div className="alert-next">Pull first, and the plan is made again against fresh data.</div> : null}
          </div>
          {offerPull ? (
            <div className="alert-actions">
              <button type="button" onClick={onPullFirst} disabled={pulling}>
                {pulling ? 'Pulling…' : 'Pull first'}
              </button>
            </div>
          ) : null}
        </div>
      ) : null}

      {summary.errorCount > 0 ? (
        <section className="plan-errors" aria-labelledby="plan-errors-title">
          <div className="section-head">
            <h3 id="plan-errors-title">
              {formatCount(summary.errorCount)} {summary.errorCount === 1 ? 'problem' : 'problems'} in the file
            </h3>
            <button type="button" onClick={onShowInvalid}>
              See all invalid rows
            </button>
          </div>
          <p className="muted">Invalid rows are never sent. Fix them in the file and plan again, or fix them one by one in the report after the push.</p>
          <div className="table-wrap errors-wrap">
            <table className="grid">
              <thead>
                <tr>
                  <th scope="col" className="num">
                    Row
                  </th>
                  <th scope="col">Column</th>
                  <th scope="col">Value</th>
                  <th scope="col">Problem</th>
                </tr>
              </thead>
              <tbody>
                {summary.errors.map((e, i) => (
                  <tr key={i}>
                    <td className="num">{e.row ? formatCount(e.row) : 'file'}</td>
                    <td>{e.column ?? <span className="cell-empty">—</span>}</td>
                    <td className="cell-mono error-value">{e.value == null ? <span className="cell-empty">—</span> : e.value === '' ? <span className="cell-empty">blank</span> : e.value}</td>
                    <td>{e.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {hidden > 0 ? <p className="muted">…and {formatCount(hidden)} more: “See all invalid rows” lists every one.</p> : null}
        </section>
      ) : null}

      {summary.rowWarningCount > 0 ? (
        <section className="plan-errors" aria-labelledby="plan-cell-warnings-title">
          <h3 id="plan-cell-warnings-title">
            {formatCount(summary.rowWarningCount)} {summary.rowWarningCount === 1 ? 'cell' : 'cells'} converted or flagged
          </h3>
          <p className="muted">These rows are sent as each line says; check them before you push.</p>
          <div className="table-wrap errors-wrap">
            <table className="grid">
              <thead>
                <tr>
                  <th scope="col" className="num">
                    Row
                  </th>
                  <th scope="col">Column</th>
                  <th scope="col">What</th>
                </tr>
              </thead>
              <tbody>
                {summary.rowWarnings.map((w, i) => (
                  <tr key={i}>
                    <td className="num">{w.row ? formatCount(w.row) : 'file'}</td>
                    <td>{w.column ?? <span className="cell-empty">—</span>}</td>
                    <td>{w.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {hiddenWarnings > 0 ? <p className="muted">…and {formatCount(hiddenWarnings)} more.</p> : null}
        </section>
      ) : null}

      {summary.segmentsEntered.length ? (
        <p className="segments-entered">
          People entering manual segments:{' '}
          {summary.segmentsEntered.map((s, i) => (
            <span key={s.id}>
              {i ? ', ' : ''}
              <strong>{s.name ?? `segment ${s.id}`}</strong> ({formatCount(s.people)})
            </span>
          ))}
        </p>
      ) : null}
    </>
  )
}
