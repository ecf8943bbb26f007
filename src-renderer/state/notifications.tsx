// Messages of background work, each under its workspace's name: the notification list behind the
// bell in the header (newest first, read or not) and the toasts at the bottom right. A toast is shown
// only while its workspace is active, so one workspace's error never appears on another's screens;
// the list keeps every workspace's entries, each naming its workspace. Fed by `app:jobs:finished`
// (through job-notice.ts, which also decides what is not worth saying) and by `notify()` for the
// failed calls of this window (a sync that could not start, a workspace that could not be chosen).
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react'
import { nextStep, subscribe, type IpcError } from '../api'
import { jobNotice, type NoticeTone } from './job-notice'
import { useWorkspaces } from './workspaces'

export interface Notice {
  id: number
  /** the workspace it is about; null for a message about the app itself */
  workspaceId: string | null
  /** the name when it happened: it stays readable after a rename or removal */
  workspaceName: string
  tone: NoticeTone
  title: string
  detail: string | null
  at: number
  read: boolean
}

export interface NoticeInput {
  workspaceId: string | null
  tone: NoticeTone
  title: string
  detail?: string | null
}

interface NotificationsState {
  /** newest first */
  notices: readonly Notice[]
  unread: number
  /** toasts of the active workspace (and of no workspace), oldest first */
  toasts: readonly Notice[]
  notify: (input: NoticeInput) => void
  /** a failed call as an error notice: the message and what to do next */
  notifyError: (workspaceId: string | null, title: string, error: IpcError) => void
  dismissToast: (id: number) => void
  markAllRead: () => void
  clear: () => void
}

/** The list keeps this many entries; older ones drop off. */
const KEEP = 200

const Ctx = createContext<NotificationsState | null>(null)

export function NotificationsProvider({ children }: { children: ReactNode }) {
  const { workspaces, active } = useWorkspaces()
  const [notices, setNotices] = useState<Notice[]>([])
  const [toastIds, setToastIds] = useState<number[]>([])
  const nextId = useRef(1)
  // The names are read when a message arrives, not when the subscription was made.
  const names = useRef(new Map<string, string>())
  names.current = new Map(workspaces.map((w) => [w.id, w.name]))
  const activeId = active?.id ?? null
  const activeRef = useRef(activeId)
  activeRef.current = activeId

  const notify = useCallback((input: NoticeInput) => {
    const id = nextId.current++
    const workspaceName = input.workspaceId ? (names.current.get(input.workspaceId) ?? 'A removed workspace') : 'cio-sync'
    const notice: Notice = { id, workspaceId: input.workspaceId, workspaceName, tone: input.tone, title: input.title, detail: input.detail ?? null, at: Date.now(), read: false }
    setNotices((list) => [notice, ...list].slice(0, KEEP))
    // Another workspace's result goes to the list only: its toast would show on this one's screens.
    if (input.workspaceId === null || input.workspaceId === activeRef.current) setToastIds((ids) => [...ids, id])
  }, [])

  // Switching workspaces takes the old one's toasts away (they stay in the list).
  const noticesRef = useRef(notices)
  noticesRef.current = notices
  useEffect(() => {
    setToastIds((ids) => {
      const keep = ids.filter((id) => {
        const n = noticesRef.current.find((x) => x.id === id)
        return n != null && (n.workspaceId === null || n.workspaceId === activeId)
      })
      return keep.length === ids.length ? ids : keep
    })
  }, [activeId])

  const notifyError = useCallback(
    (workspaceId: string | null, title: string, error: IpcError) => notify({ workspaceId, tone: 'error', title, detail: `${error.message} ${nextStep(error)}` }),
    [notify],
  )

  useEffect(
    () =>
      subscribe('app:jobs:finished', (f) => {
        const text = jobNotice(f)
        if (text) notify({ workspaceId: f.workspaceId, ...text })
      }),
    [notify],
  )

  const dismissToast = useCallback((id: number) => setToastIds((ids) => ids.filter((x) => x !== id)), [])
  const markAllRead = useCallback(() => setNotices((list) => (list.some((n) => !n.read) ? list.map((n) => ({ ...n, read: true })) : list)), [])
  const clear = useCallback(() => {
    setNotices([])
    setToastIds([])
  }, [])

  const value = useMemo<NotificationsState>(() => {
    const byId = new Map(notices.map((n) => [n.id, n]))
    const toasts = toastIds.flatMap((id) => {
      const n = byId.get(id)
      return n && (n.workspaceId === null || n.workspaceId === activeId) ? [n] : []
    })
    const unread = notices.filter((n) => !n.read).length
    return { notices, unread, toasts, notify, notifyError, dismissToast, markAllRead, clear }
  }, [notices, toastIds, activeId, notify, notifyError, dismissToast, markAllRead, clear])
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>
}

export function useNotifications(): NotificationsState {
  const v = useContext(Ctx)
  if (!v) throw new Error('useNotifications needs a <NotificationsProvider>')
  return v
}
