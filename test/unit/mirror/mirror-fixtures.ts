import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type Database from 'better-sqlite3'
import { openMirror, type Mirror } from '../../../src-main/db/connection'

// Real mirror files in temp folders, filled through prepared statements the way the pull writes.

export interface TempMirror {
  mirror: Mirror
  sqlite: Database.Database
  cleanup(): void
}

export function tempMirror(workspaces: string[] = ['w1']): TempMirror {
  const dir = mkdtempSync(join(tmpdir(), 'cio-sync-mirror-'))
  const mirror = openMirror(join(dir, 'mirror.db'))
  const addWorkspace = mirror.sqlite.prepare("INSERT INTO workspaces (id, name, kind, created_at) VALUES (?, ?, 'sandbox', 1)")
  for (const ws of workspaces) addWorkspace.run(ws, ws)
  return {
    mirror,
    sqlite: mirror.sqlite,
    cleanup() {
      mirror.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

export interface PersonFixture {
  cioId?: string | null
  id?: string | null
  email?: string | null
  attributes?: Record<string, unknown>
  base?: Record<string, unknown> | null
  devices?: unknown[] | null
  updatedAt?: number
  syncedAt?: number | null
  remoteUpdatedAt?: number | null
  deletedAt?: number | null
}

export function addPerson(sqlite: Database.Database, workspaceId: string, p: PersonFixture): number {
  const r = sqlite
    .prepare(
      `INSERT INTO people (ws, cio_id, id, email, attributes, base_attributes, devices, created_at, updated_at, synced_at, remote_updated_at, deleted_at)
       VALUES ((SELECT ws FROM workspaces WHERE id = ?), ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?)`,
    )
    .run(
      workspaceId,
      p.cioId ?? null,
      p.id ?? null,
      p.email ?? null,
      JSON.stringify(p.attributes ?? {}),
      p.base === undefined || p.base === null ? null : JSON.stringify(p.base),
      p.devices === undefined || p.devices === null ? null : JSON.stringify(p.devices),
      p.updatedAt ?? 1,
      p.syncedAt ?? null,
      p.remoteUpdatedAt ?? null,
      p.deletedAt ?? null,
    )
  return Number(r.lastInsertRowid)
}

export function addSegment(sqlite: Database.Database, workspaceId: string, id: number, name: string, type: string | null = 'manual', memberCount: number | null = null): void {
  sqlite.prepare('INSERT INTO segments (ws, id, name, type, member_count) VALUES ((SELECT ws FROM workspaces WHERE id = ?), ?, ?, ?, ?)').run(workspaceId, id, name, type, memberCount)
}

export function addMember(sqlite: Database.Database, workspaceId: string, segmentId: number, cioId: string, joinedAt = 1, leftAt: number | null = null, pullId: string | null = null): void {
  sqlite
    .prepare('INSERT INTO segment_members (ws, segment_id, cio_id, joined_at, left_at, pull_id) VALUES ((SELECT ws FROM workspaces WHERE id = ?), ?, ?, ?, ?, ?)')
    .run(workspaceId, segmentId, cioId, joinedAt, leftAt, pullId)
}

export function addOutbox(sqlite: Database.Database, workspaceId: string, entityKey: string, payload: unknown, state = 'pending', op = 'identify'): void {
  sqlite
    .prepare('INSERT INTO outbox (workspace_id, op, entity_key, payload, state, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 1, 1)')
    .run(workspaceId, op, entityKey, JSON.stringify(payload), state)
}

export function addRun(
  sqlite: Database.Database,
  workspaceId: string,
  run: { id: string; kind?: string; state?: string; startedAt: number; finishedAt?: number | null; counts?: unknown; retries?: number; error?: string | null },
): void {
  sqlite
    .prepare('INSERT INTO sync_runs (id, workspace_id, kind, trigger, state, started_at, finished_at, counts, retries, error) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
    .run(
      run.id,
      workspaceId,
      run.kind ?? 'pull',
      'manual',
      run.state ?? 'succeeded',
      run.startedAt,
      run.finishedAt ?? null,
      run.counts === undefined ? null : typeof run.counts === 'string' ? run.counts : JSON.stringify(run.counts),
      run.retries ?? 0,
      run.error ?? null,
    )
}
