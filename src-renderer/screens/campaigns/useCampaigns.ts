// The Campaigns screen's data: campaigns, broadcasts and newsletters of the active workspace from
// the mirror (read again after every pull), the selection (kind and id: ids repeat across kinds),
// and one campaign's metric series for the chart (asked live when online, the cached copy offline).
import { useEffect, useState } from 'react'
import { call, type CampaignKind, type CampaignView, type CioApi, type IpcError, type MetricsView, type Result } from '../../api'
import { useConnectivity } from '../../state/connectivity'
import { useMirrorList } from '../../state/useMirrorList'

export const campaignKey = (c: Pick<CampaignView, 'kind' | 'id'>) => `${c.kind}:${c.id}`

const fetchCampaigns = async (cio: CioApi, workspaceId: string): Promise<Result<CampaignView[]>> => {
  const r = await cio.messaging.campaigns({ workspaceId })
  return r.ok ? { ok: true, value: r.value.campaigns } : r
}

/** Campaigns, broadcasts and newsletters; selected by kind and id (`campaignKey`), since ids repeat across kinds. */
export function useCampaigns() {
  const { selectedId, setSelectedId, ...list } = useMirrorList(fetchCampaigns, campaignKey)
  return { ...list, selectedKey: selectedId, setSelectedKey: setSelectedId }
}

export type Period = 'days' | 'weeks'

/** One campaign's series for `period`; `reload()` asks Customer.io again (or the cache when offline). */
export function useMetrics(workspaceId: string, kind: CampaignKind, id: number, period: Period) {
  const { unreachable } = useConnectivity()
  const [metrics, setMetrics] = useState<MetricsView | null>(null)
  const [error, setError] = useState<IpcError | null>(null)
  const [loading, setLoading] = useState(true)
  const [attempt, setAttempt] = useState(0)

  useEffect(() => {
    let alive = true
    setLoading(true)
    setError(null)
    void call((cio) => cio.messaging.metrics({ workspaceId, kind, id, period, refresh: !unreachable })).then((r) => {
      if (!alive) return
      setLoading(false)
      if (r.ok) setMetrics(r.value)
      else setError(r.error)
    })
    return () => {
      alive = false
    }
  }, [workspaceId, kind, id, period, unreachable, attempt])

  const shown = metrics && metrics.kind === kind && metrics.id === id && metrics.period === period ? metrics : null
  // Offline: the cached copy (asked without a refresh when Customer.io is known to be unreachable).
  const offline = shown != null && (shown.offline || unreachable)
  return { metrics: shown, offline, error, loading, reload: () => setAttempt((a) => a + 1) }
}
