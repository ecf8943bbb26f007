// One page of audit entries: when, where, what kind, what happened and how it ended, who did it;
// each row's recorded details (counts and results as JSON) open under a disclosure.
import type { AuditEntryView } from '../../api'
import { formatAgo, formatWhen } from '../../components/format'

const OUTCOME_TONE: Record<string, string> = {
  queued: 'ok',
  triggered: 'ok',
  accepted: 'ok',
  done: 'ok',
  failed: 'bad',
  unknown: 'warn',
  'rejected rows': 'warn',
  'not all sent': 'warn',
}

/** Outcomes in words: "unknown" is "may have been sent", which is what it means to an operator. */
function outcomeText(outcome: string): string {
  return outcome === 'unknown' ? 'may have been sent' : outcome
}

export function AuditTable({ rows, showWorkspace }: { rows: AuditEntryView[]; showWorkspace: boolean }) {
  return (
    <div className="table-wrap audit-wrap">
      <table className="grid list-table audit-table">
        <caption className="sr-only">Audit log entries, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Time</th>
            {showWorkspace ? <th scope="col">Workspace</th> : null}
            <th scope="col">Kind</th>
            <th scope="col">What</th>
            <th scope="col">Outcome</th>
            <th scope="col">By</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((e) => (
            <tr key={e.id}>
              <td className="nowrap" title={formatAgo(e.at)}>
                {formatWhen(e.at)}
              </td>
              {showWorkspace ? <td>{e.workspaceName ?? <span className="muted">removed workspace</span>}</td> : null}
              <td className="nowrap">{e.label}</td>
              <td className="audit-what">
                <details>
                  <summary>{e.summary}</summary>
                  <pre className="json-preview" tabIndex={0} aria-label={`Details of entry ${e.id}`}>
                    {JSON.stringify({ entry: e.id, action: e.action, job: e.jobId, file: e.fileName, counts: e.counts }, null, 2)}
                    {'\n'}
                    {e.details}
                  </pre>
                </details>
              </td>
              <td className="nowrap">{e.outcome ? <span className={`audit-outcome audit-outcome-${OUTCOME_TONE[e.outcome] ?? 'plain'}`}>{outcomeText(e.outcome)}</span> : <span className="muted">—</span>}</td>
              <td className="muted">{e.actor}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
