// The workspace's transactional message templates, for the Campaigns screen's Transactional tab and
// the send dialog's template picker. Asked from Customer.io (and cached in the mirror) when it can
// be reached; the cached list when it cannot, with `offline` set so the screen can say so.
import { useEffect, useState } from 'react'
import { call, type IpcError, type TransactionalView } from '../api'
import { useConnectivity } from './connectivity'

export interface TransactionalList {
  templates: TransactionalView[]
  fetchedAt: number | null
  offline: boolean
}

/** The channels a send can go through (the contract's send channels). */
export type SendChannel = 'email' | 'push' | 'sms'
export const isSendChannel = (c: string | null): c is SendChannel => c === 'email' || c === 'push' || c === 'sms'
export const CHANNEL_LABEL: Record<string, string> = { email: 'Email', push: 'Push', sms: 'SMS' }
export const channelLabel = (c: string | null) => (c ? (CHANNEL_LABEL[c] ?? c) : 'unknown channel')

export function useTransactional(workspaceId: string) {
  const { unreachable } = useConnectivity()
  const [list, setList] = useState<TransactionalList | null>(null)
  const [error, setError] = useState<IpcError | null>(null)
  const [loading, setLoading] = useState(true)
  const [tick, setTick] = useState(0)

  useEffect(() => {
    let alive = true
    setLoading(true)
    void call((cio) => cio.messaging.transactional({ workspaceId, refresh: !unreachable })).then((r) => {
      if (!alive) return
      setLoading(false)
      if (r.ok) {
        setList({ ...r.value, offline: r.value.offline || unreachable })
        setError(null)
      } else setError(r.error)
    })
    return () => {
      alive = false
    }
  }, [workspaceId, unreachable, tick])

  return { list, error, loading, reload: () => setTick((n) => n + 1) }
}
