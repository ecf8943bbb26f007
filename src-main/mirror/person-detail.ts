import { personEntityKey } from '../base/entity-key'
import type { PersonDetail, PersonLookup } from '../contract/people'
import { AppError } from '../contract/result'
import { MessagesRepo } from '../db/messages-repo'
import { SegmentsRepo } from '../db/segments-repo'
import { auditMentions, type AuditEntryRow } from './person-activity'
import type { PendingFields } from './pending-fields'
import { PERSON_COLUMNS, type PersonSqlRow } from './people-query'
import { isPlainObject, parseJson, type StatementCache } from '../db/sql-cache'

// The person panel: one person's row and merge base, current segments, devices, recent messages
// and the activity of our own pushes. Each part is one indexed statement (people by pk / id /
// lower(email) / cio_id, segment_members_ws_person, messages_ws_person_created, audit_log_ws_at).

const MESSAGES_SHOWN = 50
const ACTIVITY_SHOWN = 50

interface DetailRow extends PersonSqlRow {
  base: string | null
  devices: string | null
  syncedAt: number | null
}

// the merge base: stored only while it differs from the attributes (db/people-store.ts)
const SELECT_PERSON = `SELECT ${PERSON_COLUMNS}, coalesce(p.base_attributes, p.attributes) AS base, p.devices AS devices, p.synced_at AS syncedAt FROM people p`
// a live person wins over a tombstone that shares the identifier (emails are not unique)
const PREFER_LIVE = 'ORDER BY p.deleted_at IS NOT NULL, p.pk LIMIT 1'

export class PersonDetailReader {
  private readonly segmentsRepo: SegmentsRepo
  private readonly messagesRepo: MessagesRepo

  constructor(
    private readonly statements: StatementCache,
    private readonly pending: PendingFields,
  ) {
    this.segmentsRepo = new SegmentsRepo(statements.sqlite)
    this.messagesRepo = new MessagesRepo(statements.sqlite)
  }

  get(workspaceId: string, input: PersonLookup): PersonDetail {
    const row = this.find(workspaceId, input)
    if (!row) {
      const what = input.pk !== undefined ? `pk ${input.pk}` : `"${input.ident}"`
      throw new AppError('NOT_FOUND', `No person matches ${what} in the local mirror of this workspace. Search by part of an id or email, or pull to refresh the mirror.`)
    }
    const attributes = parseJson<Record<string, unknown>>(row.attributes, {})
    return {
      person: {
        pk: row.pk,
        cioId: row.cioId,
        id: row.id,
        email: row.email,
        attributes,
        updatedAt: row.updatedAt,
        remoteUpdatedAt: row.remoteUpdatedAt,
        pulledAt: row.pulledAt,
        deletedAt: row.deletedAt,
        pending: this.pending.forPeople(workspaceId, [row.pk]).get(row.pk) ?? [],
      },
      base: row.base === null ? null : parseJson<Record<string, unknown>>(row.base, {}),
      segments: row.cioId === null ? [] : this.segments(workspaceId, row.cioId),
      devices: toDevices(parseJson<unknown>(row.devices, [])),
      messages: row.cioId === null ? [] : this.messages(workspaceId, row.cioId),
      activity: this.activity(workspaceId, row),
      syncedAt: row.syncedAt,
    }
  }

  private find(workspaceId: string, input: PersonLookup): DetailRow | undefined {
    const one = (where: string, value: unknown) =>
      this.statements.get(`${SELECT_PERSON} WHERE ${where} ${PREFER_LIVE}`).get(workspaceId, value) as DetailRow | undefined
    if (input.pk !== undefined) return one('p.ws = (SELECT ws FROM workspaces WHERE id = ?) AND p.pk = ?', input.pk)
    const ident = (input.ident ?? '').trim()
    if (ident === '') return undefined
    const byCioId = ident.startsWith('cio_') ? one('p.ws = (SELECT ws FROM workspaces WHERE id = ?) AND p.cio_id = ?', ident.slice(4)) : undefined
    // lower() on both sides matches the people_ws_email_ci index expression
    return byCioId ?? one('p.ws = (SELECT ws FROM workspaces WHERE id = ?) AND p.id = ?', ident) ?? one('p.ws = (SELECT ws FROM workspaces WHERE id = ?) AND lower(p.email) = lower(?)', ident)
  }

  private segments(workspaceId: string, cioId: string): PersonDetail['segments'] {
    return this.segmentsRepo.currentOf(workspaceId, cioId)
  }

  private messages(workspaceId: string, cioId: string): PersonDetail['messages'] {
    const rows = this.messagesRepo.ofPerson(workspaceId, cioId, MESSAGES_SHOWN)
    return rows.map((m) => ({ ...m, metrics: parseJson<Record<string, unknown>>(m.metrics, {}) }))
  }

  private activity(workspaceId: string, row: DetailRow): PersonDetail['activity'] {
    const who = { pk: row.pk, id: row.id, email: row.email, cioId: row.cioId }
    const quoted = (v: string | null) => (v === null ? null : JSON.stringify(v))
    // emails are compared ignoring case (the person may have been pushed as typed in a CSV)
    const needles = [quoted(personEntityKey(row.pk)), quoted(row.id), quoted(row.cioId), quoted(row.email?.toLowerCase() ?? null)]
    const candidates = this.statements
      .get(
        // the newest 1000 pushes only (the panel shows recent activity; an entry's per-row results
        // can be large), and only those whose results text names the person at all
        `SELECT at, action, fileName, counts, results FROM (
           SELECT at, id, action, file_name AS fileName, counts, results FROM audit_log
            WHERE workspace_id = ? ORDER BY at DESC, id DESC LIMIT 1000)
          WHERE instr(results, ?) > 0 OR instr(results, ?) > 0 OR instr(results, ?) > 0 OR instr(lower(results), ?) > 0
          ORDER BY at DESC, id DESC`,
      )
      .all(workspaceId, ...needles) as AuditEntryRow[]
    return auditMentions(candidates, who).slice(0, ACTIVITY_SHOWN)
  }
}

/** people.devices as the App API lists them → the contract's shape; last_used in ms. */
export function toDevices(value: unknown): PersonDetail['devices'] {
  if (!Array.isArray(value)) return []
  return value.filter(isPlainObject).flatMap((d) => {
    const id = d.id ?? d.token
    if (typeof id !== 'string' && typeof id !== 'number') return []
    const lastUsed = typeof d.last_used === 'number' ? d.last_used : null
    return [
      {
        id: String(id),
        platform: typeof d.platform === 'string' ? d.platform : 'unknown',
        // Customer.io reports seconds; the app shows ms everywhere (values ≥ 1e11 are ms already)
        lastUsed: lastUsed === null ? null : lastUsed < 1e11 ? lastUsed * 1000 : lastUsed,
        attributes: isPlainObject(d.attributes) ? d.attributes : {},
      },
    ]
  })
}
