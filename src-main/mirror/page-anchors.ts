// Keyset paging behind an offset API. The People table asks for `offset/limit` while it scrolls;
// on 1M people `OFFSET 900000` means stepping over 900,000 rows (≈ 200 ms). When the order is the
// row key (pk, the default), every page served leaves anchors: "the rows after key K start at
// position P". The next request starts from the nearest anchor at or before its offset, so a
// scroll costs a keyed seek plus the gap from the last page. Anchors are only valid for one query
// over unchanged data; any write (see DataSignature) drops them.

export type Dir = 'asc' | 'desc'

export interface Start {
  /** rows strictly after this key (in the reading direction), or from the start */
  after?: number
  skip: number
}

interface QueryAnchors {
  signature: string
  /** position → key bound */
  byPosition: Map<number, number>
}

const MAX_QUERIES = 8
const MAX_ANCHORS_PER_QUERY = 2000

export class PageAnchors {
  private readonly queries = new Map<string, QueryAnchors>()

  /** The cheapest known way to reach `offset` for this query and order. */
  start(key: string, signature: string, offset: number): Start {
    const q = this.queries.get(key)
    if (!q || q.signature !== signature) return { skip: offset }
    let best: Start = { skip: offset }
    for (const [position, bound] of q.byPosition) {
      if (position <= offset && offset - position < best.skip) best = { after: bound, skip: offset - position }
    }
    return best
  }

  /**
   * Remembers where a served page begins and ends. `keys` are the row keys of the page in the
   * query's order, which starts at `offset`. Integer keys make "from the first row on" expressible
   * as "after first − 1" (ascending) or "after first + 1" (descending).
   */
  record(key: string, signature: string, dir: Dir, offset: number, keys: number[]): void {
    if (keys.length === 0) return
    let q = this.queries.get(key)
    if (!q || q.signature !== signature) {
      q = { signature, byPosition: new Map() }
      this.queries.delete(key)
      this.queries.set(key, q)
      if (this.queries.size > MAX_QUERIES) this.queries.delete(this.queries.keys().next().value as string)
    }
    if (q.byPosition.size >= MAX_ANCHORS_PER_QUERY) q.byPosition.clear()
    const first = keys[0]
    q.byPosition.set(offset, dir === 'asc' ? first - 1 : first + 1)
    q.byPosition.set(offset + keys.length, keys[keys.length - 1])
  }
}
