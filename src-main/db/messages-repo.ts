import type Database from 'better-sqlite3'
import { requireWorkspaceKey, WS_OF_ID } from './workspace-key'
import { StatementCache } from './sql-cache'

// Every statement on `messages` (deliveries, read-only copies of Customer.io's): the pull and the
// Messages screen's refresh upsert them; the screen, the person panel and filters read them.

/** A delivery in the mirror's units (ms, metrics as JSON text). */
export interface DeliveryRow {
  id: string
  campaignId: number | null
  broadcastId: number | null
  newsletterId: number | null
  actionId: number | null
  cioId: string | null
  recipient: string | null
  subject: string | null
  type: string | null
  created: number | null
  metrics: string | null
}

export interface MessageListRow {
  id: string
  type: string | null
  subject: string | null
  recipient: string | null
  campaignId: number | null
  broadcastId: number | null
  newsletterId: number | null
  cioId: string | null
  created: number | null
  metrics: string | null
}

/** Filters of the Messages screen; each present one narrows the list. */
export interface MessageFilter {
  cioId?: string
  type?: string
  /** only deliveries that have this metric */
  metric?: string
  campaignId?: number
  broadcastId?: number
  newsletterId?: number
}

export class MessagesRepo {
  private readonly statements: StatementCache

  constructor(private readonly sqlite: Database.Database) {
    this.statements = new StatementCache(sqlite)
  }

  /**
   * Upserts deliveries in one transaction. `keepKnownCioId`: a person's list may omit
   * identifiers, so a missing cio_id does not erase the stored one.
   */
  save(workspaceId: string, rows: DeliveryRow[], keepKnownCioId: boolean): void {
    const ws = requireWorkspaceKey(this.sqlite, workspaceId)
    const upsert = this.statements.get(
      `INSERT INTO messages (ws, id, campaign_id, broadcast_id, newsletter_id, action_id, cio_id, recipient, subject, type, created, metrics)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (ws, id) DO UPDATE SET metrics = excluded.metrics, recipient = excluded.recipient, subject = excluded.subject,
         cio_id = ${keepKnownCioId ? 'coalesce(excluded.cio_id, messages.cio_id)' : 'excluded.cio_id'}`,
    )
    this.sqlite.transaction(() => {
      for (const m of rows) {
        upsert.run(ws, m.id, m.campaignId, m.broadcastId, m.newsletterId, m.actionId, m.cioId, m.recipient, m.subject, m.type, m.created, m.metrics)
      }
    })()
  }

  /** Newest first; the total counts every match. */
  page(workspaceId: string, filter: MessageFilter, limit: number, offset: number): { total: number; rows: MessageListRow[] } {
    const where = [`ws = ${WS_OF_ID}`]
    const params: unknown[] = [workspaceId]
    const add = (clause: string, value: unknown) => {
      where.push(clause)
      params.push(value)
    }
    if (filter.cioId !== undefined) add('cio_id = ?', filter.cioId)
    if (filter.type) add('type = ?', filter.type)
    if (filter.metric) add('json_extract(metrics, ?) IS NOT NULL', `$.${filter.metric}`)
    if (filter.campaignId !== undefined) add('campaign_id = ?', filter.campaignId)
    if (filter.broadcastId !== undefined) add('broadcast_id = ?', filter.broadcastId)
    if (filter.newsletterId !== undefined) add('newsletter_id = ?', filter.newsletterId)
    const clause = where.join(' AND ')
    const total = this.statements.get(`SELECT count(*) FROM messages WHERE ${clause}`).pluck().get(...params) as number
    const rows = this.statements
      .get(
        `SELECT id, type, subject, recipient, campaign_id AS campaignId, broadcast_id AS broadcastId, newsletter_id AS newsletterId, cio_id AS cioId, created, metrics
         FROM messages WHERE ${clause} ORDER BY created DESC, id DESC LIMIT ? OFFSET ?`,
      )
      .all(...params, limit, offset) as MessageListRow[]
    return { total, rows }
  }

  /** A person's latest deliveries (messages_ws_person_created). */
  ofPerson(workspaceId: string, cioId: string, limit: number): { id: string; type: string | null; subject: string | null; campaignId: number | null; created: number | null; metrics: string | null }[] {
    return this.statements
      .get(
        `SELECT id, type, subject, campaign_id AS campaignId, created, metrics FROM messages
          WHERE ws = ${WS_OF_ID} AND cio_id = ? ORDER BY created DESC, id DESC LIMIT ?`,
      )
      .all(workspaceId, cioId, limit) as { id: string; type: string | null; subject: string | null; campaignId: number | null; created: number | null; metrics: string | null }[]
  }
}
