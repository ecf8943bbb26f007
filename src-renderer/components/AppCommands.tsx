// The app's own commands for the palette: every screen (derived from ROUTES, so a new route is
// listed without touching this file), the main actions, and a switch to each workspace.
// Screens add theirs with useRegisterCommands (state/commands.tsx).
import { useMemo, useRef, type RefObject } from 'react'
import { useChanges } from '../state/changes'
import { useRegisterCommands, useCommands, type Command } from '../state/commands'
import { useJobs } from '../state/jobs'
import { useNotifications } from '../state/notifications'
import { useWorkspaces } from '../state/workspaces'
import { plural } from './format'
import { useSyncActions, type SyncActions } from './useSyncActions'
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

export function AppCommands() {
  const { workspaces, active, select } = useWorkspaces()
  const { current, cancel } = useJobs()
  const { counts } = useChanges()
  const { setOverlay } = useCommands()
  const { notifyError } = useNotifications()
  // The Sync menu's own actions, words and reasons (one vocabulary: README "Syncing").
  const sync = useSyncActions()
  // useSyncActions answers a new object on every render; the palette's list is rebuilt only when
  // what the actions say changes (a new list re-registers, which renders this again), and each
  // command runs the latest action through the ref.
  const syncRef = useRef(sync)
  syncRef.current = sync
  const syncKey = SYNC_KEYS.map((k) => `${sync[k].label}|${sync[k].disabled}|${sync[k].description}`).join('\n')

  const pending = counts ? counts.pending + counts.failed : 0
  const conflicts = counts?.conflicts ?? 0
  const commands = useMemo<Command[]>(() => {
    const noWorkspace = active ? null : 'Choose a workspace first'
    const list: Command[] = ROUTES.map((r) => ({
      id: `nav.${r.id}`,
      label: `Go to ${r.label}`,
      group: 'Screens',
      keywords: ROUTE_KEYWORDS[r.id as RouteId],
      run: () => go(href(r.id)),
    }))
    list.push(
      syncCommand('jobs.sync', syncRef, 'sync', ['pull and push', 'refresh']),
      syncCommand('jobs.pull', syncRef, 'pullOnly', ['download', 'refresh mirror']),
      syncCommand('jobs.push', syncRef, 'push', ['upload', 'outbox', 'send changes']),
      syncCommand('jobs.full-pull', syncRef, 'fullRePull', ['export', 'everything', 'refresh mirror']),
      syncCommand('jobs.deep-pull', syncRef, 'deepPull', ['attributes', 'complete mirror']),
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
            if (!r.ok) notifyError(w.id, `Could not switch to “${w.name}”`, r.error)
          }),
      })
    }
    list.push({ id: 'help.shortcuts', label: 'Keyboard shortcuts', group: 'Help', keywords: ['keys', 'help'], shortcut: '?', run: () => setOverlay('shortcuts') })
    return list
  }, [active, current, workspaces, conflicts, pending, syncKey, cancel, select, setOverlay, notifyError])

  useRegisterCommands(commands, 'app')

  // a push to a production workspace asks for its name first
  return sync.dialog
}

const SYNC_KEYS = ['sync', 'pullOnly', 'push', 'fullRePull', 'deepPull'] as const

function syncCommand(id: string, ref: RefObject<SyncActions>, which: (typeof SYNC_KEYS)[number], keywords: string[]): Command {
  const action = ref.current[which]
  return { id, label: action.label, group: 'Actions', keywords, disabledReason: action.disabled ? action.description : null, run: () => ref.current[which].run() }
}
