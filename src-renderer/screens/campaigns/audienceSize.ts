// How many people a broadcast trigger will reach, as far as the mirror knows: the members of the
// chosen segment, the CSV rows that match people of the mirror, or (no override) the broadcast's own
// audience as defined in Customer.io, counted when the mirror has its segment. Pure: the trigger
// form and its review step show the same words and number.
import type { CampaignView, PerUserPreview, SegmentRow } from '../../api'
import { formatCount } from '../../components/format'
import type { AudienceState } from './AudiencePicker'

export interface AudienceSize {
  /** the estimate, or null when the mirror cannot say */
  count: number | null
  /** where the number comes from, in words */
  basis: string
}

export const people = (n: number) => `${formatCount(n)} ${n === 1 ? 'person' : 'people'}`

const segmentName = (s: { id: number; name: string | null }) => `“${s.name ?? `segment ${s.id}`}”`

export function audienceSize(audience: AudienceState, broadcast: CampaignView, segments: SegmentRow[] | null, preview: PerUserPreview | null): AudienceSize {
  const known = new Map((segments ?? []).map((s) => [s.id, s]))
  if (audience.kind === 'default') {
    const own = broadcast.triggerSegments
    const counted = own.map((s) => known.get(s.id)).filter((s): s is SegmentRow => s != null)
    if (own.length > 0 && counted.length === own.length) {
      const total = counted.reduce((n, s) => n + s.memberCount, 0)
      return { count: total, basis: `audience defined in Customer.io: ${counted.map(segmentName).join(', ')} as of the last pull` }
    }
    return { count: null, basis: 'audience defined in Customer.io; the mirror does not know how many people are in it' }
  }
  if (audience.kind === 'segment') {
    const s = audience.segmentId != null ? known.get(audience.segmentId) : undefined
    return s ? { count: s.memberCount, basis: `everyone in ${segmentName(s)} as of the last pull` } : { count: null, basis: 'choose a segment to count its members' }
  }
  if (!preview) return { count: null, basis: 'preview the CSV to count its recipients' }
  const rows = `${formatCount(preview.recipients)} ${preview.recipients === 1 ? 'row' : 'rows'} of per-user data`
  if (preview.inMirror == null) return { count: preview.recipients, basis: rows }
  return { count: preview.inMirror, basis: `${rows}, ${formatCount(preview.inMirror)} matching people in the mirror` }
}

/** "About 1,234 people will receive this (…)", or the basis alone when there is no number. */
export function audienceSentence(size: AudienceSize): string {
  if (size.count == null) return `${size.basis[0].toUpperCase()}${size.basis.slice(1)}.`
  return `About ${people(size.count)} will receive this (${size.basis}).`
}
