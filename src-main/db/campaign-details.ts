import type { CampaignInfo } from '../cio/app-reads'
import type { CampaignInfoRow } from './campaigns-repo'
import type { CampaignDetails, CampaignType } from './schema-mirror'
import { secondsToMs } from '../base/unix-time'

// What the mirror keeps of a campaign's list item beyond its name and state: written by the pull's
// catalog and by the messaging screens when they refresh one campaign, so both read it the same way.

/** The list item's trigger and filter segments and trigger kind, as the Campaigns screen shows them. */
export function campaignDetails(c: CampaignInfo): CampaignDetails {
  const ids = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is number => typeof x === 'number') : [])
  return {
    // an API-triggered broadcast's default audience is its segment (`segment_id`), when Customer.io names one
    triggerSegmentIds: [...new Set([...ids(c.trigger_segment_ids), ...(typeof c.segment_id === 'number' ? [c.segment_id] : [])])],
    filterSegmentIds: ids(c.filter_segment_ids),
    trigger: typeof c.type === 'string' ? c.type : null,
    eventName: typeof c.event_name === 'string' && c.event_name !== '' ? c.event_name : null,
    active: typeof c.active === 'boolean' ? c.active : null,
  }
}

/** Customer.io's seconds as the mirror's milliseconds (null when absent). */

/** A campaign's list item as the mirror stores it (ms, details as JSON): the pull's catalog and a refresh of one campaign write the same row. */
export function campaignRow(kind: CampaignType, c: CampaignInfo): CampaignInfoRow {
  return {
    id: c.id,
    name: c.name ?? `${kind} ${c.id}`,
    state: c.state ?? null,
    createdAt: secondsToMs(c.created ?? c.created_at),
    updatedAt: secondsToMs(c.updated ?? c.updated_at),
    details: JSON.stringify(campaignDetails(c)),
  }
}
