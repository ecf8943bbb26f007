import { describe, expect, it } from 'vitest'
import { decide, decideEmail, sameStored, storedValue, type Decision } from '../../../src-main/merge/decide'

// Every way base, local and remote can relate: which of them are equal (the five partitions of
// three values), and for each partition every choice of which class is "absent". Each row is
// then checked with every spelling of absent (undefined, null, "") and of a value (a string and
// the number or boolean Customer.io would store as that string).

type Slot = 'A' | 'X' | 'Y' | 'Z' // A = absent; X, Y, Z = three different values
const TABLE: [base: Slot, local: Slot, remote: Slot, expected: Decision][] = [
  // all three equal
  ['X', 'X', 'X', 'unchanged'],
  ['A', 'A', 'A', 'unchanged'],
  // base = local ≠ remote: only the remote moved
  ['X', 'X', 'Y', 'take-remote'],
  ['A', 'A', 'Y', 'take-remote'],
  ['X', 'X', 'A', 'take-remote'],
  // base = remote ≠ local: only the local edit moved
  ['X', 'Y', 'X', 'push-local'],
  ['A', 'Y', 'A', 'push-local'],
  ['X', 'A', 'X', 'push-local'],
  // local = remote ≠ base: both moved to the same value
  ['X', 'Y', 'Y', 'same-both'],
  ['A', 'Y', 'Y', 'same-both'],
  ['X', 'A', 'A', 'same-both'],
  // all three different
  ['X', 'Y', 'Z', 'conflict'],
  ['A', 'Y', 'Z', 'conflict'],
  ['X', 'A', 'Z', 'conflict'],
  ['X', 'Y', 'A', 'conflict'],
]

const ABSENT: unknown[] = [undefined, null, '']
const SPELLINGS: Record<Exclude<Slot, 'A'>, unknown[]> = {
  X: ['42', 42],
  Y: ['true', true],
  Z: ['pro'],
}

function spellings(slot: Slot): unknown[] {
  return slot === 'A' ? ABSENT : SPELLINGS[slot]
}

describe('decide(base, local, remote)', () => {
  it('the table covers every partition and every absent class exactly once', () => {
    const shape = (row: Slot[]) => {
      // canonical form: rename classes in order of first appearance, keeping A
      const names = new Map<Slot, string>()
      return row.map((s) => (s === 'A' ? 'A' : (names.get(s) ?? (names.set(s, String(names.size)), names.get(s)!)))).join('')
    }
    const shapes = TABLE.map(([b, l, r]) => shape([b, l, r]))
    expect(new Set(shapes).size).toBe(TABLE.length)
    // 5 partitions; k classes allow k + 1 absent choices: 2 + 3 + 3 + 3 + 4
    expect(TABLE.length).toBe(15)
  })

  for (const [b, l, r, expected] of TABLE) {
    it(`base ${b}, local ${l}, remote ${r} → ${expected}`, () => {
      for (const base of spellings(b)) for (const local of spellings(l)) for (const remote of spellings(r)) {
        expect(decide(base, local, remote), JSON.stringify({ base, local, remote })).toBe(expected)
      }
    })
  }

  it('compares values as Customer.io stores them', () => {
    expect(storedValue(12)).toBe('12')
    expect(storedValue(false)).toBe('false')
    expect(storedValue('')).toBeUndefined()
    expect(storedValue(null)).toBeUndefined()
    expect(sameStored({ a: 1, b: [1, 2] }, { b: [1, 2], a: 1 })).toBe(true)
    expect(sameStored([{ a: 1 }], [{ a: 2 }])).toBe(false)
    expect(sameStored('1.50', 1.5)).toBe(false) // Customer.io keeps the text it was sent
  })

  it('ignores the case of emails', () => {
    expect(decideEmail('a@x.io', 'A@X.io', 'a@x.io')).toBe('unchanged')
    expect(decideEmail('a@x.io', 'b@x.io', 'B@x.IO')).toBe('same-both')
    expect(decide('a@x.io', 'b@x.io', 'B@x.IO')).toBe('conflict')
  })
})
