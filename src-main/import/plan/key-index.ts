// The plan's duplicate check holds one entry per identifier in the file: a million keys for a
// million-row file. A Map<string, number> of that size costs about 61 MB of heap (measured), most
// of it per-entry overhead and one heap string per key; the plan's memory target is 400 MB in all.
// This table keeps the same mapping in typed arrays and one byte buffer (about 30 bytes a key):
// open addressing on a 32-bit FNV-1a hash, and each key's UTF-8 text compared only when its full
// hash matches, so lookups stay exact. No npm package offers this for string keys; it is small.

const EMPTY = 0

export class KeyIndex {
  private slots: Int32Array
  private hashes: Int32Array
  private values: Float64Array
  /** entry i's text is text[offsets[i], offsets[i + 1]) */
  private offsets: Int32Array
  private text: Buffer
  private count = 0

  constructor(initialCapacity = 1024) {
    const capacity = Math.max(8, 2 ** Math.ceil(Math.log2(initialCapacity)))
    this.slots = new Int32Array(capacity * 2)
    this.hashes = new Int32Array(capacity)
    this.values = new Float64Array(capacity)
    this.offsets = new Int32Array(capacity + 1)
    this.text = Buffer.alloc(capacity * 16)
  }

  get size(): number {
    return this.count
  }

  get(key: string): number | undefined {
    const entry = this.find(key, hashOf(key))
    return entry < 0 ? undefined : this.values[entry]
  }

  set(key: string, value: number): void {
    const hash = hashOf(key)
    const found = this.find(key, hash)
    if (found >= 0) {
      this.values[found] = value
      return
    }
    if (this.count + 1 > this.hashes.length) this.growEntries()
    if ((this.count + 1) * 2 > this.slots.length) this.rehash(this.slots.length * 2)
    const entry = this.count++
    this.hashes[entry] = hash
    this.values[entry] = value
    const start = this.offsets[entry]
    const bytes = Buffer.byteLength(key, 'utf8')
    if (start + bytes > this.text.length) this.text = grown(this.text, start + bytes)
    this.text.write(key, start, 'utf8')
    this.offsets[entry + 1] = start + bytes
    this.place(entry, hash)
  }

  /** The entry holding `key`, or -1. */
  private find(key: string, hash: number): number {
    const mask = this.slots.length - 1
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const held = this.slots[slot]
      if (held === EMPTY) return -1
      const entry = held - 1
      if (this.hashes[entry] === hash && this.text.toString('utf8', this.offsets[entry], this.offsets[entry + 1]) === key) return entry
    }
  }

  private place(entry: number, hash: number): void {
    const mask = this.slots.length - 1
    let slot = hash & mask
    while (this.slots[slot] !== EMPTY) slot = (slot + 1) & mask
    this.slots[slot] = entry + 1
  }

  private rehash(size: number): void {
    this.slots = new Int32Array(size)
    for (let entry = 0; entry < this.count; entry++) this.place(entry, this.hashes[entry])
  }

  private growEntries(): void {
    const capacity = this.hashes.length * 2
    const hashes = new Int32Array(capacity)
    hashes.set(this.hashes)
    this.hashes = hashes
    const values = new Float64Array(capacity)
    values.set(this.values)
    this.values = values
    const offsets = new Int32Array(capacity + 1)
    offsets.set(this.offsets)
    this.offsets = offsets
  }
}

/** 32-bit FNV-1a over the key's UTF-16 code units (no encoding needed to hash). */
export function hashOf(key: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return h | 0
}

function grown(buffer: Buffer, atLeast: number): Buffer {
  const next = Buffer.alloc(Math.max(atLeast, buffer.length * 2))
  buffer.copy(next)
  return next
}
