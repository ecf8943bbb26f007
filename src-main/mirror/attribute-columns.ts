import type { SignatureCache, StatementCache } from '../db/sql-cache'

// The column chooser's list: attribute names present in a workspace's live people, with how many
// people have each (a JSON null counts as not having it). Exact counting runs json_each over every
// person: about 3–5 s on 1M people, too long for the engine thread. So large workspaces are
// sampled at evenly spaced pks (~20,000 lookups, ~80 ms on 1M) and each sampled person stands for
// `stride` pks; results are cached per workspace until the data changes (DataSignature).
// Trade-off: an attribute held by fewer than about 1 in 20,000 people may be missing from a
// sampled list; the user can still type its name to add the column or filter.

export interface AttributeColumn {
  name: string
  count: number
}

const SAMPLE_SIZE = 20_000
/** below this estimated workspace size an exact count is cheap enough (≈ 200 ms at the limit) */
const EXACT_LIMIT = 40_000

export class AttributeColumns {
  constructor(
    private readonly statements: StatementCache,
    private readonly cache: SignatureCache<AttributeColumn[]>,
  ) {}

  list(workspaceId: string): AttributeColumn[] {
    return this.cache.get(workspaceId, () => sortColumns(this.compute(workspaceId)))
  }

  private compute(workspaceId: string): AttributeColumn[] {
    const range = this.statements.get('SELECT min(pk) AS lo, max(pk) AS hi FROM people').get() as { lo: number | null; hi: number | null }
    if (range.lo === null || range.hi === null) return []
    const span = range.hi - range.lo + 1
    if (span <= EXACT_LIMIT) return this.exact(workspaceId)
    const stride = Math.ceil(span / SAMPLE_SIZE)
    const sampled = this.statements.get(`${samplePks()} SELECT count(*) FROM s CROSS JOIN people p ON p.pk = s.pk WHERE +p.ws = (SELECT ws FROM workspaces WHERE id = ?) AND p.deleted_at IS NULL`).pluck().get(range.lo, stride, range.hi, workspaceId) as number
    // a workspace that holds a small share of a large mirror: few samples land in it, but its own
    // people are few enough to count exactly through the workspace indexes
    if (sampled * stride < EXACT_LIMIT) return this.exact(workspaceId)
    const rows = this.statements
      .get(
        `${samplePks()} SELECT j.key AS name, count(*) AS count FROM s CROSS JOIN people p ON p.pk = s.pk, json_each(p.attributes) j
          WHERE +p.ws = (SELECT ws FROM workspaces WHERE id = ?) AND p.deleted_at IS NULL AND j.type <> 'null' GROUP BY j.key`,
      )
      .all(range.lo, stride, range.hi, workspaceId) as AttributeColumn[]
    return rows.map((r) => ({ name: r.name, count: r.count * stride }))
  }

  private exact(workspaceId: string): AttributeColumn[] {
    return this.statements
      .get(
        `SELECT j.key AS name, count(*) AS count FROM people p, json_each(p.attributes) j
          WHERE p.ws = (SELECT ws FROM workspaces WHERE id = ?) AND p.deleted_at IS NULL AND j.type <> 'null' GROUP BY j.key`,
      )
      .all(workspaceId) as AttributeColumn[]
  }
}

/**
 * One pk in each stride-wide bucket from lo to hi, at a pseudo-random place in the bucket (a
 * multiplicative hash of the bucket number), as a CTE named s (params: lo, stride, hi).
 * A fixed place would alias with periodic data: every 4th person imported alike, stride 4.
 */
function samplePks(): string {
  return `WITH RECURSIVE b(n, lo, stride, hi) AS (SELECT 0, ?, ?, ? UNION ALL SELECT n + 1, lo, stride, hi FROM b WHERE lo + (n + 1) * stride <= hi),
    s(pk) AS (SELECT lo + n * stride + ((n * 2654435761) % 4294967296) % stride FROM b)`
}

function sortColumns(columns: AttributeColumn[]): AttributeColumn[] {
  return [...columns].sort((a, b) => b.count - a.count || a.name.localeCompare(b.name))
}
