import type Database from 'better-sqlite3'
import { requireWorkspaceKey, workspaceKey, WS_OF_ID } from './workspace-key'
import { StatementCache } from './sql-cache'

// Every statement on `segments` and on `segment_members` that does not read `people` (schema in
// schema-mirror.ts). Membership is snapshotted per pull: a member the pull sees is stamped with
// its pull_id, one it did not see gets left_at (docs/pulls.md). Statements that join members to
// people live with the people queries (mirror/), filtering each table by its own parameter.

export interface SegmentListRow {
  id: number
  name: string
  description: string | null
  type: string | null
  state: string | null
  memberCount: number | null
  pulledAt: number | null
  membersReadAt: number | null
  baselineAt: number | null
}

/** A segment as Customer.io lists it, in the mirror's units (ms). */
export interface PulledSegment {
  id: number
  name: string
  description: string | null
  type: 'manual' | 'dynamic' | null
  state: string | null
  tags: string[] | null
  createdAt: number | null
  updatedAt: number | null
}

export interface StoredSegmentState {
  updated_at: number | null
  member_count: number | null
  members_read_at: number | null
}

/** What closing a segment's snapshot found (see closeSnapshot). */
export interface SnapshotCounts {
  first: boolean
  left: number
  members: number
  joined: number
}

export class SegmentsRepo {
  private readonly statements: StatementCache

  constructor(private readonly sqlite: Database.Database) {
    this.statements = new StatementCache(sqlite)
  }

  count(workspaceId: string): number {
    return this.statements.get(`SELECT count(*) FROM segments WHERE ws = ${WS_OF_ID}`).pluck().get(workspaceId) as number
  }

  nameOf(workspaceId: string, segmentId: number): string | null {
    return (this.statements.get(`SELECT name FROM segments WHERE ws = ${WS_OF_ID} AND id = ?`).pluck().get(workspaceId, segmentId) as string | undefined) ?? null
  }

  find(workspaceId: string, segmentId: number): { name: string; type: string | null; baselineAt: number | null } | undefined {
    return this.statements
      .get(`SELECT name, type, baseline_at AS baselineAt FROM segments WHERE ws = ${WS_OF_ID} AND id = ?`)
      .get(workspaceId, segmentId) as { name: string; type: string | null; baselineAt: number | null } | undefined
  }

  list(workspaceId: string): SegmentListRow[] {
    return this.statements
      .get(
        `SELECT id, name, description, type, state, member_count AS memberCount, pulled_at AS pulledAt,
                members_read_at AS membersReadAt, baseline_at AS baselineAt
           FROM segments WHERE ws = ${WS_OF_ID} ORDER BY name COLLATE NOCASE, id`,
      )
      .all(workspaceId) as SegmentListRow[]
  }

  names(workspaceId: string): Map<number, string> {
    const rows = this.statements.get(`SELECT id, name FROM segments WHERE ws = ${WS_OF_ID}`).all(workspaceId) as { id: number; name: string }[]
    return new Map(rows.map((r) => [r.id, r.name]))
  }

  /** A manual segment created here (its members come with the next pull). */
  addCreated(workspaceId: string, segment: { id: number; name: string; description: string | null }, at: number): void {
    this.statements
      .get(
        `INSERT INTO segments (ws, id, name, description, type, pulled_at) VALUES (?, ?, ?, ?, 'manual', ?)
         ON CONFLICT (ws, id) DO UPDATE SET name = excluded.name, description = excluded.description`,
      )
      .run(requireWorkspaceKey(this.sqlite, workspaceId), segment.id, segment.name, segment.description, at)
  }

  // ---- the pull ----

  /** Each listed segment's state as last pulled, before the pull overwrites it. */
  storedStates(workspaceId: string, segmentIds: number[]): Map<number, StoredSegmentState> {
    const ws = workspaceKey(this.sqlite, workspaceId)
    const read = this.statements.get('SELECT updated_at, member_count, members_read_at FROM segments WHERE ws = ? AND id = ?')
    const out = new Map<number, StoredSegmentState>()
    for (const id of segmentIds) {
      const row = read.get(ws, id) as StoredSegmentState | undefined
      if (row) out.set(id, row)
    }
    return out
  }

  /** Upserts the listed segments and drops the others (their members cascade); answers how many were dropped. */
  saveList(workspaceId: string, segments: PulledSegment[], pulledAt: number): number {
    const ws = requireWorkspaceKey(this.sqlite, workspaceId)
    const upsert = this.statements.get(
      `INSERT INTO segments (ws, id, name, description, type, state, tags, created_at, updated_at, pulled_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (ws, id) DO UPDATE SET name = excluded.name, description = excluded.description, type = excluded.type, state = excluded.state,
         tags = excluded.tags, created_at = excluded.created_at, updated_at = excluded.updated_at, pulled_at = excluded.pulled_at`,
    )
    const remove = this.statements.get('DELETE FROM segments WHERE ws = ? AND id = ?')
    return this.sqlite.transaction(() => {
      for (const s of segments) {
        upsert.run(ws, s.id, s.name, s.description, s.type, s.state, s.tags ? JSON.stringify(s.tags) : null, s.createdAt, s.updatedAt, pulledAt)
      }
      const ids = new Set(segments.map((s) => s.id))
      const stored = this.statements.get('SELECT id FROM segments WHERE ws = ?').pluck().all(ws) as number[]
      let removed = 0
      for (const id of stored) {
        if (ids.has(id)) continue
        remove.run(ws, id)
        removed++
      }
      return removed
    })()
  }

  /**
   * Stamps one page of members with the pull's id. joined_at is reset only for new members and
   * members who had left: a member who stays keeps it. The caller's transaction covers the page.
   */
  stampMembers(workspaceId: string, segmentId: number, cioIds: string[], pullStartedAt: number, pullId: string): void {
    const ws = requireWorkspaceKey(this.sqlite, workspaceId)
    const stamp = this.statements.get(
      `INSERT INTO segment_members (ws, segment_id, cio_id, joined_at, pull_id, left_at) VALUES (?, ?, ?, ?, ?, NULL)
       ON CONFLICT (ws, segment_id, cio_id) DO UPDATE SET pull_id = excluded.pull_id,
         joined_at = CASE WHEN segment_members.left_at IS NULL THEN segment_members.joined_at ELSE excluded.joined_at END, left_at = NULL`,
    )
    for (const cioId of cioIds) stamp.run(ws, segmentId, cioId, pullStartedAt, pullId)
  }

  /**
   * Members the pull did not see have left; the segment's count and read time move. The first
   * read of a segment (members never read before) sets its baseline. Run inside the caller's
   * transaction, with its checkpoint.
   */
  closeSnapshot(workspaceId: string, segmentId: number, pull: { startedAt: number; id: string; now: number }): SnapshotCounts {
    const ws = requireWorkspaceKey(this.sqlite, workspaceId)
    const first = this.statements.get('SELECT members_read_at FROM segments WHERE ws = ? AND id = ?').pluck().get(ws, segmentId) == null
    const left = this.statements
      .get('UPDATE segment_members SET left_at = ? WHERE ws = ? AND segment_id = ? AND left_at IS NULL AND pull_id IS NOT ?')
      .run(pull.startedAt, ws, segmentId, pull.id).changes
    const members = this.currentMembers(workspaceId, segmentId)
    const joined = this.statements
      .get('SELECT count(*) FROM segment_members WHERE ws = ? AND segment_id = ? AND left_at IS NULL AND pull_id = ? AND joined_at = ?')
      .pluck()
      .get(ws, segmentId, pull.id, pull.startedAt) as number
    this.statements
      .get('UPDATE segments SET member_count = ?, pulled_at = ?, members_read_at = ?, baseline_at = coalesce(?, baseline_at) WHERE ws = ? AND id = ?')
      .run(members, pull.now, pull.now, first ? pull.startedAt : null, ws, segmentId)
    return { first, left, members, joined }
  }

  // ---- membership ----

  currentMembers(workspaceId: string, segmentId: number): number {
    return this.statements.get(`SELECT count(*) FROM segment_members WHERE ws = ${WS_OF_ID} AND segment_id = ? AND left_at IS NULL`).pluck().get(workspaceId, segmentId) as number
  }

  /** Current memberships of the workspace, every segment together. */
  currentMemberships(workspaceId: string): number {
    return this.statements.get(`SELECT count(*) FROM segment_members WHERE ws = ${WS_OF_ID} AND left_at IS NULL`).pluck().get(workspaceId) as number
  }

  /** Per segment: current members, and how many joined / left within [from, to] (one pass over the membership). */
  memberCounts(workspaceId: string, from: number, to: number): { id: number; current: number; joined: number; left: number }[] {
    return this.statements
      .get(
        `SELECT segment_id AS id, sum(left_at IS NULL) AS current,
                sum(left_at IS NULL AND joined_at BETWEEN ? AND ?) AS joined, sum(left_at BETWEEN ? AND ?) AS "left"
           FROM segment_members WHERE ws = ${WS_OF_ID} GROUP BY segment_id`,
      )
      .all(from, to, from, to, workspaceId) as { id: number; current: number; joined: number; left: number }[]
  }

  /** The segments a person (by cio_id) is a current member of, by name (segment_members_ws_person). */
  currentOf(workspaceId: string, cioId: string): { id: number; name: string; type: string; joinedAt: number }[] {
    return this.statements
      .get(
        `SELECT s.id AS id, s.name AS name, coalesce(s.type, 'unknown') AS type, m.joined_at AS joinedAt
           FROM segment_members m JOIN segments s ON s.ws = m.ws AND s.id = m.segment_id
          WHERE m.ws = ${WS_OF_ID} AND m.cio_id = ? AND m.left_at IS NULL
          ORDER BY s.name COLLATE NOCASE, s.id`,
      )
      .all(workspaceId, cioId) as { id: number; name: string; type: string; joinedAt: number }[]
  }

  isMember(workspaceId: string, segmentId: number, cioId: string): boolean {
    return this.statements.get(`SELECT 1 FROM segment_members WHERE ws = ${WS_OF_ID} AND segment_id = ? AND cio_id = ? AND left_at IS NULL`).get(workspaceId, segmentId, cioId) !== undefined
  }

  /** Which of these cio_ids (a JSON array) are current members. */
  currentMembersAmong(workspaceId: string, segmentId: number, cioIdsJson: string): string[] {
    return this.statements
      .get(`SELECT cio_id FROM segment_members WHERE ws = ${WS_OF_ID} AND segment_id = ? AND left_at IS NULL AND cio_id IN (SELECT value FROM json_each(?))`)
      .pluck()
      .all(workspaceId, segmentId, cioIdsJson) as string[]
  }

  /**
   * Writes accepted membership changes of one segment (a push applying many rows resolves the
   * workspace once). Only into a segment the mirror holds; a returning member joins anew.
   */
  membershipWriter(workspaceId: string, segmentId: number): { join(cioId: string, at: number): void; leave(cioId: string, at: number): void } {
    const ws = workspaceKey(this.sqlite, workspaceId)
    const join = this.statements.get(
      `INSERT INTO segment_members (ws, segment_id, cio_id, joined_at, pull_id, left_at)
       SELECT ?, ?, ?, ?, NULL, NULL WHERE EXISTS (SELECT 1 FROM segments WHERE ws = ? AND id = ?)
       ON CONFLICT (ws, segment_id, cio_id) DO UPDATE SET joined_at = CASE WHEN segment_members.left_at IS NULL THEN segment_members.joined_at ELSE excluded.joined_at END, left_at = NULL`,
    )
    const leave = this.statements.get('UPDATE segment_members SET left_at = ? WHERE ws = ? AND segment_id = ? AND cio_id = ? AND left_at IS NULL')
    return {
      join: (cioId, at) => {
        if (ws !== null) join.run(ws, segmentId, cioId, at, ws, segmentId)
      },
      leave: (cioId, at) => {
        if (ws !== null) leave.run(at, ws, segmentId, cioId)
      },
    }
  }
}
