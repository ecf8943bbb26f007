import type Database from 'better-sqlite3'
import { AppError } from '../contract/result'

// The mirror tables key rows by the workspace's compact number (workspaces.ws, migration 0008)
// rather than its 36-character id; the contract and the services keep the id. A repository turns
// one into the other: once per call or job where it writes many rows, or inline in a cold
// statement (`ws = (SELECT ws FROM workspaces WHERE id = ?)`: SQLite evaluates it once per
// statement and still walks the (ws, …) index).

/** SQL for "the number of the workspace whose id is bound here". */
export const WS_OF_ID = '(SELECT ws FROM workspaces WHERE id = ?)'

const lookups = new WeakMap<Database.Database, Database.Statement>()

/** The workspace's number, or null when no workspace has this id. */
export function workspaceKey(sqlite: Database.Database, workspaceId: string): number | null {
  let lookup = lookups.get(sqlite)
  if (!lookup) {
    lookup = sqlite.prepare('SELECT ws FROM workspaces WHERE id = ?').pluck()
    lookups.set(sqlite, lookup)
  }
  return (lookup.get(workspaceId) as number | null | undefined) ?? null
}

/** For writes: a row of an unknown workspace would have failed its foreign key; say so plainly. */
export function requireWorkspaceKey(sqlite: Database.Database, workspaceId: string): number {
  const ws = workspaceKey(sqlite, workspaceId)
  if (ws === null) throw new AppError('NOT_FOUND', `no workspace with id ${workspaceId}`)
  return ws
}
