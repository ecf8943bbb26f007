import { describe, expect, it } from 'vitest'
import { hashOf, KeyIndex } from '../../../src-main/import/plan/key-index'

describe('KeyIndex (the duplicate check’s key → number table)', () => {
  it('answers exactly what a Map answers, through growth, updates and unicode keys', () => {
    const index = new KeyIndex(8) // tiny, so entries, slots and text all grow many times
    const map = new Map<string, number>()
    let seed = 42
    const random = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32
    const alphabet = ['a', 'Z', '0', '-', '@', '.', 'é', 'ß', '東', '😀']
    const keyOf = () => 'id:' + Array.from({ length: 1 + Math.floor(random() * 6) }, () => alphabet[Math.floor(random() * alphabet.length)]).join('')
    for (let i = 0; i < 50_000; i++) {
      const key = keyOf()
      expect(index.get(key)).toBe(map.get(key))
      const value = Math.floor(random() * 1e9) * 8 + (i % 5)
      index.set(key, value)
      map.set(key, value)
    }
    expect(index.size).toBe(map.size)
    for (const [key, value] of map) expect(index.get(key)).toBe(value)
    expect(index.get('id:')).toBeUndefined()
    expect(index.get('email:nobody@example.com')).toBeUndefined()
  })

  it('keeps keys apart whose 32-bit hashes collide', () => {
    const index = new KeyIndex()
    const [a, b] = collidingPair()
    expect(hashOf(a)).toBe(hashOf(b))
    index.set(a, 1)
    expect(index.get(b)).toBeUndefined()
    index.set(b, 2)
    expect([index.get(a), index.get(b), index.size]).toEqual([1, 2, 2])
  })
})

/** Two short keys with the same FNV-1a hash (the birthday bound makes one quick to find). */
function collidingPair(): [string, string] {
  const seen = new Map<number, string>()
  for (let i = 0; ; i++) {
    const key = `id:p-${i}`
    const h = hashOf(key)
    const earlier = seen.get(h)
    if (earlier !== undefined) return [earlier, key]
    seen.set(h, key)
  }
}
