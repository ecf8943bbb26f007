// What the Segments screen says about a segment, in Customer.io's words: its type, whether it is
// still being built, and how fresh its members are in the mirror (a first read is a baseline; a
// big segment that did not change is not read member by member again for a while).
import type { SegmentMember, SegmentRow } from '../../api'
import { formatAgo, plural } from '../../components/format'

export function typeLabel(type: string): string {
  if (type === 'dynamic') return 'Data-driven'
  if (type === 'manual') return 'Manual'
  return 'Unknown type'
}

/** Customer.io's segment states; "finished" is the normal one and says nothing. */
export function stateLabel(state: string | null): string | null {
  if (state === 'build' || state === 'build_queued') return 'Building'
  if (state === 'events' || state === 'events_queued') return 'Updating'
  return null
}


export type MembersFreshness =
  | { kind: 'unread' }
  | { kind: 'baseline' }
  | { kind: 'not-reread'; since: number }
  | { kind: 'read'; at: number }

/** Where the members shown come from, as of the last pull that listed segments. */
export function membersFreshness(s: Pick<SegmentRow, 'membersReadAt' | 'pulledAt' | 'baseline'>): MembersFreshness {
  if (s.membersReadAt == null) return { kind: 'unread' }
  if (s.baseline) return { kind: 'baseline' }
  // the list is stored when a pull starts on segments, members after they are read
  if (s.pulledAt != null && s.membersReadAt < s.pulledAt) return { kind: 'not-reread', since: s.membersReadAt }
  return { kind: 'read', at: s.membersReadAt }
}

export function freshnessSentence(s: SegmentRow, now = Date.now()): string {
  const f = membersFreshness(s)
  switch (f.kind) {
    case 'unread':
      return `Members not read yet: Customer.io counts ${plural(s.memberCount, 'member', 'members')}. Pull segments to read them.`
    case 'baseline':
      return `Baseline: ${plural(s.memberCount, 'member', 'members')}. The last pull was the first to read this segment, so nobody is counted as joined; who joins or leaves shows from the next pull on.`
    case 'not-reread':
      return `Members not re-read in the last pull: the segment is unchanged since they were read ${formatAgo(f.since, now)}.`
    case 'read':
      if (s.joined === 0 && s.left === 0) return `Nobody joined or left in the last pull (members read ${formatAgo(f.at, now)}).`
      return `${plural(s.joined, 'person', 'people')} joined and ${plural(s.left, 'person', 'people')} left in the last pull (members read ${formatAgo(f.at, now)}).`
  }
}

/** The identifier the People screen opens a person by: id, else email, else cio_<id>. */
export function personIdentifier(m: Pick<SegmentMember, 'id' | 'email' | 'cioId'>): string {
  return m.id ?? m.email ?? `cio_${m.cioId}`
}

export const personHref = (m: Pick<SegmentMember, 'id' | 'email' | 'cioId'>) => `#/people/${encodeURIComponent(personIdentifier(m))}`

export const peopleInSegmentHref = (segmentId: number) => `#/people?segment=${segmentId}`
