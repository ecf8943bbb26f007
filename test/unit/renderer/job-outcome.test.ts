import { describe, expect, it } from 'vitest'
import { describeOutcome } from '../../../src-renderer/components/job-outcome'
import { plural } from '../../../src-renderer/components/format'

describe('describeOutcome', () => {
  it('calls a clean push a success', () => {
    expect(describeOutcome({ kind: 'push', state: 'succeeded', conflicts: 0, failed: 0 })).toEqual({ tone: 'success', text: 'Finished', headline: 'Push changes finished' })
    expect(describeOutcome({ kind: 'pull', state: 'succeeded' })).toEqual({ tone: 'success', text: 'Finished', headline: 'Pull finished' })
  })

  it('makes a push that ended with conflicts amber, singular and plural', () => {
    expect(describeOutcome({ kind: 'push', state: 'succeeded', conflicts: 1, failed: 0 })).toEqual({ tone: 'warning', text: 'Finished with 1 conflict', headline: 'Push changes finished with 1 conflict' })
    expect(describeOutcome({ kind: 'push', state: 'succeeded', conflicts: 2 }).text).toBe('Finished with 2 conflicts')
  })

  it('counts failed changes too', () => {
    expect(describeOutcome({ kind: 'push', state: 'succeeded', failed: 1 })).toMatchObject({ tone: 'warning', text: 'Finished with 1 failed change' })
    expect(describeOutcome({ kind: 'push', state: 'succeeded', conflicts: 2, failed: 3 }).text).toBe('Finished with 2 conflicts and 3 failed changes')
  })

  it('tells failures and cancellations apart', () => {
    expect(describeOutcome({ kind: 'push', state: 'failed', conflicts: 4 })).toEqual({ tone: 'error', text: 'Failed', headline: 'Push changes failed' })
    expect(describeOutcome({ kind: 'import-push', state: 'cancelled' })).toEqual({ tone: 'warning', text: 'Cancelled', headline: 'Import cancelled' })
  })
})

describe('plural', () => {
  it('agrees with its number', () => {
    expect(plural(0, 'row')).toBe('0 rows')
    expect(plural(1, 'row')).toBe('1 row')
    expect(plural(2, 'run')).toBe('2 runs')
    expect(plural(1, 'person', 'people')).toBe('1 person')
    expect(plural(3, 'person', 'people')).toBe('3 people')
  })

  it('formats large numbers for the locale', () => {
    expect(plural(1234, 'row')).toBe(`${new Intl.NumberFormat(undefined).format(1234)} rows`)
  })
})
