import { describe, expect, it } from 'vitest'
import { columnsFromHeader, mergePulledAttributes, personFromRow, sameAttributes } from '../../../src-main/merge/person-merge'

describe('CSV row → person', () => {
  const columns = columnsFromHeader(['cio_id', 'id', 'email', 'city', 'plan', 'unsubscribed'])

  it('keeps identifiers apart from attributes and values as strings', () => {
    expect(personFromRow(['d7001', 'u1', 'a@x.com', 'Berlin', 'pro', 'false'], columns)).toEqual({
      cioId: 'd7001', id: 'u1', email: 'a@x.com', attributes: { city: 'Berlin', plan: 'pro', unsubscribed: 'false' },
    })
  })

  it('reads an empty cell as absent, and a person with only an email or only an id', () => {
    expect(personFromRow(['d7002', '', 'b@x.com', '', 'free', ''], columns)).toEqual({ cioId: 'd7002', id: null, email: 'b@x.com', attributes: { plan: 'free' } })
    expect(personFromRow(['d7003', 'u3', '', '', '', ''], columns)).toEqual({ cioId: 'd7003', id: 'u3', email: null, attributes: {} })
  })

  it('skips a row without cio_id and refuses a file without the column', () => {
    expect(personFromRow(['', 'u4', 'c@x.com', '', '', ''], columns)).toBeNull()
    expect(() => columnsFromHeader(['id', 'email'])).toThrow(/no cio_id column/)
  })

  it('tolerates short rows (a trailing empty cell dropped)', () => {
    expect(personFromRow(['d7005', 'u5', 'e@x.com', 'Paris'], columns)?.attributes).toEqual({ city: 'Paris' })
  })
})

describe('pending-field merge rule', () => {
  const stored = { attributes: { plan: 'mine', city: 'Berlin', vip: 'true' }, base: { plan: 'free', city: 'Berlin', vip: 'true' } }

  it('without pending fields the pulled copy becomes the local view and the base', () => {
    const merged = mergePulledAttributes(stored, { plan: 'pro', city: 'Paris' }, new Set())
    expect(merged).toEqual({ attributes: { plan: 'pro', city: 'Paris' }, base: { plan: 'pro', city: 'Paris' }, conflicts: [] })
  })

  it('never overwrites a pending field: only its base moves', () => {
    const merged = mergePulledAttributes(stored, { plan: 'free', city: 'Paris', vip: 'true' }, new Set(['plan']))
    expect(merged.attributes).toEqual({ plan: 'mine', city: 'Paris', vip: 'true' })
    expect(merged.base).toEqual({ plan: 'free', city: 'Paris', vip: 'true' })
    expect(merged.conflicts).toEqual([])
  })

  it('records a conflict when the remote moved away from the base to another value', () => {
    const merged = mergePulledAttributes(stored, { plan: 'enterprise', city: 'Berlin', vip: 'true' }, new Set(['plan']))
    expect(merged.attributes.plan).toBe('mine')
    expect(merged.conflicts).toEqual([{ field: 'plan', base: 'free', local: 'mine', remote: 'enterprise' }])
  })

  it('same value on both sides is not a conflict', () => {
    expect(mergePulledAttributes(stored, { plan: 'mine', city: 'Berlin', vip: 'true' }, new Set(['plan'])).conflicts).toEqual([])
  })

  it('a pending removal stays removed locally, while the remote copy goes into the base', () => {
    const merged = mergePulledAttributes({ attributes: { city: 'Berlin' }, base: { city: 'Berlin', vip: 'true' } }, { city: 'Berlin', vip: 'true' }, new Set(['vip']))
    expect(merged.attributes).toEqual({ city: 'Berlin' })
    expect(merged.base).toEqual({ city: 'Berlin', vip: 'true' })
    expect(merged.conflicts).toEqual([])
  })

  it('compares attributes regardless of key order', () => {
    expect(sameAttributes({ a: '1', b: '2' }, { b: '2', a: '1' })).toBe(true)
    expect(sameAttributes({ a: '1' }, { a: '1', b: '2' })).toBe(false)
    expect(sameAttributes({ a: '1' }, { a: '2' })).toBe(false)
  })
})
