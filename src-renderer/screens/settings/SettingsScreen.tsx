// Settings: about this installation, the preferences that change how the engine works, and the
// attributes every people export of the active workspace asks for.
import { useEffect, useState } from 'react'
import { call, type AppInfo, type IpcError } from '../../api'
import { EmptyState, Screen } from '../../components/EmptyState'
import { ErrorAlert } from '../../components/ErrorAlert'
import { formatBytes } from '../../components/format'
import { useWorkspaces } from '../../state/workspaces'
import { AttributeNamesPanel } from './AttributeNamesPanel'
import { PreferencesForm } from './PreferencesForm'

const OS_NAMES: Record<string, string> = { linux: 'Linux', darwin: 'macOS', win32: 'Windows' }

function fileName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path
}

export function SettingsScreen() {
  const { active } = useWorkspaces()
  const [info, setInfo] = useState<AppInfo | null>(null)
  const [error, setError] = useState<IpcError | null>(null)

  async function load() {
    setError(null)
    const r = await call((cio) => cio.app.info({}))
    if (r.ok) setInfo(r.value)
    else setError(r.error)
  }

  useEffect(() => {
    void load()
  }, [])

  return (
    <Screen title="Settings" subtitle="About this installation, and how cio-sync works with your workspace.">
      <section className="panel" aria-labelledby="about-title">
        <h2 id="about-title" className="panel-title">
          About cio-sync
        </h2>
        {error ? <ErrorAlert title="Could not read app information" error={error} onRetry={() => void load()} /> : null}
        {info ? (
          <dl className="facts">
            <dt>Version</dt>
            <dd>{info.version}</dd>
            <dt>Running as</dt>
            <dd>{info.mode === 'desktop' ? 'Desktop app' : info.mode === 'headless' ? 'In a browser, served from this computer' : 'Command line'}</dd>
            <dt>Data folder</dt>
            <dd>
              <code className="selectable">{info.home}</code>
              <div className="field-hint">Your local copy of each workspace, the changes waiting to be sent and the sync history. Keys are not here: they are in the system keychain.</div>
            </dd>
            <dt>Data file</dt>
            <dd>
              Up to date for this version · {formatBytes(info.dataFile.bytes)} <span className="muted">({fileName(info.dataFile.path)})</span>
            </dd>
            <dt>Operating system</dt>
            <dd>{OS_NAMES[info.platform] ?? info.platform}</dd>
          </dl>
        ) : !error ? (
          <p className="muted">Loading…</p>
        ) : null}
      </section>

      {active ? (
        <>
          <PreferencesForm workspace={active} />
          <AttributeNamesPanel workspace={active} />
        </>
      ) : (
        <EmptyState title="No active workspace" icon="⚙" actions={<a href="#/workspaces">Choose a workspace</a>}>
          <p>Request rates and the attributes to always pull are set per workspace: choose or add one first.</p>
        </EmptyState>
      )}
    </Screen>
  )
}
