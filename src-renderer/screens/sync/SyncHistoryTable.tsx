// The sync history as one line per run ("Pulled 2,000 people, 6 segments · 5 s"), newest first,
// with when, what kind, who started it and how it ended; each row's summary is a disclosure button
// that shows the run's details (every count, requests, retries, the full error) underneath.
import { Fragment, useState } from 'react'
import type { SyncRun } from '../../api'
import { formatAgo, formatCount, formatDateTime } from '../../components/format'
import { countsSummary } from './run-counts'
import { runSummary } from './run-summary'
import { JOB_KIND_NAMES } from '../../components/job-outcome'
import { DisclosureButton } from '../../components/DisclosureButton'

const STATE_LABEL: Record<SyncRun['state'], { mark: string; text: string }> = {
  running: { mark: '…', text: 'Running' },
  succeeded: { mark: '✓', text: 'Succeeded' },
  failed: { mark: '✕', text: 'Failed' },
  cancelled: { mark: '■', text: 'Cancelled' },
}

const TRIGGER_LABEL: Record<string, string> = { user: 'You', tray: 'Tray', schedule: 'Schedule', cli: 'Command line' }

function RunDetails({ run, id }: { run: SyncRun; id: string }) {
  const lines = countsSummary(run)
  return (
    <tr id={id} className="run-details">
      <td colSpan={5}>
        <ul className="plain-list">
          {lines.map((line) => (
            <li key={line}>{line}</li>
          ))}
          <li>
            Started {formatDateTime(run.startedAt)} by {(TRIGGER_LABEL[run.trigger] ?? run.trigger).toLowerCase()}
            {run.finishedAt != null ? `, ended ${formatDateTime(run.finishedAt)}` : ', still running'}
          </li>
          {run.retries ? <li className="has-retries">{formatCount(run.retries)} {run.retries === 1 ? 'request was' : 'requests were'} retried</li> : null}
          {run.error ? <li className="run-error">{run.error}</li> : null}
        </ul>
      </td>
    </tr>
  )
}

export function SyncHistoryTable({ runs }: { runs: SyncRun[] }) {
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set())
  const toggle = (id: string) =>
    setOpen((s) => {
      const next = new Set(s)
      if (next.has(id)) next.delete(id)
      else next.add(id)
      return next
    })

  return (
    // Focusable so a keyboard can scroll it sideways when the window is narrow (axe: scrollable-region-focusable).
    <div className="table-wrap" tabIndex={0} role="region" aria-label="Sync history">
      <table className="grid history-table">
        <caption className="sr-only">Sync history, one run per row; open a run’s summary for its details</caption>
        <thead>
          <tr>
            <th scope="col">Started</th>
            <th scope="col">Run</th>
            <th scope="col">Kind</th>
            <th scope="col">Trigger</th>
            <th scope="col">State</th>
          </tr>
        </thead>
        <tbody>
          {runs.map((run) => {
            const state = STATE_LABEL[run.state]
            const expanded = open.has(run.id)
            const detailsId = `run-details-${run.id}`
            return (
              <Fragment key={run.id}>
                <tr className={expanded ? 'is-open' : undefined}>
                  <td className="nowrap">
                    {formatDateTime(run.startedAt)}
                    <span className="sub-line">{formatAgo(run.startedAt)}</span>
                  </td>
                  <td>
                    <DisclosureButton expanded={expanded} controls={detailsId} onToggle={() => toggle(run.id)}>
                      {runSummary(run)}
                    </DisclosureButton>
                  </td>
                  <td className="nowrap">{JOB_KIND_NAMES[run.kind]}</td>
                  <td className="nowrap">{TRIGGER_LABEL[run.trigger] ?? run.trigger}</td>
                  <td className={`nowrap sync-${run.state}`}>
                    <span aria-hidden="true">{state.mark} </span>
                    {state.text}
                  </td>
                </tr>
                {expanded ? <RunDetails run={run} id={detailsId} /> : null}
              </Fragment>
            )
          })}
        </tbody>
      </table>
    </div>
  )
}
