import { describe, expect, it } from 'vitest'
import { rate, rateCards } from '../../../src-renderer/screens/campaigns/RateCards'
import { audienceSentence, audienceSize } from '../../../src-renderer/screens/campaigns/audienceSize'
import type { CampaignView, PerUserPreview, SegmentRow } from '../../../src-renderer/api'

// The rate cards' arithmetic (opened, clicked, converted over delivered; delivered and bounced over
// sent) and the broadcast audience estimate, as the Campaigns screen shows them.
describe('rateCards', () => {
  it('divides by the denominator each card names, and shows a dash when it is zero', () => {
    const cards = rateCards({ sent: 200, delivered: 160, opened: 40, clicked: 8, converted: 2, bounced: 10 })
    const by = Object.fromEntries(cards.map((c) => [c.label, c]))
    expect(by.Delivered).toMatchObject({ value: '160', detail: '80.0% of 200 sent' })
    expect(by.Opened).toMatchObject({ value: '25.0%', detail: '40 of 160 delivered' })
    expect(by.Opened.tooltip).toMatch(/^opened ÷ delivered/)
    expect(by.Clicked.value).toBe('5.0%')
    expect(by.Converted.value).toBe('1.3%')
    expect(by.Bounced).toMatchObject({ value: '5.0%', detail: '10 of 200 sent' })
    expect(rate(3, 0)).toBe('—')
  })
})

const broadcast = { kind: 'broadcast', id: 1, name: 'B', triggerSegments: [{ id: 7, name: 'List' }] } as CampaignView
const segment = (id: number, memberCount: number) => ({ id, name: `S${id}`, type: 'manual', memberCount }) as SegmentRow
const base = { kind: 'default', segmentId: null, uploadId: null, fileName: null, identifier: 'auto' } as const

describe('audienceSize', () => {
  it('counts the broadcast’s own segment when the mirror has it, and says so when it does not', () => {
    expect(audienceSentence(audienceSize(base, broadcast, [segment(7, 1234)], null))).toBe('About 1,234 people will receive this (audience defined in Customer.io: “S7” as of the last pull).')
    const unknown = audienceSize(base, broadcast, [], null)
    expect(unknown.count).toBeNull()
    expect(audienceSentence(unknown)).toBe('Audience defined in Customer.io; the mirror does not know how many people are in it.')
  })

  it('counts a chosen segment’s members and the CSV rows that match people', () => {
    expect(audienceSize({ ...base, kind: 'segment', segmentId: 8 }, broadcast, [segment(8, 1)], null).count).toBe(1)
    expect(audienceSentence(audienceSize({ ...base, kind: 'segment', segmentId: 8 }, broadcast, [segment(8, 1)], null))).toMatch(/^About 1 person will/)
    const preview = { recipients: 3, inMirror: 2 } as PerUserPreview
    expect(audienceSize({ ...base, kind: 'csv', uploadId: 'u' }, broadcast, null, preview)).toEqual({ count: 2, basis: '3 rows of per-user data, 2 matching people in the mirror' })
    expect(audienceSize({ ...base, kind: 'csv', uploadId: 'u' }, broadcast, null, null).count).toBeNull()
  })
})
