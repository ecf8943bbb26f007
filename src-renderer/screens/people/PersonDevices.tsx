// The person panel's Devices section: the person's push devices from the mirror, refreshed from
// Customer.io on request; add one (token and platform, sent through Track at once) or remove one
// (after a confirmation). Many devices at a time go through Import → devices.
import { useEffect, useId, useState, type FormEvent } from 'react'
import { call, type DeviceView, type IpcError } from '../../api'
import { Dialog } from '../../components/Dialog'
import { ErrorAlert } from '../../components/ErrorAlert'
import { formatWhen } from '../../components/format'
import { useJobs } from '../../state/jobs'
import { Section } from './PersonSections'

const short = (token: string) => (token.length > 16 ? `${token.slice(0, 8)}…${token.slice(-6)}` : token)

export function PersonDevices({ workspaceId, pk, who, enabled }: { workspaceId: string; pk: number; who: string; enabled: boolean }) {
  const uid = useId()
  const { mirrorVersion } = useJobs()
  const [devices, setDevices] = useState<DeviceView[] | null>(null)
  const [error, setError] = useState<{ title: string; error: IpcError } | null>(null)
  const [token, setToken] = useState('')
  const [platform, setPlatform] = useState<'ios' | 'android'>('ios')
  const [busy, setBusy] = useState(false)
  const [removing, setRemoving] = useState<DeviceView | null>(null)

  useEffect(() => {
    let alive = true
    void call((cio) => cio.messaging.devices({ workspaceId, pk })).then((r) => {
      if (!alive) return
      if (r.ok) setDevices(r.value.devices)
      else setError({ title: 'Could not read the devices', error: r.error })
    })
    return () => {
      alive = false
    }
  }, [workspaceId, pk, mirrorVersion])

  async function refresh() {
    setBusy(true)
    const r = await call((cio) => cio.messaging.person({ workspaceId, pk }))
    setBusy(false)
    if (r.ok) {
      setDevices(r.value.devices)
      setError(null)
    } else setError({ title: 'Could not refresh the devices from Customer.io', error: r.error })
  }

  async function add(e: FormEvent) {
    e.preventDefault()
    if (!token.trim() || busy) return
    setBusy(true)
    const r = await call((cio) => cio.messaging.deviceadd({ workspaceId, pk, token: token.trim(), platform }))
    setBusy(false)
    if (r.ok) {
      setDevices(r.value.devices)
      setToken('')
      setError(null)
    } else setError({ title: 'The device was not added', error: r.error })
  }

  async function remove(d: DeviceView) {
    setBusy(true)
    const r = await call((cio) => cio.messaging.deviceremove({ workspaceId, pk, token: d.token }))
    setBusy(false)
    setRemoving(null)
    if (r.ok) {
      setDevices(r.value.devices)
      setError(null)
    } else setError({ title: 'The device was not removed', error: r.error })
  }

  return (
    <Section title="Devices" count={devices?.length}>
      {error ? <ErrorAlert title={error.title} error={error.error} onDismiss={() => setError(null)} /> : null}
      {devices == null ? null : devices.length === 0 ? (
        <p className="muted">No devices. Add one below, or import many with Import → Devices.</p>
      ) : (
        <table className="kv-table" aria-label={`Devices of ${who}`}>
          <thead>
            <tr>
              <th scope="col">Platform</th>
              <th scope="col">Token</th>
              <th scope="col">Last used</th>
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {devices.map((d) => (
              <tr key={d.token}>
                <td>{d.platform}</td>
                <td className="cell-mono token" title={d.token}>
                  {short(d.token)}
                </td>
                <td>{formatWhen(d.lastUsed)}</td>
                <td>
                  <button type="button" className="small danger-quiet" disabled={!enabled || busy} aria-label={`Remove device ${short(d.token)}`} onClick={() => setRemoving(d)}>
                    Remove…
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form className="device-add" onSubmit={(e) => void add(e)}>
        <label htmlFor={`${uid}-token`}>Device token</label>
        <input id={`${uid}-token`} value={token} onChange={(e) => setToken(e.target.value)} spellCheck={false} autoComplete="off" disabled={!enabled || busy} />
        <label htmlFor={`${uid}-platform`}>Platform</label>
        <select id={`${uid}-platform`} value={platform} onChange={(e) => setPlatform(e.target.value as 'ios' | 'android')} disabled={!enabled || busy}>
          <option value="ios">iOS</option>
          <option value="android">Android</option>
        </select>
        <button type="submit" className="small" disabled={!enabled || busy || !token.trim()}>
          Add device
        </button>
        <button type="button" className="small" disabled={busy} onClick={() => void refresh()}>
          Refresh devices
        </button>
      </form>
      {removing ? (
        // Escape closes only this dialog, not the person panel around it (React bubbles through portals).
        <div onKeyDown={(e) => e.key === 'Escape' && e.stopPropagation()}>
          <Dialog title="Remove this device?" tone="danger" onClose={() => setRemoving(null)} description={<>“{who}” stops receiving push messages on it. This is sent to Customer.io now.</>}>
            <p>
              {removing.platform} device <span className="cell-mono">{short(removing.token)}</span>
            </p>
            <div className="form-actions">
              <button type="button" onClick={() => setRemoving(null)} data-autofocus>
                Cancel
              </button>
              <button type="button" className="danger" disabled={busy} onClick={() => void remove(removing)}>
                Remove device
              </button>
            </div>
          </Dialog>
        </div>
      ) : null}
    </Section>
  )
}
