// The engine's preferences: the active workspace's request rates for the APIs whose limit is soft
// (Track and Pipelines; blank = the default), and the battery level below which scheduled syncs
// wait. Saved together; a rate change applies from the next request.
import { useEffect, useId, useState, type FormEvent } from 'react'
import { call, type IpcError, type Preferences, type WorkspaceView } from '../../api'
import { ErrorAlert } from '../../components/ErrorAlert'

const text = (v: number | null) => (v === null ? '' : String(v))

/** '' → null (the default); otherwise a number, or a message saying what is wrong. */
function rateOf(label: string, raw: string): number | null | string {
  if (raw.trim() === '') return null
  const n = Number(raw)
  return Number.isFinite(n) && n >= 1 && n <= 1000 ? n : `${label} must be between 1 and 1000 requests per second, or blank for the default.`
}

export function PreferencesForm({ workspace }: { workspace: WorkspaceView }) {
  const uid = useId()
  const [prefs, setPrefs] = useState<Preferences | null>(null)
  const [track, setTrack] = useState('')
  const [pipelines, setPipelines] = useState('')
  const [battery, setBattery] = useState('')
  const [error, setError] = useState<IpcError | null>(null)
  const [problem, setProblem] = useState<string | null>(null)
  const [saved, setSaved] = useState(false)

  const show = (p: Preferences) => {
    setPrefs(p)
    setTrack(text(p.trackRate))
    setPipelines(text(p.pipelinesRate))
    setBattery(String(p.batteryThreshold))
  }

  useEffect(() => {
    void call((cio) => cio.preferences.get({ workspaceId: workspace.id })).then((r) => (r.ok ? show(r.value) : setError(r.error)))
  }, [workspace.id])

  async function save(e: FormEvent) {
    e.preventDefault()
    setSaved(false)
    const trackRate = rateOf('The Track API rate', track)
    const pipelinesRate = rateOf('The Pipelines API rate', pipelines)
    const threshold = Number(battery)
    const bad = [trackRate, pipelinesRate].find((v): v is string => typeof v === 'string')
    if (bad) return setProblem(bad)
    if (!Number.isInteger(threshold) || threshold < 0 || threshold > 100) return setProblem('The battery level must be a whole percent from 0 to 100.')
    setProblem(null)
    const r = await call((cio) => cio.preferences.set({ workspaceId: workspace.id, trackRate: trackRate as number | null, pipelinesRate: pipelinesRate as number | null, batteryThreshold: threshold }))
    if (!r.ok) return setError(r.error)
    show(r.value)
    setSaved(true)
  }

  if (error) return <ErrorAlert title="Could not read the preferences" error={error} onDismiss={() => setError(null)} />
  if (!prefs) return <p className="muted">Loading preferences…</p>
  return (
    <form className="panel preferences" aria-labelledby={`${uid}-title`} onSubmit={(e) => void save(e)}>
      <h2 id={`${uid}-title`} className="panel-title">
        Preferences
      </h2>
      <fieldset className="field-group">
        <legend>Request rates for “{workspace.name}”</legend>
        <p className="field-hint">
          Customer.io’s Track and Pipelines limits are soft (3000 requests per 3 seconds). Leave blank for cio-sync’s default; every job of this
          workspace shares the rate you set. The App API (10/s) and broadcast triggers (1 per 10 s) are fixed.
        </p>
        <div className="field">
          <label htmlFor={`${uid}-track`}>Track API, requests per second</label>
          <input id={`${uid}-track`} inputMode="decimal" placeholder={`default ${prefs.defaults.trackRate}`} value={track} onChange={(e) => setTrack(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={`${uid}-pipelines`}>Pipelines API, requests per second</label>
          <input id={`${uid}-pipelines`} inputMode="decimal" placeholder={`default ${prefs.defaults.pipelinesRate}`} value={pipelines} onChange={(e) => setPipelines(e.target.value)} />
        </div>
      </fieldset>
      <fieldset className="field-group">
        <legend>Background sync</legend>
        <div className="field">
          <label htmlFor={`${uid}-battery`}>Hold scheduled syncs on battery below (%)</label>
          <input id={`${uid}-battery`} type="number" min={0} max={100} step={1} value={battery} onChange={(e) => setBattery(e.target.value)} />
          <span className="field-hint">0 never holds them. Where the system does not report a battery, syncs always run.</span>
        </div>
      </fieldset>
      {problem ? (
        <p className="field-error" role="alert">
          {problem}
        </p>
      ) : null}
      <div className="form-actions form-actions-start">
        <button type="submit" className="primary">
          Save preferences
        </button>
        {saved ? <span role="status">Saved. New rates apply from the next request.</span> : null}
      </div>
    </form>
  )
}
