// Add or edit a schedule: what to run (pull people / segments / collections, a deep pull of every
// person's attributes, or push the outbox), how often (every N minutes or a cron expression) and, optionally, only inside a time window.
import { useState, type FormEvent } from 'react'
import type { IpcError, ScheduleView, ScheduleWindowInput } from '../../api'
import { Dialog } from '../../components/Dialog'
import { ErrorAlert } from '../../components/ErrorAlert'

const PARTS = [
  { id: 'people', label: 'People' },
  { id: 'segments', label: 'Segments' },
  { id: 'collections', label: 'Collections' },
] as const
type Part = (typeof PARTS)[number]['id']

const DAY_SETS: Record<string, number[]> = { daily: [0, 1, 2, 3, 4, 5, 6], weekdays: [1, 2, 3, 4, 5], weekends: [0, 6] }

type Kind = ScheduleView['kind']

export interface ScheduleDraft {
  kind: Kind
  parts?: Part[]
  everySeconds?: number
  cron?: string
  window: ScheduleWindowInput | null
  /** a push schedule of a production workspace: its name, typed (each run pushes on it) */
  confirm?: string
}

interface Props {
  /** the schedule being edited, or null to add one */
  editing: ScheduleView | null
  onSave: (draft: ScheduleDraft) => Promise<IpcError | null>
  onClose: () => void
  /** the workspace's name when it is production: a push schedule then needs it typed */
  productionName?: string | null
}

function daysKey(days: number[] | undefined): string {
  const key = [...(days ?? [])].sort().join(',')
  return Object.entries(DAY_SETS).find(([, d]) => d.join(',') === key)?.[0] ?? 'daily'
}

export function ScheduleForm({ editing, onSave, onClose, productionName = null }: Props) {
  const [kind, setKind] = useState<Kind>(editing?.kind ?? 'pull')
  const [parts, setParts] = useState<Part[]>(editing?.parts ?? ['people', 'segments', 'collections'])
  const [mode, setMode] = useState<'every' | 'cron'>(editing?.cron ? 'cron' : 'every')
  const [minutes, setMinutes] = useState(String(editing?.everySeconds ? Math.max(1, Math.round(editing.everySeconds / 60)) : 15))
  const [cron, setCron] = useState(editing?.cron ?? '0 * * * *')
  const [windowed, setWindowed] = useState(editing?.window != null)
  const [from, setFrom] = useState(editing?.window?.start ?? '09:00')
  const [to, setTo] = useState(editing?.window?.end ?? '18:00')
  const [days, setDays] = useState(daysKey(editing?.window?.days ?? DAY_SETS.weekdays))
  const [error, setError] = useState<IpcError | null>(null)
  const [problem, setProblem] = useState<string | null>(null)
  const [saving, setSaving] = useState(false)
  const [typed, setTyped] = useState('')
  const asksName = kind === 'push' && productionName !== null

  // The engine's word on a cron expression goes under the field it is about, not in a general alert.
  const cronProblem = mode === 'cron' && error?.code === 'VALIDATION' && /cron expression/i.test(error.message) ? error.message : null

  async function submit(e: FormEvent) {
    e.preventDefault()
    setProblem(null)
    const n = Number(minutes)
    if (mode === 'every' && (!Number.isInteger(n) || n < 1)) return setProblem('Enter a whole number of minutes, 1 or more.')
    if (kind === 'pull' && parts.length === 0) return setProblem('Choose at least one thing to pull.')
    if (windowed && from === to) return setProblem('The window must not start and end at the same time.')
    // Adding needs the name; editing may confirm again (after a rename) or leave it as it was.
    if (asksName && (editing === null || typed.trim() !== '') && typed.trim() !== productionName) return setProblem(`Type ${productionName} exactly to let this schedule push to production.`)
    setSaving(true)
    const err = await onSave({
      kind,
      parts: kind === 'pull' ? parts : undefined,
      ...(mode === 'every' ? { everySeconds: n * 60 } : { cron: cron.trim() }),
      window: windowed ? { start: from, end: to, days: DAY_SETS[days] } : null,
      ...(asksName && typed.trim() ? { confirm: typed.trim() } : {}),
    })
    setSaving(false)
    if (err) setError(err)
    else onClose()
  }

  const toggle = (p: Part) => setParts((cur) => (cur.includes(p) ? cur.filter((x) => x !== p) : [...cur, p]))
  const title = editing ? 'Edit schedule' : 'Add schedule'

  return (
    <Dialog title={title} onClose={onClose} description="Runs in the background while cio-sync is open or in the tray, through the same jobs as the Sync menu.">
      <form className="ws-form" onSubmit={(e) => void submit(e)}>
        {error && !cronProblem ? <ErrorAlert title="Could not save the schedule" error={error} onDismiss={() => setError(null)} /> : null}
        <fieldset className="field" disabled={editing != null}>
          <legend className="field-label">What</legend>
          <label>
            <input type="radio" name="kind" checked={kind === 'pull'} onChange={() => setKind('pull')} /> Pull from Customer.io
          </label>
          <label title="Reads every person's attributes in the background at the App API's budget; a long run resumes where the last one stopped">
            <input type="radio" name="kind" checked={kind === 'deep-pull'} onChange={() => setKind('deep-pull')} /> Deep pull (every person's attributes)
          </label>
          <label>
            <input type="radio" name="kind" checked={kind === 'push'} onChange={() => setKind('push')} /> Push the outbox
          </label>
        </fieldset>
        {kind === 'pull' ? (
          <fieldset className="field">
            <legend className="field-label">Pull</legend>
            {PARTS.map((p) => (
              <label key={p.id}>
                <input type="checkbox" checked={parts.includes(p.id)} onChange={() => toggle(p.id)} /> {p.label}
              </label>
            ))}
          </fieldset>
        ) : null}
        <fieldset className="field">
          <legend className="field-label">How often</legend>
          <label>
            <input type="radio" name="mode" checked={mode === 'every'} onChange={() => setMode('every')} /> Every few minutes
          </label>
          <label>
            <input type="radio" name="mode" checked={mode === 'cron'} onChange={() => setMode('cron')} /> On a cron expression
          </label>
          {mode === 'every' ? (
            <label className="field">
              <span className="field-label">Minutes between runs</span>
              <input type="number" min={1} step={1} value={minutes} onChange={(e) => setMinutes(e.target.value)} required />
            </label>
          ) : (
            <label className="field">
              <span className="field-label">Cron expression</span>
              <input
                type="text"
                value={cron}
                onChange={(e) => setCron(e.target.value)}
                spellCheck={false}
                required
                aria-invalid={cronProblem ? true : undefined}
                aria-describedby={cronProblem ? 'cron-error cron-hint' : 'cron-hint'}
              />
              {cronProblem ? (
                <span id="cron-error" className="field-error" role="alert">
                  {cronProblem}
                </span>
              ) : null}
              <span id="cron-hint" className="field-hint">minute hour day month weekday, in local time, e.g. 0 9-17 * * 1-5</span>
            </label>
          )}
        </fieldset>
        <fieldset className="field">
          <legend className="field-label">When</legend>
          <label>
            <input type="checkbox" checked={windowed} onChange={(e) => setWindowed(e.target.checked)} /> Only between
          </label>
          {windowed ? (
            <div className="key-grid">
              <label className="field">
                <span className="field-label">From</span>
                <input type="time" value={from} onChange={(e) => setFrom(e.target.value)} required />
              </label>
              <label className="field">
                <span className="field-label">To</span>
                <input type="time" value={to} onChange={(e) => setTo(e.target.value)} required />
              </label>
              <label className="field">
                <span className="field-label">Days</span>
                <select value={days} onChange={(e) => setDays(e.target.value)}>
                  <option value="weekdays">Weekdays</option>
                  <option value="daily">Every day</option>
                  <option value="weekends">Weekends</option>
                </select>
              </label>
            </div>
          ) : null}
        </fieldset>
        {asksName ? (
          <div className="field">
            <p className="prod-warning">
              <span className="badge badge-production">PRODUCTION</span> Each run pushes the outbox to real customers without asking again.
            </p>
            <label className="field">
              <span className="field-label">
                Type <strong className="confirm-name">{productionName}</strong> to {editing ? 'confirm again (leave empty to keep)' : 'allow it'}
              </span>
              <input type="text" value={typed} onChange={(e) => setTyped(e.target.value)} autoComplete="off" spellCheck={false} />
            </label>
          </div>
        ) : null}
        {problem ? (
          <p role="alert" className="field-error">
            {problem}
          </p>
        ) : null}
        <div className="form-actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={saving}>
            {saving ? 'Saving…' : 'Save schedule'}
          </button>
        </div>
      </form>
    </Dialog>
  )
}
