// The active workspace's schedules and the background-sync status line, kept fresh by the
// `app:schedules:status` event (sent when a run starts or ends, a pause begins or ends…).
import { useCallback, useEffect, useState } from 'react'
import { call, subscribe, type CioApi, type IpcError, type Result, type ScheduleStatus, type ScheduleView } from '../../api'

export interface SchedulesState {
  schedules: ScheduleView[] | null
  status: ScheduleStatus | null
  error: IpcError | null
  reload: () => Promise<void>
  /** runs a call, reloads, and answers its error (null when it worked) for the caller to show */
  act: <T>(fn: (cio: CioApi) => Promise<Result<T>>) => Promise<IpcError | null>
}

export function useSchedules(workspaceId: string | null): SchedulesState {
  const [schedules, setSchedules] = useState<ScheduleView[] | null>(null)
  const [status, setStatus] = useState<ScheduleStatus | null>(null)
  const [error, setError] = useState<IpcError | null>(null)

  const reload = useCallback(async () => {
    if (!workspaceId) return
    const [list, st] = await Promise.all([call((cio) => cio.schedules.list({ workspaceId })), call((cio) => cio.schedules.status({}))])
    if (list.ok) {
      setSchedules(list.value.schedules)
      setError(null)
    } else setError(list.error)
    if (st.ok) setStatus(st.value)
  }, [workspaceId])

  useEffect(() => {
    setSchedules(null)
    void reload()
  }, [reload])

  useEffect(
    () =>
      subscribe('app:schedules:status', (s) => {
        setStatus(s)
        // next run and last state of the rows moved with it
        void reload()
      }),
    [reload],
  )

  const act = useCallback(
    async <T,>(fn: (cio: CioApi) => Promise<Result<T>>): Promise<IpcError | null> => {
      const r = await call(fn)
      await reload()
      return r.ok ? null : r.error
    },
    [reload],
  )

  return { schedules, status, error, reload, act }
}
