// One campaign, broadcast or newsletter: what it is (state, trigger, segments), rate cards and its
// metrics chart with the period selectable (asked from Customer.io when online; offline the cached copy with a
// note), and for an API-triggered broadcast the trigger form.
import { useId, useState } from 'react'
import type { CampaignView, WorkspaceView } from '../../api'
import { ErrorAlert } from '../../components/ErrorAlert'
import { formatAgo, formatWhen } from '../../components/format'
import { BroadcastTrigger } from './BroadcastTrigger'
import { KIND_LABEL, segmentNames, triggerText } from './CampaignList'
import { bucketCount, metricTotals, MetricsChart, MetricsTable } from './MetricsChart'
import { RateCards } from './RateCards'
import { useMetrics, type Period } from './useCampaigns'

const PERIODS: { value: Period; label: string }[] = [
  { value: 'days', label: 'Days' },
  { value: 'weeks', label: 'Weeks' },
]

export function CampaignDetail({ workspace, campaign }: { workspace: WorkspaceView; campaign: CampaignView }) {
  const uid = useId()
  const [period, setPeriod] = useState<Period>('days')
  const { metrics, offline, error, loading, reload } = useMetrics(workspace.id, campaign.kind, campaign.id, period)
  const isTriggered = campaign.kind === 'broadcast' && (campaign.trigger === 'triggered_broadcast' || campaign.trigger == null)

  return (
    <section className="detail-pane campaign-detail" aria-labelledby={`${uid}-title`}>
      <div className="detail-head">
        <h2 id={`${uid}-title`}>{campaign.name}</h2>
        <span className="muted">
          {KIND_LABEL[campaign.kind]} {campaign.id}
          {campaign.state ? ` · ${campaign.state}` : ''}
        </span>
      </div>
      <dl className="facts">
        <dt>Trigger</dt>
        <dd>{triggerText(campaign)}</dd>
        <dt>Trigger segments</dt>
        <dd>{campaign.triggerSegments.length ? segmentNames(campaign.triggerSegments) : <span className="muted">none</span>}</dd>
        <dt>Filter segments</dt>
        <dd>{campaign.filterSegments.length ? segmentNames(campaign.filterSegments) : <span className="muted">none</span>}</dd>
        <dt>Updated</dt>
        <dd>{formatWhen(campaign.updatedAt)}</dd>
      </dl>

      <div className="section-head">
        <h3 id={`${uid}-metrics`}>Metrics</h3>
        <div role="radiogroup" aria-label="Metrics period" className="segmented">
          {PERIODS.map((p) => (
            <label key={p.value} className={period === p.value ? 'checked' : undefined}>
              <input type="radio" name={`${uid}-period`} value={p.value} checked={period === p.value} onChange={() => setPeriod(p.value)} />
              {p.label}
            </label>
          ))}
        </div>
        <button type="button" className="small" onClick={reload} disabled={loading}>
          {loading ? 'Loading…' : 'Refresh metrics'}
        </button>
      </div>
      {error ? <ErrorAlert title="Could not read the metrics" error={error} onRetry={reload} /> : null}
      {metrics && offline ? (
        <p role="status" className="notice">
          Customer.io cannot be reached: showing the copy cached {metrics.fetchedAt != null ? `${formatAgo(metrics.fetchedAt)} (${formatWhen(metrics.fetchedAt)})` : 'earlier'}. Refresh metrics
          when you are back online.
        </p>
      ) : null}
      {metrics ? (
        metrics.fetchedAt == null ? (
          <p className="muted">No metrics cached for this period. Open it again while Customer.io can be reached to fetch and keep them for offline review.</p>
        ) : (
          <>
            {bucketCount(metrics) > 0 ? <RateCards metrics={metrics} totals={metricTotals(metrics)} buckets={bucketCount(metrics)} /> : null}
            <MetricsChart metrics={metrics} />
            <MetricsTable metrics={metrics} />
          </>
        )
      ) : loading ? (
        <p className="muted" aria-live="polite">
          Loading metrics…
        </p>
      ) : null}

      {campaign.kind === 'broadcast' ? (
        isTriggered ? (
          <BroadcastTrigger workspace={workspace} broadcast={campaign} />
        ) : (
          <p className="muted">This broadcast is sent from Customer.io’s own schedule; only API-triggered broadcasts can be triggered from here.</p>
        )
      ) : null}
    </section>
  )
}
