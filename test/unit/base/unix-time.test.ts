import { describe, expect, it } from 'vitest'
import { secondsToMs } from '../../../src-main/base/unix-time'

// Every reader of a Customer.io answer turns its Unix seconds into the milliseconds the mirror keeps.
describe('secondsToMs', () => {
  it('turns Unix seconds, whole or not, into milliseconds', () => {
    expect(secondsToMs(1_700_000_000)).toBe(1_700_000_000_000)
    expect(secondsToMs(1.5)).toBe(1500)
    expect(secondsToMs(0)).toBe(0)
  })

  it('gives null for a missing or non-numeric time rather than guessing', () => {
    for (const v of [undefined, null, '1700000000', {}, true]) expect(secondsToMs(v)).toBeNull()
  })
})
