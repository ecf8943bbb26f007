// Settings: about this installation, the preferences that change how the engine works, and the
// attributes every people export of the active workspace asks for.
import { useEffect, useState } from 'react'
import { call, type AppInfo, type IpcError } from '../../api'
import { EmptyState, Screen } from '../../components/EmptyState'
import { ErrorAlert } from '../../components/ErrorAlert'
import { useWorkspaces } from '../../state/workspaces'
import { AttributeNamesPanel } from './AttributeNamesPanel'
import { PreferencesForm } from './PreferencesForm'

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
            <dd>{info.mode === 'desktop' ? 'Desktop app' : info.mode === 'headless' ? 'Headless host (browser)' : 'Command line'}</dd>
            <dt>Data folder</dt>
            <dd>
              <code>{info.home}</code>
            </dd>
            <dt>Platform</dt>
            <dd>{info.platform}</dd>
            <dt>Database schema</dt>
            <dd>{info.schemaVersion}</dd>
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
