import type Database from 'better-sqlite3'
import type { CampaignType } from './schema-mirror'
import { requireWorkspaceKey, WS_OF_ID } from './workspace-key'
import { StatementCache } from './sql-cache'

// Every statement on `campaigns` (campaigns, broadcasts, newsletters and the cached list of
// transactional messages) and on `campaign_metrics` (the chart series as last fetched).

export interface CampaignRow {
  type: CampaignType
  id: number
  name: string
  state: string | null
  metrics: string | null
  details: string | null
  createdAt: number | null
  updatedAt: number | null
  pulledAt: number | null
}

/** A campaign as Customer.io describes it, in the mirror's units (ms, JSON text). */
export interface CampaignInfoRow {
  id: number
  name: string
  state: string | null
  createdAt: number | null
  updatedAt: number | null
  /** JSON of CampaignDetails */
  details: string
}

export class CampaignsRepo {
  private readonly statements: StatementCache

  constructor(private readonly sqlite: Database.Database) {
    this.statements = new StatementCache(sqlite)
  }

  /** Campaigns, broadcasts and newsletters (or one kind of them), by kind and name. */
  list(workspaceId: string, kind?: 'campaign' | 'broadcast' | 'newsletter'): CampaignRow[] {
    return this.statements
      .get(
        `SELECT type, id, name, state, metrics, details, created_at AS createdAt, updated_at AS updatedAt, pulled_at AS pulledAt
         FROM campaigns WHERE ws = ${WS_OF_ID} AND type IN ('campaign', 'broadcast', 'newsletter') ${kind ? 'AND type = ?' : ''} ORDER BY type, name COLLATE NOCASE, id`,
      )
      .all(...(kind ? [workspaceId, kind] : [workspaceId])) as CampaignRow[]
  }

  ids(workspaceId: string, kind: CampaignType): number[] {
    return this.statements.get(`SELECT id FROM campaigns WHERE ws = ${WS_OF_ID} AND type = ?`).pluck().all(workspaceId, kind) as number[]
  }

  remove(workspaceId: string, kind: CampaignType, id: number): void {
    this.statements.get(`DELETE FROM campaigns WHERE ws = ${WS_OF_ID} AND type = ? AND id = ?`).run(workspaceId, kind, id)
  }

  /** A pulled campaign with its metric totals (JSON). */
  savePulled(workspaceId: string, kind: CampaignType, c: CampaignInfoRow, metrics: string, pulledAt: number): void {
    this.statements
      .get(
        `INSERT INTO campaigns (ws, type, id, name, state, metrics, created_at, updated_at, pulled_at, details) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (ws, type, id) DO UPDATE SET name = excluded.name, state = excluded.state, metrics = excluded.metrics,
           created_at = excluded.created_at, updated_at = excluded.updated_at, pulled_at = excluded.pulled_at, details = excluded.details`,
      )
      .run(requireWorkspaceKey(this.sqlite, workspaceId), kind, c.id, c.name, c.state, metrics, c.createdAt, c.updatedAt, pulledAt, c.details)
  }

  /** One campaign read again (its metric totals stay as the last pull stored them). */
  saveRefreshed(workspaceId: string, kind: CampaignType, c: CampaignInfoRow, pulledAt: number): void {
    this.statements
      .get(
        `INSERT INTO campaigns (ws, type, id, name, state, created_at, updated_at, pulled_at, details) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (ws, type, id) DO UPDATE SET name = excluded.name, state = excluded.state, created_at = excluded.created_at,
           updated_at = excluded.updated_at, pulled_at = excluded.pulled_at, details = excluded.details`,
      )
      .run(requireWorkspaceKey(this.sqlite, workspaceId), kind, c.id, c.name, c.state, c.createdAt, c.updatedAt, pulledAt, c.details)
  }

  // ---- transactional messages ----

  transactional(workspaceId: string): { id: number; name: string; details: string | null; pulledAt: number | null }[] {
    return this.statements
      .get(`SELECT id, name, details, pulled_at AS pulledAt FROM campaigns WHERE ws = ${WS_OF_ID} AND type = 'transactional' ORDER BY name COLLATE NOCASE, id`)
      .all(workspaceId) as { id: number; name: string; details: string | null; pulledAt: number | null }[]
  }

  /** Replaces the cached list of transactional messages with Customer.io's, in one transaction. */
  replaceTransactional(workspaceId: string, list: Omit<CampaignInfoRow, 'state'>[], pulledAt: number): void {
    const ws = requireWorkspaceKey(this.sqlite, workspaceId)
    const upsert = this.statements.get(
      `INSERT INTO campaigns (ws, type, id, name, state, created_at, updated_at, pulled_at, details) VALUES (?, 'transactional', ?, ?, NULL, ?, ?, ?, ?)
       ON CONFLICT (ws, type, id) DO UPDATE SET name = excluded.name, created_at = excluded.created_at, updated_at = excluded.updated_at,
         pulled_at = excluded.pulled_at, details = excluded.details`,
    )
    this.sqlite.transaction(() => {
      this.statements.get("DELETE FROM campaigns WHERE ws = ? AND type = 'transactional'").run(ws)
      for (const t of list) upsert.run(ws, t.id, t.name, t.createdAt, t.updatedAt, pulledAt, t.details)
    })()
  }

  /** Every workspace's transactional message names, keyed `<workspace id>:<message id>`. */
  transactionalNamesEverywhere(): Map<string, string> {
    const rows = this.statements
      .get("SELECT w.id AS workspaceId, c.id, c.name FROM campaigns c JOIN workspaces w ON w.ws = c.ws WHERE c.type = 'transactional'")
      .all() as { workspaceId: string; id: number; name: string }[]
    return new Map(rows.map((r) => [`${r.workspaceId}:${r.id}`, r.name]))
  }

  // ---- metric series ----

  saveSeries(workspaceId: string, key: { kind: CampaignType; id: number; period: string }, steps: number, series: Record<string, number[]>, fetchedAt: number): void {
    this.statements
      .get(
        `INSERT INTO campaign_metrics (ws, type, id, period, steps, series, fetched_at) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (ws, type, id, period) DO UPDATE SET steps = excluded.steps, series = excluded.series, fetched_at = excluded.fetched_at`,
      )
      .run(requireWorkspaceKey(this.sqlite, workspaceId), key.kind, key.id, key.period, steps, JSON.stringify(series), fetchedAt)
  }

  series(workspaceId: string, key: { kind: CampaignType; id: number; period: string }): { steps: number; series: string; fetchedAt: number } | undefined {
    return this.statements
      .get(`SELECT steps, series, fetched_at AS fetchedAt FROM campaign_metrics WHERE ws = ${WS_OF_ID} AND type = ? AND id = ? AND period = ?`)
      .get(workspaceId, key.kind, key.id, key.period) as { steps: number; series: string; fetchedAt: number } | undefined
  }
}
