// The command registry behind the command palette (Ctrl+K / ⌘K). The app registers navigation and
// its main actions (components/AppCommands.tsx); a screen registers its own while it is shown with
// useRegisterCommands(), and a screen's command replaces an app command with the same id (the app's
// "New import" goes to the Import screen; on that screen, the screen's own starts over).
import { createContext, useCallback, useContext, useEffect, useId, useMemo, useState, type ReactNode } from 'react'

export interface Command {
  /** stable id, e.g. "nav.people", "jobs.sync", "workspace.switch.<id>" */
  id: string
  /** what the palette shows and matches, written as the action: "Go to People", "Sync now" */
  label: string
  group: CommandGroup
  /** more words that find it (not shown) */
  keywords?: readonly string[]
  /** the key combination that runs it outside the palette, shown beside it ("/", "Ctrl+K") */
  shortcut?: string
  /** shown instead of running it, when it cannot run now */
  disabledReason?: string | null
  run: () => void
}

export type CommandGroup = 'This screen' | 'Actions' | 'Screens' | 'Workspaces' | 'Help'

/** The order groups are listed in before anything is typed. */
export const GROUP_ORDER: readonly CommandGroup[] = ['This screen', 'Actions', 'Screens', 'Workspaces', 'Help']

type Scope = 'app' | 'screen'

interface CommandsState {
  commands: Command[]
  register: (key: string, scope: Scope, commands: Command[]) => void
  unregister: (key: string) => void
  /** what is open over the app: the palette, the list of keyboard shortcuts, or nothing */
  overlay: Overlay
  setOverlay: (overlay: Overlay) => void
}

export type Overlay = 'palette' | 'shortcuts' | null

const Ctx = createContext<CommandsState | null>(null)

export function CommandsProvider({ children }: { children: ReactNode }) {
  const [sources, setSources] = useState<ReadonlyMap<string, { scope: Scope; commands: Command[] }>>(new Map())
  const [overlay, setOverlay] = useState<Overlay>(null)

  const register = useCallback((key: string, scope: Scope, commands: Command[]) => {
    setSources((m) => new Map(m).set(key, { scope, commands }))
  }, [])
  const unregister = useCallback((key: string) => {
    setSources((m) => {
      if (!m.has(key)) return m
      const next = new Map(m)
      next.delete(key)
      return next
    })
  }, [])

  const commands = useMemo(() => mergeCommands([...sources.values()]), [sources])
  const value = useMemo(() => ({ commands, register, unregister, overlay, setOverlay }), [commands, register, unregister, overlay])
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>
}

/** App commands first, then screen commands replacing app ones of the same id; sorted by group. */
function mergeCommands(sources: Array<{ scope: Scope; commands: Command[] }>): Command[] {
  const byId = new Map<string, Command>()
  for (const scope of ['app', 'screen'] as const) {
    for (const s of sources) if (s.scope === scope) for (const c of s.commands) byId.set(c.id, c)
  }
  const all = [...byId.values()]
  return GROUP_ORDER.flatMap((g) => all.filter((c) => c.group === g))
}

export function useCommands(): CommandsState {
  const v = useContext(Ctx)
  if (!v) throw new Error('useCommands needs a <CommandsProvider>')
  return v
}

/**
 * Registers `commands` while the calling component is mounted. Pass a memoised list (useMemo): a new
 * list re-registers. Screens use the default scope; the app shell uses 'app'.
 */
export function useRegisterCommands(commands: Command[], scope: Scope = 'screen'): void {
  const { register, unregister } = useCommands()
  const key = useId()
  useEffect(() => {
    register(key, scope, commands)
  }, [register, key, scope, commands])
  useEffect(() => () => unregister(key), [unregister, key])
}

/** The platform's palette key, for display: ⌘K on macOS, Ctrl+K elsewhere. */
export function isMac(): boolean {
  return /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent)
}

export function paletteShortcut(): { label: string; aria: string } {
  return isMac() ? { label: '⌘K', aria: 'Meta+K' } : { label: 'Ctrl+K', aria: 'Control+K' }
}

/** True for keys typed into a text field, where single-key shortcuts ("?", "/") must not fire. */
export function typingInField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName)
}
