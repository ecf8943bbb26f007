// The Campaigns screen: campaigns, broadcasts and newsletters from the mirror with their trigger and
// filter segments, one campaign refreshed from Customer.io, and metric series for the chart, cached
// per (campaign, period) so a chart opened offline shows the last copy instead of an error.

import { AppReads, type CampaignInfo } from '../../cio/app-reads'
import type { CampaignDetails } from '../../db/schema-mirror'
import { CampaignsRepo, type CampaignRow } from '../../db/campaigns-repo'
import { SegmentsRepo } from '../../db/segments-repo'
import type { CampaignKindInput, CampaignView, MetricsView } from '../../contract/messaging'
import { CHART_METRICS } from '../../contract/messaging'
import { AppError } from '../../contract/result'
import { campaignRow } from '../../db/campaign-details'
import { isOffline, type MessagingAccess } from '../access'
import { secondsToMs } from '../../base/unix-time'

/** A campaign row as the repository answers it; its type is one the contract names. */
type CampaignSqlRow = Omit<CampaignRow, 'type'> & { type: CampaignKindInput }

/** v1 metrics maxima per period (docs/customerio-api.md §4.8). */
const MAX_STEPS = { days: 45, weeks: 12 } as const

export class CampaignsService {
  private readonly campaigns: CampaignsRepo
  private readonly segments: SegmentsRepo

  constructor(private readonly access: MessagingAccess) {
    this.campaigns = new CampaignsRepo(access.sqlite)
    this.segments = new SegmentsRepo(access.sqlite)
  }

  list(workspaceId: string, kind?: CampaignKindInput): CampaignView[] {
    const rows = this.campaigns.list(workspaceId, kind) as CampaignSqlRow[]
    const names = this.segments.names(workspaceId)
    return rows.map((r) => this.view(r, names))
  }

  /** One campaign; with `refresh`, read from Customer.io (GET /v1/{campaigns|broadcasts|newsletters}/:id) and stored first. */
  async get(workspaceId: string, kind: CampaignKindInput, id: number, refresh: boolean): Promise<CampaignView> {
    if (refresh) {
      try {
        const cio = await this.access.clients(workspaceId)
        const what = `read ${kind} ${id}`
        const call = kind === 'campaign' ? () => cio.app.getCampaign(id) : kind === 'broadcast' ? () => cio.app.getBroadcast(id) : () => cio.app.getNewsletter(id)
        const body = await cio.request('app', call, { idempotent: true, what })
        const info = (body[kind] ?? body) as CampaignInfo
        this.store(workspaceId, kind, info)
      } catch (err) {
        if (!isOffline(err)) throw err
      }
    }
    const found = this.list(workspaceId, kind).find((c) => c.id === id)
    if (!found) throw new AppError('NOT_FOUND', `no ${kind} ${id} in the mirror; pull campaigns first`)
    return found
  }

  /**
   * The chart's series. Online: fetched (v1 period/steps, the shape the pull reads too) and cached.
   * A NETWORK failure answers the cached copy with `offline: true`; other failures are errors.
   */
  async metrics(workspaceId: string, input: { kind: CampaignKindInput; id: number; period: 'days' | 'weeks'; steps?: number; refresh: boolean }): Promise<MetricsView> {
    const steps = Math.min(input.steps ?? MAX_STEPS[input.period], MAX_STEPS[input.period])
    let offline = false
    if (input.refresh) {
      try {
        const cio = await this.access.clients(workspaceId)
        const reads = new AppReads(cio)
        const series = await (input.period === 'days' ? reads.campaignMetrics(input.kind, input.id, steps) : this.weekly(cio, input.kind, input.id, steps))
        this.campaigns.saveSeries(workspaceId, { kind: input.kind, id: input.id, period: input.period }, steps, series, this.access.now())
      } catch (err) {
        if (!isOffline(err)) throw err
        offline = true
      }
    }
    const cached = this.campaigns.series(workspaceId, { kind: input.kind, id: input.id, period: input.period })
    const series = cached ? (JSON.parse(cached.series) as Record<string, number[]>) : {}
    const length = Math.max(0, ...Object.values(series).map((v) => v.length))
    for (const m of CHART_METRICS) series[m] ??= Array<number>(length).fill(0)
    return { kind: input.kind, id: input.id, period: input.period, steps: cached?.steps ?? steps, series, fetchedAt: cached?.fetchedAt ?? null, offline }
  }

  /** The workspace's exports, live (GET /v1/exports; `{"exports": null}` when there are none). */
  async exports(workspaceId: string): Promise<{ id: number; type: string | null; status: string | null; total: number | null; createdAt: number | null }[]> {
    const cio = await this.access.clients(workspaceId)
    const body = await cio.request('app', () => cio.app.listExports(), { idempotent: true, what: 'list exports' })
    const list = (body.exports ?? []) as { id: number; type?: string; status?: string; total?: number; created_at?: number }[]
    return list.map((e) => ({ id: e.id, type: e.type ?? null, status: e.status ?? null, total: e.total ?? null, createdAt: secondsToMs(e.created_at) }))
  }

  private async weekly(cio: Awaited<ReturnType<MessagingAccess['clients']>>, kind: CampaignKindInput, id: number, steps: number): Promise<Record<string, number[]>> {
    const options = { period: 'weeks' as const, steps }
    const app = cio.app
    const call = kind === 'campaign' ? () => app.getCampaignMetrics(id, { version: '1', ...options }) : kind === 'broadcast' ? () => app.getBroadcastMetrics(id, options) : () => app.getNewsletterMetrics(id, options)
    const body = await cio.request('app', call, { idempotent: true, what: `read the weekly metrics of ${kind} ${id}` })
    const series = (body.metric as { series?: unknown } | undefined)?.series ?? body.series
    return (series && typeof series === 'object' ? series : {}) as Record<string, number[]>
  }

  private store(workspaceId: string, kind: CampaignKindInput, c: CampaignInfo): void {
    this.campaigns.saveRefreshed(workspaceId, kind, campaignRow(kind, c), this.access.now())
  }

  private view(r: CampaignSqlRow, names: Map<number, string>): CampaignView {
    const details = (r.details ? JSON.parse(r.details) : null) as CampaignDetails | null
    const segments = (ids: number[] | undefined) => (ids ?? []).map((id) => ({ id, name: names.get(id) ?? null }))
    return {
      kind: r.type,
      id: r.id,
      name: r.name,
      state: r.state,
      trigger: details?.trigger ?? null,
      eventName: details?.eventName ?? null,
      active: details?.active ?? null,
      triggerSegments: segments(details?.triggerSegmentIds),
      filterSegments: segments(details?.filterSegmentIds),
      totals: r.metrics ? (JSON.parse(r.metrics) as Record<string, number>) : {},
      createdAt: r.createdAt,
      updatedAt: r.updatedAt,
      pulledAt: r.pulledAt,
    }
  }
}
