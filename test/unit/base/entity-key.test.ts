import { describe, expect, it } from 'vitest'
import { personEntityKey, personPkOf } from '../../../src-main/base/entity-key'

// The outbox's entity keys: a person's key is written and read by one pair of helpers.
describe('person entity keys', () => {
  it('names a person by pk and reads the pk back', () => {
    expect(personEntityKey(42)).toBe('person:42')
    expect(personPkOf(personEntityKey(42))).toBe(42)
  })

  it('reads no person from another entity or a malformed key', () => {
    for (const key of ['collection:7', 'segment:3', 'person:', 'person:x', 'person:-1', 'person:1.5', ' person:1', 'person:1e3']) {
      expect(personPkOf(key), key).toBeNull()
    }
  })
})
