// The list half of the Campaigns tab: campaigns, broadcasts and newsletters from the mirror, each
// with its state, trigger and segments; a kind filter above it. Choosing a name opens its detail.
import { useId } from 'react'
import type { CampaignKind, CampaignView } from '../../api'
import { formatAgo, formatCount, formatWhen } from '../../components/format'
import { campaignKey } from './useCampaigns'

export const KIND_LABEL: Record<CampaignKind, string> = { campaign: 'Campaign', broadcast: 'Broadcast', newsletter: 'Newsletter' }

export function triggerText(c: CampaignView): string {
  if (!c.trigger) return c.kind === 'newsletter' ? 'sent once' : '—'
  if (c.trigger === 'event' && c.eventName) return `event “${c.eventName}”`
  if (c.trigger === 'triggered_broadcast') return 'API-triggered'
  return c.trigger.replace(/_/g, ' ')
}

export function segmentNames(list: CampaignView['triggerSegments']): string {
  return list.map((s) => s.name ?? `segment ${s.id}`).join(', ')
}

type KindFilter = CampaignKind | 'all'
const FILTERS: { value: KindFilter; label: string }[] = [
  { value: 'all', label: 'All' },
  { value: 'campaign', label: 'Campaigns' },
  { value: 'broadcast', label: 'Broadcasts' },
  { value: 'newsletter', label: 'Newsletters' },
]

interface CampaignListProps {
  items: CampaignView[]
  filter: KindFilter
  onFilter: (f: KindFilter) => void
  selectedKey: string | null
  onSelect: (key: string) => void
}

export function CampaignList({ items, filter, onFilter, selectedKey, onSelect }: CampaignListProps) {
  const uid = useId()
  const shown = filter === 'all' ? items : items.filter((c) => c.kind === filter)
  const count = (f: KindFilter) => (f === 'all' ? items.length : items.filter((c) => c.kind === f).length)
  return (
    <div className="split-list campaign-list">
      <div className="toolbar">
        <div role="radiogroup" aria-label="Kinds to show" className="segmented">
          {FILTERS.map((f) => (
            <label key={f.value} className={filter === f.value ? 'checked' : undefined}>
              <input type="radio" name={`${uid}-kind`} value={f.value} checked={filter === f.value} onChange={() => onFilter(f.value)} />
              {f.label} <span className="muted">{formatCount(count(f.value))}</span>
            </label>
          ))}
        </div>
      </div>
      <div className="table-wrap">
        <table className="grid list-table">
          <caption className="sr-only">Campaigns, broadcasts and newsletters</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Kind</th>
              <th scope="col">State</th>
              <th scope="col">Trigger</th>
              <th scope="col">Segments</th>
              <th scope="col" className="num">
                <abbr title="Sent in the last 45 days, as of the last pull">Sent</abbr>
              </th>
              <th scope="col">Pulled</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((c) => {
              const key = campaignKey(c)
              const segs = [...c.triggerSegments, ...c.filterSegments]
              return (
                <tr key={key} className={key === selectedKey ? 'is-selected' : undefined}>
                  <td>
                    <button type="button" className="link-button" aria-pressed={key === selectedKey} onClick={() => onSelect(key)}>
                      {c.name}
                    </button>
                  </td>
                  <td className="muted">{KIND_LABEL[c.kind]}</td>
                  <td>{c.state ?? (c.active === false ? 'inactive' : <span className="muted">—</span>)}</td>
                  <td>{triggerText(c)}</td>
                  <td className="muted" title={segs.length ? `Trigger: ${segmentNames(c.triggerSegments) || 'none'}; filter: ${segmentNames(c.filterSegments) || 'none'}` : undefined}>
                    {segs.length ? segmentNames(segs) : '—'}
                  </td>
                  <td className="num">{c.totals.sent != null ? formatCount(c.totals.sent) : <span className="muted">—</span>}</td>
                  <td className="nowrap" title={formatWhen(c.pulledAt)}>
                    {c.pulledAt != null ? formatAgo(c.pulledAt) : <span className="muted">never</span>}
                  </td>
                </tr>
              )
            })}
          </tbody>
        </table>
        {shown.length === 0 ? <p className="muted empty-line">No {filter === 'all' ? 'campaigns' : `${filter}s`} in the mirror. Pull campaigns to fetch them.</p> : null}
      </div>
    </div>
  )
}
