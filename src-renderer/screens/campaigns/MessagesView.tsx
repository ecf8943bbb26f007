// The Messages tab: the workspace's recent deliveries from the mirror, newest first, filterable by
// type, metric and campaign, 50 a page. "Refresh from Customer.io" fetches the newest page with
// the same filters into the mirror first (offline, the mirror's copy is shown with a note).
import { useEffect, useId, useRef, useState, type ReactNode } from 'react'
import { call, CHART_METRICS, type CampaignView, type DeliveryView, type IpcError } from '../../api'
import { DeliveriesTable } from '../../components/DeliveriesTable'
import { EmptyState } from '../../components/EmptyState'
import { ErrorAlert } from '../../components/ErrorAlert'
import { formatCount } from '../../components/format'
import { useJobs } from '../../state/jobs'
import { KIND_LABEL } from './CampaignList'
import { campaignKey } from './useCampaigns'

const PAGE = 50
const TYPES = ['email', 'push', 'twilio', 'in_app', 'webhook', 'slack']
const METRICS = [...CHART_METRICS, 'failed', 'spammed', 'unsubscribed', 'undeliverable']

interface Filters {
  type: string
  metric: string
  /** campaignKey of a campaign, broadcast or newsletter; '' for all */
  origin: string
}

interface Page {
  total: number
  rows: DeliveryView[]
  offline: boolean
}

export function MessagesView({ workspaceId, campaigns, pullButton }: { workspaceId: string; campaigns: CampaignView[]; pullButton: ReactNode }) {
  const uid = useId()
  const { mirrorVersion } = useJobs()
  const [filters, setFilters] = useState<Filters>({ type: '', metric: '', origin: '' })
  const [offset, setOffset] = useState(0)
  const [page, setPage] = useState<Page | null>(null)
  const [error, setError] = useState<IpcError | null>(null)
  const [loading, setLoading] = useState(false)
  /** bumps to read again; `refreshNext` makes that one read ask Customer.io first */
  const [tick, setTick] = useState(0)
  const refreshNext = useRef(false)
  const [refreshing, setRefreshing] = useState(false)

  const query = () => {
    const [kind, id] = filters.origin ? filters.origin.split(':') : []
    const originFilter = kind === 'campaign' ? { campaignId: Number(id) } : kind === 'broadcast' ? { broadcastId: Number(id) } : kind === 'newsletter' ? { newsletterId: Number(id) } : {}
    return { workspaceId, offset, limit: PAGE, ...(filters.type ? { type: filters.type } : {}), ...(filters.metric ? { metric: filters.metric } : {}), ...originFilter }
  }

  useEffect(() => {
    let alive = true
    setLoading(true)
    const refresh = refreshNext.current
    refreshNext.current = false
    setRefreshing(refresh)
    void call((cio) => cio.messaging.messages({ ...query(), refresh })).then((r) => {
      if (!alive) return
      setLoading(false)
      setRefreshing(false)
      if (r.ok) {
        setPage(r.value)
        setError(null)
      } else setError(r.error)
    })
    return () => {
      alive = false
    }
  }, [workspaceId, filters, offset, mirrorVersion, tick])

  function setFilter(patch: Partial<Filters>) {
    setFilters((f) => ({ ...f, ...patch }))
    setOffset(0)
  }

  const names = new Map(campaigns.map((c) => [campaignKey(c), c.name]))
  const originName = (d: DeliveryView) =>
    d.campaignId != null ? (names.get(`campaign:${d.campaignId}`) ?? null) : d.broadcastId != null ? (names.get(`broadcast:${d.broadcastId}`) ?? null) : d.newsletterId != null ? (names.get(`newsletter:${d.newsletterId}`) ?? null) : null
  const filtered = filters.type !== '' || filters.metric !== '' || filters.origin !== ''
  const total = page?.total ?? 0
  const last = Math.min(offset + PAGE, total)

  return (
    <div className="messages-view">
      <div className="toolbar filter-form" role="group" aria-label="Message filters">
        <label htmlFor={`${uid}-type`}>Type</label>
        <select id={`${uid}-type`} value={filters.type} onChange={(e) => setFilter({ type: e.target.value })}>
          <option value="">All types</option>
          {TYPES.map((t) => (
            <option key={t} value={t}>
              {t === 'twilio' ? 'SMS (twilio)' : t}
            </option>
          ))}
        </select>
        <label htmlFor={`${uid}-metric`}>Metric</label>
        <select id={`${uid}-metric`} value={filters.metric} onChange={(e) => setFilter({ metric: e.target.value })}>
          <option value="">Any metric</option>
          {METRICS.map((m) => (
            <option key={m} value={m}>
              {m}
            </option>
          ))}
        </select>
        <label htmlFor={`${uid}-origin`}>Campaign</label>
        <select id={`${uid}-origin`} value={filters.origin} onChange={(e) => setFilter({ origin: e.target.value })}>
          <option value="">All campaigns and transactional</option>
          {campaigns.map((c) => (
            <option key={campaignKey(c)} value={campaignKey(c)}>
              {KIND_LABEL[c.kind]}: {c.name}
            </option>
          ))}
        </select>
        <span className="toolbar-spacer" />
        <button
          type="button"
          disabled={loading}
          onClick={() => {
            refreshNext.current = true
            setOffset(0)
            setTick((n) => n + 1)
          }}
        >
          {refreshing ? 'Refreshing…' : 'Refresh from Customer.io'}
        </button>
      </div>
      {error ? <ErrorAlert title="Could not read the messages" error={error} onRetry={() => setTick((n) => n + 1)} /> : null}
      {page?.offline ? (
        <p role="status" className="notice notice-offline">
          Customer.io cannot be reached: showing the messages in the mirror. Refresh again when you are back online.
        </p>
      ) : null}
      {page == null && !error ? (
        <p className="muted">Loading messages…</p>
      ) : page && page.total === 0 ? (
        filtered ? (
          <p className="muted empty-line">No messages match these filters in the mirror. Clear a filter, or refresh from Customer.io.</p>
        ) : (
          <EmptyState title="No messages in the mirror yet" icon="✉" actions={pullButton}>
            <p>Pull campaigns and messages (or refresh from Customer.io) to review recent deliveries offline.</p>
          </EmptyState>
        )
      ) : page ? (
        <>
          <div className="table-wrap">
            <DeliveriesTable rows={page.rows} label="Recent messages" originName={originName} />
          </div>
          <nav className="pager" aria-label="Message pages">
            <button type="button" disabled={offset === 0 || loading} onClick={() => setOffset(Math.max(0, offset - PAGE))}>
              Previous page
            </button>
            <span aria-live="polite">
              {formatCount(offset + 1)}–{formatCount(last)} of {formatCount(total)}
            </span>
            <button type="button" disabled={last >= total || loading} onClick={() => setOffset(offset + PAGE)}>
              Next page
            </button>
          </nav>
        </>
      ) : null}
    </div>
  )
}
