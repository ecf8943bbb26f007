// Reads of the append-only audit log for the Audit log screen: a page of entries newest first, and
// the same selection as CSV. Filters: one workspace (or all), one action, one person. The person
// filter resolves what was typed through the mirror (an id, an email or a cio_id) so an entry that
// names the person any way (a send records cio_id, a device `cio_<id>`, an import the email, a push
// `person:<pk>`) is found, and matches on the quoted JSON value so "ann" does not find "joanna".

import type Database from 'better-sqlite3'
import { personEntityKey } from '../base/entity-key'
import type { AuditEntryView, AuditFilter } from '../contract/audit'
import { toCsv } from '../csv/csv-out'
import { CampaignsRepo } from '../db/campaigns-repo'
import { isPlainObject, parseJson } from '../db/sql-cache'
import { actionLabel, summarizeEntry } from './audit-summary'

interface EntryRow {
  id: number
  workspaceId: string
  workspaceName: string | null
  at: number
  actor: string
  action: string
  fileName: string | null
  jobId: string | null
  counts: string | null
  results: string | null
}

/** A CSV of more rows than this is cut (and says so): a spreadsheet is not the tool past it. */
export const EXPORT_MAX_ROWS = 100_000
/** An import's details hold up to 1,000 rejected rows: the screen shows the start, the CSV all of it. */
const LIST_DETAILS_CHARS = 8_000

export class AuditService {
  private readonly campaigns: CampaignsRepo

  constructor(private readonly sqlite: Database.Database) {
    this.campaigns = new CampaignsRepo(sqlite)
  }

  list(filter: AuditFilter & { offset: number; limit: number }): { total: number; offset: number; rows: AuditEntryView[]; actions: { action: string; label: string }[] } {
    const { where, params } = this.where(filter)
    const total = this.sqlite.prepare(`SELECT count(*) FROM audit_log a ${where}`).pluck().get(...params) as number
    const rows = this.select(where, params, filter.limit, filter.offset)
    const names = this.templateNames()
    const actions = this.sqlite
      .prepare(`SELECT DISTINCT action FROM audit_log ${filter.workspaceId ? 'WHERE workspace_id = ?' : ''} ORDER BY action`)
      .pluck()
      .all(...(filter.workspaceId ? [filter.workspaceId] : [])) as string[]
    return { total, offset: filter.offset, rows: rows.map((r) => toView(r, LIST_DETAILS_CHARS, names)), actions: actions.map((action) => ({ action, label: actionLabel(action) })) }
  }

  export(filter: AuditFilter, now = Date.now()): { fileName: string; csv: string; rows: number; truncated: boolean } {
    const { where, params } = this.where(filter)
    const rows = this.select(where, params, EXPORT_MAX_ROWS + 1, 0)
    const truncated = rows.length > EXPORT_MAX_ROWS
    const names = this.templateNames()
    const views = rows.slice(0, EXPORT_MAX_ROWS).map((r) => toView(r, Infinity, names))
    const header = ['id', 'time (UTC)', 'workspace', 'actor', 'action', 'kind', 'summary', 'outcome', 'file', 'job', 'counts', 'details']
    const lines = views.map((v) => [
      String(v.id),
      new Date(v.at).toISOString(),
      v.workspaceName ?? v.workspaceId,
      v.actor,
      v.action,
      v.label,
      v.summary,
      v.outcome ?? '',
      v.fileName ?? '',
      v.jobId ?? '',
      JSON.stringify(v.counts),
      v.details,
    ])
    const stamp = new Date(now).toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-')
    return { fileName: `audit-log-${stamp}.csv`, csv: toCsv(header, lines), rows: views.length, truncated }
  }

  /** Transactional message names by `<workspace>:<id>`, from the mirror's cached list. */
  private templateNames(): Map<string, string> {
    return this.campaigns.transactionalNamesEverywhere()
  }

  private select(where: string, params: unknown[], limit: number, offset: number): EntryRow[] {
    return this.sqlite
      .prepare(
        `SELECT a.id, a.workspace_id AS workspaceId, w.name AS workspaceName, a.at, a.actor, a.action, a.file_name AS fileName, a.job_id AS jobId, a.counts, a.results
         FROM audit_log a LEFT JOIN workspaces w ON w.id = a.workspace_id ${where} ORDER BY a.at DESC, a.id DESC LIMIT ? OFFSET ?`,
      )
      .all(...params, limit, offset) as EntryRow[]
  }

  private where(filter: AuditFilter): { where: string; params: unknown[] } {
    const clauses: string[] = []
    const params: unknown[] = []
    if (filter.workspaceId) {
      clauses.push('a.workspace_id = ?')
      params.push(filter.workspaceId)
    }
    if (filter.action) {
      clauses.push('a.action = ?')
      params.push(filter.action)
    }
    if (filter.person) {
      const needles = this.personNeedles(filter.person, filter.workspaceId)
      clauses.push(`(${needles.map(() => 'instr(lower(a.results), ?) > 0').join(' OR ')})`)
      params.push(...needles)
    }
    return { where: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params }
  }

  /** The quoted, lower-cased JSON strings that name the person in an entry's results. */
  private personNeedles(typed: string, workspaceId: string | undefined): string[] {
    const text = typed.trim()
    const bare = text.replace(/^cio_/, '')
    const people = this.sqlite
      .prepare(
        `SELECT pk, id, email, cio_id AS cioId FROM people
         WHERE (id = ? OR lower(email) = lower(?) OR cio_id = ?) ${workspaceId ? 'AND ws = (SELECT ws FROM workspaces WHERE id = ?)' : ''} LIMIT 20`,
      )
      .all(text, text, bare, ...(workspaceId ? [workspaceId] : [])) as { pk: number; id: string | null; email: string | null; cioId: string | null }[]
    const values = new Set<string>([text])
    for (const p of people) {
      for (const v of [p.id, p.email, p.cioId, p.cioId ? `cio_${p.cioId}` : null, personEntityKey(p.pk)]) if (v) values.add(v)
    }
    return [...values].map((v) => JSON.stringify(v.toLowerCase()))
  }
}

function toView(r: EntryRow, maxDetails: number, templateNames: Map<string, string>): AuditEntryView {
  const counts = parseJson<Record<string, number>>(r.counts, {})
  const results = parseJson<unknown>(r.results, null)
  const message = isPlainObject(results) ? results.message : undefined
  const templateName = r.action.startsWith('send.') && (typeof message === 'number' || (typeof message === 'string' && /^\d+$/.test(message))) ? (templateNames.get(`${r.workspaceId}:${message}`) ?? null) : null
  const { summary, outcome } = summarizeEntry({ action: r.action, fileName: r.fileName, counts, results, templateName })
  const details = JSON.stringify(results ?? {}, null, 2)
  return {
    id: r.id,
    workspaceId: r.workspaceId,
    workspaceName: r.workspaceName,
    at: r.at,
    actor: r.actor,
    action: r.action,
    label: actionLabel(r.action),
    summary,
    outcome,
    fileName: r.fileName,
    jobId: r.jobId,
    counts,
    details: details.length > maxDetails ? `${details.slice(0, maxDetails)}\n… (cut here; Export CSV has the whole entry)` : details,
  }
}
