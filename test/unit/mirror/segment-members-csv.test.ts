import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { membersFileName, segmentMembersCsv } from '../../../src-main/mirror/segment-members-csv'
import { addMember, addPerson, addSegment, tempMirror, type TempMirror } from './mirror-fixtures'

let t: TempMirror
beforeEach(() => {
  t = tempMirror(['w1'])
})
afterEach(() => t.cleanup())

describe('segment members CSV', () => {
  it('lists current members with formula cells neutralised, and no join time for baseline members', () => {
    const s = t.sqlite
    addSegment(s, 'w1', 3, 'VIP: "Gold" list', 'manual')
    s.prepare("UPDATE segments SET baseline_at = 1000 WHERE ws = (SELECT ws FROM workspaces WHERE id = 'w1') AND id = 3").run()
    addPerson(s, 'w1', { cioId: 'c1', id: 'p1', email: 'ada@x.io' })
    addPerson(s, 'w1', { cioId: 'c2', id: '=HYPERLINK("http://evil")', email: 'b,c@x.io' })
    addMember(s, 'w1', 3, 'c1', 1000) // baseline
    addMember(s, 'w1', 3, 'c2', Date.UTC(2026, 0, 2, 3, 4, 5)) // joined later
    addMember(s, 'w1', 3, 'c3', 1000, 2000) // left
    addMember(s, 'w1', 3, 'c4', 1000) // no person row yet
    const out = segmentMembersCsv(s, 'w1', 3)
    expect(out.rows).toBe(3)
    expect(out.fileName).toBe('vip-gold-list-members.csv')
    expect(out.csv.split('\r\n')).toEqual([
      'id,email,cio_id,joined',
      'p1,ada@x.io,c1,',
      `"'=HYPERLINK(""http://evil"")","b,c@x.io",c2,2026-01-02T03:04:05.000Z`,
      ',,c4,',
      '',
    ])
  })

  it('names a file even when the segment name has no letters, and refuses an unknown segment', () => {
    expect(membersFileName('★★★', 9)).toBe('segment-9-members.csv')
    expect(() => segmentMembersCsv(t.sqlite, 'w1', 42)).toThrow(/No segment 42/)
  })
})
