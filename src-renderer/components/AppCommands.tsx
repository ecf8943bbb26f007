// The app's own commands for the palette: every screen (derived from ROUTES, so a new route is
// listed without touching this file), the main actions, and a switch to each workspace.
// Screens add theirs with useRegisterCommands (state/commands.tsx).
import { useMemo, useState } from 'react'
import type { IpcError } from '../api'
import { useChanges } from '../state/changes'
import { useRegisterCommands, useCommands, type Command } from '../state/commands'
import { useJobs } from '../state/jobs'
import { useWorkspaces } from '../state/workspaces'
import { ErrorAlert } from './ErrorAlert'
import { ROUTES, href, intentHref, type RouteId } from './route'
import { whereLabel } from './workspace-kind'

/** More words that find a screen, in the words ops people use for it. */
const ROUTE_KEYWORDS: Partial<Record<RouteId, string[]>> = {
  people: ['customers', 'profiles', 'search', 'attributes'],
  segments: ['members', 'audiences'],
  collections: ['data', 'tables', 'rows'],
  campaigns: ['messages', 'broadcasts', 'newsletters', 'metrics'],
  import: ['csv', 'upload', 'file'],
  changes: ['outbox', 'pending edits', 'push'],
  conflicts: ['open conflicts', 'resolve'],
  sync: ['history', 'schedules', 'pull', 'runs'],
  settings: ['preferences', 'rates'],
  workspaces: ['accounts', 'keys', 'credentials'],
}

function go(to: string) {
  window.location.hash = to
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`
}

export function AppCommands() {
  const { workspaces, active, select } = useWorkspaces()
  const { current, startSync, startPull, cancel } = useJobs()
  const { counts } = useChanges()
  const { setOverlay } = useCommands()
  const [switchError, setSwitchError] = useState<{ name: string; error: IpcError } | null>(null)

  const pending = counts ? counts.pending + counts.failed : 0
  const conflicts = counts?.conflicts ?? 0
  const commands = useMemo<Command[]>(() => {
    const noWorkspace = active ? null : 'Choose a workspace first'
    const busy = current ? `Wait for the running ${current.kind === 'deep-pull' ? 'deep pull' : current.kind} to finish, or cancel it` : null
    const list: Command[] = ROUTES.map((r) => ({
      id: `nav.${r.id}`,
      label: `Go to ${r.label}`,
      group: 'Screens',
      keywords: ROUTE_KEYWORDS[r.id as RouteId],
      run: () => go(href(r.id)),
    }))
    list.push(
      { id: 'jobs.sync', label: 'Sync now', group: 'Actions', keywords: ['pull and push', 'refresh'], disabledReason: noWorkspace ?? busy, run: () => void startSync() },
      { id: 'jobs.pull', label: 'Pull now', group: 'Actions', keywords: ['download', 'refresh mirror'], disabledReason: noWorkspace ?? busy, run: () => void startPull() },
      { id: 'import.new', label: 'New import', group: 'Actions', keywords: ['csv', 'upload'], disabledReason: noWorkspace, run: () => go(href('import')) },
      { id: 'workspace.add', label: 'Add workspace…', group: 'Actions', keywords: ['connect', 'new workspace', 'sandbox'], run: () => go(intentHref('workspaces', 'add')) },
    )
    if (current) list.push({ id: 'jobs.cancel', label: `Cancel the running ${current.kind === 'deep-pull' ? 'deep pull' : current.kind}`, group: 'Actions', keywords: ['stop'], run: () => void cancel() })
    if (conflicts > 0) list.push({ id: 'conflicts.open', label: `Resolve ${plural(conflicts, 'conflict', 'conflicts')}`, group: 'Actions', keywords: ['open conflicts'], run: () => go(href('conflicts')) })
    if (pending > 0) list.push({ id: 'changes.review', label: `Review ${plural(pending, 'pending change', 'pending changes')}`, group: 'Actions', keywords: ['push', 'outbox'], run: () => go(href('changes')) })
    for (const w of workspaces) {
      if (w.id === active?.id) continue
      list.push({
        id: `workspace.switch.${w.id}`,
        label: `Switch to workspace “${w.name}”`,
        group: 'Workspaces',
        keywords: [w.name, whereLabel(w), w.production ? 'production' : w.kind === 'sandbox' ? 'sandbox' : ''].filter(Boolean),
        run: () =>
          void select(w.id).then((r) => {
            setSwitchError(r.ok ? null : { name: w.name, error: r.error })
          }),
      })
    }
    list.push({ id: 'help.shortcuts', label: 'Keyboard shortcuts', group: 'Help', keywords: ['keys', 'help'], shortcut: '?', run: () => setOverlay('shortcuts') })
    return list
  }, [active, current, workspaces, conflicts, pending, startSync, startPull, cancel, select, setOverlay])

  useRegisterCommands(commands, 'app')

  if (!switchError) return null
  return (
    <div className="command-alert">
      <ErrorAlert title={`Could not switch to “${switchError.name}”`} error={switchError.error} onDismiss={() => setSwitchError(null)} />
    </div>
  )
}
