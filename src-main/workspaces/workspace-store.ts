import type { WorkspaceKind } from './types'

/** A workspace as the mirror stores it (never with keys: those are in the keychain). */
export interface WorkspaceRow {
  id: string
  name: string
  kind: WorkspaceKind
  url: string | null
  production: boolean
  active: boolean
  createdAt: number
  lastTestAt: number | null
  lastTestOk: boolean | null
  lastTestRegion: 'us' | 'eu' | null
}

/** The part of the mirror's workspaces repository the service needs. */
export interface WorkspaceStore {
  list(): WorkspaceRow[]
  get(id: string): WorkspaceRow | undefined
  getByName(name: string): WorkspaceRow | undefined
  insert(row: WorkspaceRow): void
  update(id: string, patch: Partial<Omit<WorkspaceRow, 'id'>>): void
  remove(id: string): void
  setActive(id: string): void
  getActive(): WorkspaceRow | undefined
  recordTest(id: string, test: { at: number; ok: boolean; region: 'us' | 'eu' | null }): void
}
