// The transactional message templates of a workspace (GET /v1/transactional, docs/customerio-api.md
// §4.1), for the Campaigns screen's Transactional tab and the send dialog's template picker. The
// list is cached in the mirror's campaigns table (type `transactional`), so it reads offline like
// the other lists: online it is fetched and stored first; a NETWORK failure answers the cache.
//
// "Last sent" is read from the audit log of our own sends, not from deliveries: a delivery does not
// name the template it came from (GET /v1/messages has no such field or filter), and asking each
// template's deliveries would cost one request per template on every visit. The screen says so.

import { CampaignsRepo } from '../../db/campaigns-repo'
import type { CampaignDetails } from '../../db/schema-mirror'
import type { TransactionalView } from '../../contract/messaging'
import { isOffline, type MessagingAccess } from '../access'
import { secondsToMs } from '../../base/unix-time'

interface TemplateInfo {
  id: number
  name?: string
  type?: string
  description?: string
  created_at?: number
  updated_at?: number
}

interface SendStats {
  lastAt: number
  sends: number
}


export class TransactionalService {
  private readonly campaigns: CampaignsRepo

  constructor(private readonly access: MessagingAccess) {
    this.campaigns = new CampaignsRepo(access.sqlite)
  }

  async list(workspaceId: string, refresh: boolean): Promise<{ templates: TransactionalView[]; fetchedAt: number | null; offline: boolean }> {
    let offline = false
    let fetchedAt: number | null = null
    if (refresh) {
      try {
        const cio = await this.access.clients(workspaceId)
        const body = await cio.request('app', () => cio.app.listTransactionalMessages(), { idempotent: true, what: 'list transactional messages' })
        const list = (Array.isArray(body.messages) ? body.messages : []) as TemplateInfo[]
        fetchedAt = this.access.now()
        this.store(workspaceId, list.filter((t) => typeof t.id === 'number'), fetchedAt)
      } catch (err) {
        if (!isOffline(err)) throw err
        offline = true
      }
    }
    const rows = this.campaigns.transactional(workspaceId)
    const stats = this.sendStats(workspaceId)
    const templates = rows.map((r) => {
      const details = (r.details ? JSON.parse(r.details) : {}) as Partial<CampaignDetails>
      const byId = stats.get(String(r.id))
      const byName = stats.get(r.name.toLowerCase())
      const sends = (byId?.sends ?? 0) + (byName?.sends ?? 0)
      const lastAt = Math.max(byId?.lastAt ?? 0, byName?.lastAt ?? 0)
      return { id: r.id, name: r.name, channel: details.channel ?? null, description: details.description ?? null, lastSentAt: lastAt > 0 ? lastAt : null, sends }
    })
    fetchedAt ??= rows.reduce<number | null>((max, r) => (r.pulledAt != null && (max == null || r.pulledAt > max) ? r.pulledAt : max), null)
    return { templates, fetchedAt, offline }
  }

  /** Replaces the cached list with Customer.io's, in one transaction. */
  private store(workspaceId: string, list: TemplateInfo[], at: number): void {
    const rows = list.map((t) => {
      const details: CampaignDetails = { triggerSegmentIds: [], filterSegmentIds: [], trigger: null, eventName: null, active: null, channel: t.type ?? null, description: t.description ?? null }
      return { id: t.id, name: t.name ?? `transactional ${t.id}`, createdAt: secondsToMs(t.created_at), updatedAt: secondsToMs(t.updated_at), details: JSON.stringify(details) }
    })
    this.campaigns.replaceTransactional(workspaceId, rows, at)
  }

  /**
   * Queued sends per message reference as it was given: the id ("3") or the trigger name in lower
   * case ("welcome"; Customer.io matches names without case).
   */
  private sendStats(workspaceId: string): Map<string, SendStats> {
    const rows = this.access.sqlite
      .prepare(
        `SELECT json_extract(results, '$.message') AS message, max(at) AS lastAt, count(*) AS sends FROM audit_log
         WHERE workspace_id = ? AND action IN ('send.email', 'send.push', 'send.sms') AND json_valid(results) AND json_extract(results, '$.status') = 'queued'
         GROUP BY message`,
      )
      .all(workspaceId) as { message: string | number | null; lastAt: number; sends: number }[]
    const out = new Map<string, SendStats>()
    for (const r of rows) {
      if (r.message == null) continue
      const key = String(r.message).toLowerCase()
      const prev = out.get(key)
      out.set(key, { lastAt: Math.max(prev?.lastAt ?? 0, r.lastAt), sends: (prev?.sends ?? 0) + r.sends })
    }
    return out
  }
}
