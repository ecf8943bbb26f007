import { and, eq, ne, sql } from 'drizzle-orm'
import { AppError } from '../contract/result'
import { dbOf, isUniqueViolation, type RepoSource } from './repo-support'
import { workspaces, type NewWorkspace, type Workspace } from './schema'

// Workspace rows (never their keys: those are in the keychain). Name uniqueness and the single
// active workspace are enforced by indexes; this class turns their violations into CONFLICT
// errors a user can act on, and keeps "switch the active workspace" atomic.

export type { NewWorkspace, Workspace }
export type WorkspacePatch = Partial<Omit<NewWorkspace, 'id' | 'createdAt'>>

export interface ConnectionTestRecord {
  at: number
  ok: boolean
  region: 'us' | 'eu' | null
}

export class WorkspacesRepo {
  private readonly db

  constructor(source: RepoSource) {
    this.db = dbOf(source)
  }

  /** All workspaces, by name as a user reads a list (case-insensitive). */
  list(): Workspace[] {
    return this.db.select().from(workspaces).orderBy(sql`lower(${workspaces.name})`, workspaces.id).all()
  }

  get(id: string): Workspace | undefined {
    return this.db.select().from(workspaces).where(eq(workspaces.id, id)).get()
  }

  /** Case-insensitive, with SQLite's lower() on both sides so it agrees with the unique index. */
  getByName(name: string): Workspace | undefined {
    return this.db
      .select()
      .from(workspaces)
      .where(sql`lower(${workspaces.name}) = lower(${name})`)
      .get()
  }

  getActive(): Workspace | undefined {
    return this.db.select().from(workspaces).where(eq(workspaces.active, true)).get()
  }

  /** Inserting an active workspace deactivates the previous one in the same transaction. */
  insert(row: NewWorkspace): Workspace {
    return this.guard(row.name, () =>
      this.db.transaction((tx) => {
        if (row.active) tx.update(workspaces).set({ active: false }).where(eq(workspaces.active, true)).run()
        return tx.insert(workspaces).values(row).returning().get()
      }),
    )
  }

  /** Throws NOT_FOUND for an unknown id, CONFLICT for a name already taken. */
  update(id: string, patch: WorkspacePatch): Workspace {
    const values = definedOnly(patch)
    return this.guard(values.name, () =>
      this.db.transaction((tx) => {
        if (values.active) {
          tx.update(workspaces)
            .set({ active: false })
            .where(and(eq(workspaces.active, true), ne(workspaces.id, id)))
            .run()
        }
        const updated =
          Object.keys(values).length === 0
            ? tx.select().from(workspaces).where(eq(workspaces.id, id)).get()
            : tx.update(workspaces).set(values).where(eq(workspaces.id, id)).returning().get()
        if (!updated) throw notFound(id)
        return updated
      }),
    )
  }

  /**
   * Removes the workspace and, through ON DELETE CASCADE, everything it owns: people, segments,
   * outbox, history, audit log. Returns false when there was no such workspace.
   */
  remove(id: string): boolean {
    return this.db.delete(workspaces).where(eq(workspaces.id, id)).run().changes > 0
  }

  /** Makes `id` the one active workspace (null: none). One transaction, so never zero-then-two. */
  setActive(id: string | null): Workspace | undefined {
    return this.db.transaction((tx) => {
      tx.update(workspaces).set({ active: false }).where(eq(workspaces.active, true)).run()
      if (id === null) return undefined
      const row = tx.update(workspaces).set({ active: true }).where(eq(workspaces.id, id)).returning().get()
      if (!row) throw notFound(id) // rolls back the deactivation too
      return row
    })
  }

  recordTest(id: string, test: ConnectionTestRecord): Workspace {
    const row = this.db
      .update(workspaces)
      .set({ lastTestAt: test.at, lastTestOk: test.ok, lastTestRegion: test.region })
      .where(eq(workspaces.id, id))
      .returning()
      .get()
    if (!row) throw notFound(id)
    return row
  }

  private guard<T>(name: string | undefined, write: () => T): T {
    try {
      return write()
    } catch (e) {
      if (isUniqueViolation(e, 'workspaces_name_ci_unique')) {
        throw new AppError('CONFLICT', `A workspace named "${name}" already exists. Choose another name.`)
      }
      throw e
    }
  }
}

/** drizzle skips undefined keys, but an all-undefined patch would be "no values to set". */
function definedOnly<T extends object>(patch: T): Partial<T> {
  return Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as Partial<T>
}

function notFound(id: string): AppError {
  return new AppError('NOT_FOUND', `No workspace with id ${id}.`)
}
