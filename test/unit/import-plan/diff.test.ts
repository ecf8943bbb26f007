import { describe, expect, it } from 'vitest'
import { diffPerson, fromStoredChanges, storedForm, toStoredChanges, type StoredPerson } from '../../../src-main/import/plan/diff'
import { reverseChanges } from '../../../src-main/import/undo'

const jane: StoredPerson = { pk: 1, id: '7', email: 'Jane@Example.com', cioId: 'c7', attributes: { plan: 'free', seats: '3', vip: 'true', city: 'Oslo' } }

describe('field diff against the mirror', () => {
  it('compares in Customer.io\'s stored form: 3 and "3", true and "true" are the same', () => {
    expect(storedForm(3)).toBe('3')
    expect(storedForm(true)).toBe('true')
    expect(storedForm('')).toBeUndefined()
    expect(diffPerson({ seats: 3, vip: true, plan: 'free' }, [], jane)).toEqual([])
  })

  it('reports set, change and clear old → new', () => {
    const changes = diffPerson({ plan: 'pro', country: 'NO' }, ['city', 'missing'], jane)
    expect(changes).toEqual([
      { field: 'plan', from: 'free', to: 'pro', kind: 'change' },
      { field: 'country', from: undefined, to: 'NO', kind: 'set' },
      { field: 'city', from: 'Oslo', to: undefined, kind: 'clear' },
    ])
  })

  it('matches the email column without regard to case, and sees an id change', () => {
    expect(diffPerson({ email: 'jane@example.com' }, [], jane)).toEqual([])
    expect(diffPerson({ email: 'new@example.com' }, [], jane)).toEqual([{ field: 'email', from: 'Jane@Example.com', to: 'new@example.com', kind: 'change' }])
  })

  it('a new person gets every non-blank value as set and clears nothing', () => {
    expect(diffPerson({ plan: 'pro', blank: '' }, ['city'], null)).toEqual([{ field: 'plan', from: undefined, to: 'pro', kind: 'set' }])
  })

  it('round-trips through the stored JSON, and undo reverses it', () => {
    const changes = diffPerson({ plan: 'pro', country: 'NO' }, ['city'], jane)
    const stored = toStoredChanges(changes)
    expect(JSON.parse(JSON.stringify(stored))).toEqual(stored)
    expect(fromStoredChanges(stored)).toEqual(changes)
    expect(fromStoredChanges(reverseChanges(stored))).toEqual([
      { field: 'plan', from: 'pro', to: 'free', kind: 'change' },
      { field: 'country', from: 'NO', to: undefined, kind: 'clear' },
      { field: 'city', from: undefined, to: 'Oslo', kind: 'set' },
    ])
  })
})
