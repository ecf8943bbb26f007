// The app shell: header with the active workspace, left navigation, and the routed screen.
import { useEffect, useRef } from 'react'
import { AppCommands } from './components/AppCommands'
import { CommandPalette } from './components/CommandPalette'
import { Header } from './components/Header'
import { Nav } from './components/Nav'
import { ROUTES, useHashRoute, type RouteId } from './components/route'
import { OfflineBanner } from './components/OfflineBanner'
import { ChangesProvider } from './state/changes'
import { CommandsProvider } from './state/commands'
import { ConnectivityProvider } from './state/connectivity'
import { JobsProvider } from './state/jobs'
import { NotificationsProvider } from './state/notifications'
import { Toasts } from './components/Toasts'
import { WorkspacesProvider, useWorkspaces } from './state/workspaces'
import { PeopleScreen } from './screens/people/PeopleScreen'
import { SegmentsScreen } from './screens/segments/SegmentsScreen'
import { CollectionsScreen } from './screens/collections/CollectionsScreen'
import { CampaignsScreen } from './screens/campaigns/CampaignsScreen'
import { ImportScreen } from './screens/import/ImportScreen'
import { ChangesScreen } from './screens/changes/ChangesScreen'
import { ConflictsScreen } from './screens/conflicts/ConflictsScreen'
import { SyncScreen } from './screens/sync/SyncScreen'
import { AuditScreen } from './screens/audit/AuditScreen'
import { SettingsScreen } from './screens/settings/SettingsScreen'
import { WorkspacesScreen } from './screens/workspaces/WorkspacesScreen'

function ScreenFor({ route }: { route: RouteId }) {
  switch (route) {
    case 'people':
      return <PeopleScreen />
    case 'segments':
      return <SegmentsScreen />
    case 'collections':
      return <CollectionsScreen />
    case 'campaigns':
      return <CampaignsScreen />
    case 'import':
      return <ImportScreen />
    case 'changes':
      return <ChangesScreen />
    case 'conflicts':
      return <ConflictsScreen />
    case 'sync':
      return <SyncScreen />
    case 'audit':
      return <AuditScreen />
    case 'settings':
      return <SettingsScreen />
    case 'workspaces':
      return <WorkspacesScreen />
  }
}

function Shell() {
  const route = useHashRoute()
  const { active } = useWorkspaces()
  const mainRef = useRef<HTMLElement>(null)
  const first = useRef(true)

  useEffect(() => {
    const label = ROUTES.find((r) => r.id === route)?.label ?? ''
    document.title = active ? `${label} — ${active.name}${active.production ? ' (PRODUCTION)' : ''} — cio-sync` : `${label} — cio-sync`
  }, [route, active])

  // Move focus to the new screen after navigation (not on first load), so keyboard and screen
  // reader users land on its heading.
  useEffect(() => {
    if (first.current) {
      first.current = false
      return
    }
    mainRef.current?.focus()
  }, [route])

  const tone = active?.production ? 'is-production' : active?.kind === 'sandbox' ? 'is-sandbox' : ''
  return (
    <div className={`app ${tone}`}>
      <button type="button" className="skip-link" onClick={() => mainRef.current?.focus()}>
        Skip to content
      </button>
      <Header />
      <AppCommands />
      <CommandPalette />
      <div className="app-body">
        <Nav route={route} />
        <div className="app-column">
          <OfflineBanner />
          <main id="main" ref={mainRef} tabIndex={-1} className="app-main">
            <ScreenFor route={route} />
          </main>
        </div>
      </div>
      <Toasts />
    </div>
  )
}

export function App() {
  return (
    <WorkspacesProvider>
      <JobsProvider>
        <NotificationsProvider>
          <ConnectivityProvider>
            <ChangesProvider>
              <CommandsProvider>
                <Shell />
              </CommandsProvider>
            </ChangesProvider>
          </ConnectivityProvider>
        </NotificationsProvider>
      </JobsProvider>
    </WorkspacesProvider>
  )
}
