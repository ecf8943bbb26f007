import type Database from 'better-sqlite3'
import type { SegmentMember, SegmentRow } from '../contract/segments'
import { AppError } from '../contract/result'
import { SegmentsRepo } from '../db/segments-repo'
import { WS_OF_ID } from '../db/workspace-key'
import { segmentMembersCsv } from './segment-members-csv'
import { DataSignature, SignatureCache, StatementCache } from '../db/sql-cache'

// The Segments screen: segments with member counts and who joined / left in the last pull, and
// members paged. A pull stamps the members it sees (joined_at when new, pull_id) and sets left_at
// on those it no longer sees (schema-mirror.ts), so "joined in the last pull" is a current member
// whose joined_at falls within the latest successful pull's run, and "left" a left_at within it.
// Bounding by the run's finish too keeps a pull that is running right now out of the figures.
// A segment whose baseline (first read, segments.baseline_at) that pull took has no joined or
// left: its members were there before the mirror first looked.

export interface MembersInput {
  segmentId: number
  change: 'current' | 'joined' | 'left'
  offset: number
  limit: number
}

interface PullWindow {
  from: number
  to: number
}

/** A window no timestamp falls in: there was no successful pull yet. */
const NO_PULL: PullWindow = { from: 1, to: 0 }

const CHANGE_CONDITION: Record<MembersInput['change'], string> = {
  current: 'm.left_at IS NULL',
  joined: 'm.left_at IS NULL AND m.joined_at BETWEEN ? AND ?',
  left: 'm.left_at BETWEEN ? AND ?',
}

/** The pull of `window` took the segment's baseline (its first read). */
const isBaseline = (baselineAt: number | null, window: PullWindow) => baselineAt !== null && baselineAt >= window.from && baselineAt <= window.to

export class SegmentsReadService {
  private readonly statements: StatementCache
  private readonly segments: SegmentsRepo
  private readonly counts: SignatureCache<Map<number, { current: number; joined: number; left: number }>>
  private readonly totals: SignatureCache<number>

  constructor(sqlite: Database.Database) {
    this.statements = new StatementCache(sqlite)
    this.segments = new SegmentsRepo(sqlite)
    const signature = new DataSignature(sqlite)
    this.counts = new SignatureCache(signature, 4)
    this.totals = new SignatureCache(signature, 32)
  }

  list(workspaceId: string): SegmentRow[] {
    const counts = this.memberCounts(workspaceId)
    const segments = this.segments.list(workspaceId)
    const window = this.lastPull(workspaceId)
    return segments.map((s) => {
      const c = counts.get(s.id)
      const baseline = isBaseline(s.baselineAt, window)
      return {
        ...s,
        type: s.type ?? 'unknown',
        // the members the mirror holds once membership was pulled; Customer.io's figure before
        memberCount: c ? c.current : (s.memberCount ?? 0),
        joined: baseline ? 0 : (c?.joined ?? 0),
        left: baseline ? 0 : (c?.left ?? 0),
        baseline,
      }
    })
  }

  members(workspaceId: string, input: MembersInput): { total: number; offset: number; rows: SegmentMember[] } {
    const segment = this.segments.find(workspaceId, input.segmentId)
    if (!segment) throw new AppError('NOT_FOUND', `No segment ${input.segmentId} in the local mirror of this workspace. Pull segments to refresh the list.`)
    const window = this.lastPull(workspaceId)
    if (input.change !== 'current' && isBaseline(segment.baselineAt, window)) return { total: 0, offset: input.offset, rows: [] }
    const condition = CHANGE_CONDITION[input.change]
    const params: unknown[] = [workspaceId, input.segmentId, ...(input.change === 'current' ? [] : [window.from, window.to])]
    const where = `m.ws = ${WS_OF_ID} AND m.segment_id = ? AND ${condition}`
    const total = this.totals.get(JSON.stringify([workspaceId, input.segmentId, input.change]), () =>
      this.statements.get(`SELECT count(*) FROM segment_members m WHERE ${where}`).pluck().get(...params) as number,
    )
    // members in cio_id order walk the primary key; each is joined to its person by people_ws_cio_id
    const rows = this.statements
      .get(
        `SELECT p.pk AS pk, m.cio_id AS cioId, p.id AS id, p.email AS email, m.joined_at AS joinedAt, m.left_at AS leftAt
           FROM segment_members m LEFT JOIN people p ON p.ws = (SELECT ws FROM workspaces WHERE id = ?) AND p.cio_id = m.cio_id
          WHERE ${where} ORDER BY m.cio_id LIMIT ? OFFSET ?`,
      )
      .all(workspaceId, ...params, input.limit, input.offset) as SegmentMember[]
    return { total, offset: input.offset, rows }
  }

  membersCsv(workspaceId: string, segmentId: number): { fileName: string; csv: string; rows: number } {
    return segmentMembersCsv(this.statements.sqlite, workspaceId, segmentId)
  }

  /** The latest successful pull's run, or a window nothing falls in. */
  private lastPull(workspaceId: string): PullWindow {
    const run = this.statements
      .get(
        `SELECT started_at AS "from", finished_at AS "to" FROM sync_runs
          WHERE workspace_id = ? AND kind = 'pull' AND state = 'succeeded' AND finished_at IS NOT NULL
          ORDER BY started_at DESC LIMIT 1`,
      )
      .get(workspaceId) as PullWindow | undefined
    return run ?? NO_PULL
  }

  /** One pass over the workspace's membership (~1M rows: a few hundred ms), cached until data changes. */
  private memberCounts(workspaceId: string): Map<number, { current: number; joined: number; left: number }> {
    return this.counts.get(workspaceId, () => {
      const w = this.lastPull(workspaceId)
      const rows = this.segments.memberCounts(workspaceId, w.from, w.to)
      return new Map(rows.map((r) => [r.id, { current: r.current, joined: r.joined, left: r.left }]))
    })
  }
}
