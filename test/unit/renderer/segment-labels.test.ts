import { describe, expect, it } from 'vitest'
import type { SegmentRow } from '../../../src-renderer/api'
import { freshnessSentence, membersFreshness, peopleInSegmentHref, personHref, stateLabel, typeLabel } from '../../../src-renderer/screens/segments/segment-labels'
import { segmentFromHash } from '../../../src-renderer/screens/people/SegmentFilter'

const NOW = Date.UTC(2026, 11, 3, 12)
const row = (over: Partial<SegmentRow>): SegmentRow => ({
  id: 1, name: 'VIP', description: null, type: 'manual', state: 'finished', memberCount: 1, joined: 0, left: 0,
  baseline: false, baselineAt: null, membersReadAt: NOW - 60_000, pulledAt: NOW - 90_000, ...over,
})

describe('segment labels', () => {
  it('says a first read is a baseline, with the member count in the right number', () => {
    expect(freshnessSentence(row({ baseline: true, memberCount: 1 }), NOW)).toMatch(/^Baseline: 1 member\. /)
    expect(freshnessSentence(row({ baseline: true, memberCount: 2000 }), NOW)).toMatch(/^Baseline: 2,000 members\. /)
  })

  it('says who joined and left from the second read on, and when members were not re-read', () => {
    expect(freshnessSentence(row({ joined: 1, left: 2 }), NOW)).toBe('1 person joined and 2 people left in the last pull (members read 1 minute ago).')
    expect(freshnessSentence(row({}), NOW)).toMatch(/^Nobody joined or left in the last pull/)
    const skipped = row({ membersReadAt: NOW - 3 * 3_600_000, pulledAt: NOW - 60_000 })
    expect(membersFreshness(skipped)).toEqual({ kind: 'not-reread', since: NOW - 3 * 3_600_000 })
    expect(freshnessSentence(skipped, NOW)).toBe('Members not re-read in the last pull: the segment is unchanged since they were read 3 hours ago.')
    expect(freshnessSentence(row({ membersReadAt: null, memberCount: 12 }), NOW)).toMatch(/^Members not read yet: Customer.io counts 12 members/)
  })

  it("uses Customer.io's words for type and state", () => {
    expect(typeLabel('dynamic')).toBe('Data-driven')
    expect(typeLabel('manual')).toBe('Manual')
    expect(stateLabel('finished')).toBeNull()
    expect(stateLabel('build_queued')).toBe('Building')
  })

  it('links a member to People by id, else email, else cio_id, and a segment to People filtered by it', () => {
    expect(personHref({ id: 'a b', email: 'x@y.z', cioId: 'c1' })).toBe('#/people/a%20b')
    expect(personHref({ id: null, email: 'x@y.z', cioId: 'c1' })).toBe('#/people/x%40y.z')
    expect(personHref({ id: null, email: null, cioId: 'c1' })).toBe('#/people/cio_c1')
    expect(peopleInSegmentHref(6)).toBe('#/people?segment=6')
    expect(segmentFromHash('#/people?segment=6')).toBe(6)
    expect(segmentFromHash('#/people?segment=')).toBeNull()
    expect(segmentFromHash('#/people?segment=x')).toBeNull()
    expect(segmentFromHash('#/people')).toBeNull()
  })
})
