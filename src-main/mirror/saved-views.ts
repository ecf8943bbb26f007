import { randomUUID } from 'node:crypto'
import type { SavedView } from '../contract/people'
import { AppError } from '../contract/result'
import { parseJson, type StatementCache } from '../db/sql-cache'

// Saved views of the People screen (a query and the chosen columns), one settings row per
// workspace: key `view:people:<workspaceId>`, value a JSON array in the order they were created.
// The value is JSON text, as SettingsRepo writes it, so either can read the other's rows.

export type SaveViewInput = Omit<SavedView, 'id'> & { id?: string }

const keyOf = (workspaceId: string) => `view:people:${workspaceId}`

export class SavedViews {
  constructor(private readonly statements: StatementCache) {}

  list(workspaceId: string): SavedView[] {
    const text = this.statements.get('SELECT value FROM settings WHERE key = ?').pluck().get(keyOf(workspaceId))
    const views = parseJson<unknown>(text, [])
    return Array.isArray(views) ? (views as SavedView[]) : []
  }

  /** Creates (no id) or replaces (id) a view; names are unique per workspace, ignoring case. */
  save(workspaceId: string, input: SaveViewInput): SavedView {
    const views = this.list(workspaceId)
    const name = input.name.trim()
    const clash = views.find((v) => v.name.toLowerCase() === name.toLowerCase() && v.id !== input.id)
    if (clash) throw new AppError('CONFLICT', `A view named "${clash.name}" already exists. Choose another name, or open that view and save over it.`)
    const view: SavedView = {
      id: input.id ?? randomUUID(),
      name,
      query: {
        text: input.query.text,
        filters: input.query.filters,
        ...(input.query.segmentId !== undefined ? { segmentId: input.query.segmentId } : {}),
      },
      columns: input.columns,
    }
    if (input.id !== undefined) {
      const at = views.findIndex((v) => v.id === input.id)
      if (at < 0) throw new AppError('NOT_FOUND', `No saved view with id ${input.id} in this workspace (it may have been removed). Save it as a new view.`)
      views[at] = view
    } else {
      views.push(view)
    }
    this.write(workspaceId, views)
    return view
  }

  remove(workspaceId: string, id: string): { id: string } {
    const views = this.list(workspaceId)
    const kept = views.filter((v) => v.id !== id)
    if (kept.length === views.length) throw new AppError('NOT_FOUND', `No saved view with id ${id} in this workspace.`)
    this.write(workspaceId, kept)
    return { id }
  }

  private write(workspaceId: string, views: SavedView[]): void {
    this.statements
      .get('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value')
      .run(keyOf(workspaceId), JSON.stringify(views))
  }
}
