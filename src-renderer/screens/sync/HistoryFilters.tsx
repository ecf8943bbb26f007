// Filters of the sync history (who started a run, what kind, how it ended), applied to the chart
// and the table alike.
import type { SyncRun } from '../../api'

export interface HistoryFilter {
  trigger: string
  kind: string
  state: string
}

export const NO_FILTER: HistoryFilter = { trigger: '', kind: '', state: '' }

const OPTIONS: { key: keyof HistoryFilter; label: string; choices: [string, string][] }[] = [
  { key: 'trigger', label: 'Trigger', choices: [['user', 'You'], ['schedule', 'Schedule'], ['tray', 'Tray'], ['cli', 'Command line']] },
  { key: 'kind', label: 'Kind', choices: [['pull', 'Pull'], ['deep-pull', 'Deep pull'], ['push', 'Push'], ['import-push', 'Import'], ['pull-and-push', 'Sync']] },
  { key: 'state', label: 'State', choices: [['succeeded', 'Succeeded'], ['failed', 'Failed'], ['cancelled', 'Cancelled'], ['running', 'Running']] },
]

export function applyFilter(runs: SyncRun[], f: HistoryFilter): SyncRun[] {
  return runs.filter((r) => (!f.trigger || r.trigger === f.trigger) && (!f.kind || r.kind === f.kind) && (!f.state || r.state === f.state))
}

export function HistoryFilters({ value, onChange, shown, total }: { value: HistoryFilter; onChange: (f: HistoryFilter) => void; shown: number; total: number }) {
  return (
    <div className="history-filters" role="group" aria-label="Filter the history">
      {OPTIONS.map((o) => (
        <label key={o.key}>
          {o.label}{' '}
          <select value={value[o.key]} onChange={(e) => onChange({ ...value, [o.key]: e.target.value })}>
            <option value="">All</option>
            {o.choices.map(([v, text]) => (
              <option key={v} value={v}>
                {text}
              </option>
            ))}
          </select>
        </label>
      ))}
      <span className="muted" aria-live="polite">
        {shown === total ? `${total} ${total === 1 ? 'run' : 'runs'}` : `${shown} of ${total} ${total === 1 ? 'run' : 'runs'}`}
      </span>
      {value !== NO_FILTER && (value.trigger || value.kind || value.state) ? (
        <button type="button" onClick={() => onChange(NO_FILTER)}>
          Clear filters
        </button>
      ) : null}
    </div>
  )
}
