// What every part of a pull shares, and the checkpoint that lets a killed pull continue where it
// was. The whole state is saved as the job's checkpoint after each unit of work (a batch of people,
// a page of segment members, a part), in the same SQLite transaction as that unit's writes when it
// has any, so the mirror and the checkpoint never disagree.

import type Database from 'better-sqlite3'
import type { AppReads } from '../../cio/app-reads'
import type { FeedPosition } from '../../db/schema-mirror'
import type { PullPart } from '../../contract/sync'
import type { PeopleCounts } from '../../merge/people-writer'
import type { PeoplePullMode } from '../../db/people-sync-state-repo'

export interface PeopleCheckpoint {
  exportId: number
  /** the attribute columns asked for, so a resumed pull reads the same file the same way */
  attributes: string[]
  /** data rows of the file already in the mirror */
  rowsApplied: number
  total: number
  mode: 'fresh' | 'compare'
  /** the FTS insert trigger is off for a bulk load (people-fts.ts) */
  bulk: boolean
  /** the activity feed's head, read before the export was created: where the next pull reads from */
  feedPosition?: FeedPosition | null
  /** people the feed named before it proved incomplete: read in full once the export is in */
  recheck?: string[]
}

/** Which path the people part took and why: part of the run record (sync_runs.counts). */
export interface PeoplePullPath {
  mode: PeoplePullMode
  /** why an export was chosen (first pull, --full, the feed too old or too busy, unreadable) */
  reason: string | null
  /** activity feed pages read */
  feedPages: number
  /** people read in full through bulk attributes */
  peopleRead: number
}

export interface SegmentsCheckpoint {
  /** index into the segment list as pulled (the list is re-read on resume; ids are matched) */
  segmentId: number
  /** the membership cursor of the next page to read; null = start of that segment */
  cursor: string | null
}

export interface PullCounts {
  people: PeopleCounts
  /**
   * unchanged: big segments not read member by member (segments-pull.ts); baseline: members of
   * segments read for the first time (a baseline, counted neither as joined nor as left), and
   * firstRead: how many segments that was
   */
  segments: { segments: number; members: number; joined: number; left: number; removed: number; unchanged?: number; baseline?: number; firstRead?: number }
  collections: { collections: number; rows: number; removed: number }
  campaigns: { campaigns: number; broadcasts: number; newsletters: number; removed: number }
  messages: { messages: number; pages: number }
  peoplePull?: PeoplePullPath
  /** request attempts of earlier runs of this job (a resumed pull adds its own) */
  requests: number
  retries: number
  rateLimited: number
}

export interface PullState {
  version: 1
  parts: PullPart[]
  done: PullPart[]
  full: boolean
  /** unix ms when the pull first started; joined_at / left_at of this pull's members */
  startedAt: number
  counts: PullCounts
  people?: PeopleCheckpoint
  segments?: SegmentsCheckpoint
}

export interface PullEnv {
  sqlite: Database.Database
  workspaceId: string
  /** the job id, which is also the sync_runs id and segment_members.pull_id */
  runId: string
  state: PullState
  reads: AppReads
  /** people per transaction (and checkpoint) while applying an export */
  peopleBatchRows: number
  signal: AbortSignal
  progress(phase: string, done: number, total?: number | null): void
  /** persists `state` as the job's checkpoint (call inside the unit's transaction) */
  save(): void
  now(): number
}

export function emptyCounts(): PullCounts {
  return {
    people: { created: 0, updated: 0, unchanged: 0, deleted: 0, restored: 0, conflicts: 0 },
    segments: { segments: 0, members: 0, joined: 0, left: 0, removed: 0, baseline: 0, firstRead: 0 },
    collections: { collections: 0, rows: 0, removed: 0 },
    campaigns: { campaigns: 0, broadcasts: 0, newsletters: 0, removed: 0 },
    messages: { messages: 0, pages: 0 },
    requests: 0,
    retries: 0,
    rateLimited: 0,
  }
}

/** The checkpoint of an interrupted run of this job, or null when it is not one of ours. */
export function restoreState(checkpoint: unknown): PullState | null {
  if (!checkpoint || typeof checkpoint !== 'object') return null
  const s = checkpoint as Partial<PullState>
  if (s.version !== 1 || !Array.isArray(s.parts) || !Array.isArray(s.done) || typeof s.startedAt !== 'number' || !s.counts) return null
  return { ...(s as PullState), counts: { ...emptyCounts(), ...s.counts } }
}
