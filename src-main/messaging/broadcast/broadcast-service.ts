// API-triggered broadcasts (docs/customerio-api.md §4.2) through the SDK's triggerBroadcast, which posts
// POST /v1/campaigns/:id/triggers — the real endpoint; the seed collection's POST /v1/send/broadcast
// does not exist on Customer.io (§6), so the app never calls it.
//
// Customer.io allows one trigger per 10 s. The rate governor alone would only make a second click
// wait silently (and a new CLI process starts with a fresh governor), so the last attempt is read
// from the audit log, which every process shares, and a trigger within 10 s is answered with
// `status: 'wait'` and the seconds left, for the UI's countdown. A trigger is not idempotent: a 5xx
// or a timeout is `status: 'unknown'` (check broadcastStatus), never a silent second trigger.

import { statSync } from 'node:fs'
import { basename } from 'node:path'
import { MayHaveAppliedError } from '../../cio/errors'
import { readRows } from '../../csv/read-rows'
import { sniffFile } from '../../csv/sniff'
import { strayBytesProblem } from '../../csv/stray-bytes-check'
import type { RawRow } from '../../csv/types'
import { Uploads } from '../../csv/uploads'
import type { BroadcastAudience, BroadcastResult, PerUserPreview } from '../../contract/messaging'
import { AppError } from '../../contract/result'
import type { MessagingAccess } from '../access'
import { checkEntries, dataProblems, entriesFromTable, payloadBytes, PER_USER_LIMITS, triggerBody, type PerUserEntry } from './per-user-data'
import { secondsToMs } from '../../base/unix-time'

export const TRIGGER_INTERVAL_MS = 10_000
const AUDIT_ACTION = 'broadcast.trigger'
const SAMPLE_ROWS = 20

type Audience = Exclude<BroadcastAudience, undefined> & { kind: string }

export interface TriggerInput {
  broadcastId: number
  data: Record<string, unknown>
  audience: Audience
  ignoreMissing: boolean
  confirm?: string
}

interface Prepared {
  recipients: Record<string, unknown> | undefined
  preview: PerUserPreview | null
}

export class BroadcastService {
  /** attempts of this process, ahead of their audit entry (written when the answer is in) */
  private readonly lastAttempt = new Map<string, number>()
  private readonly uploads: Uploads

  constructor(private readonly access: MessagingAccess, home: string) {
    this.uploads = new Uploads(home)
  }

  /** Seconds (rounded up, 0 = now) until this workspace may trigger again. */
  waitSeconds(workspaceId: string): number {
    const last = Math.max(this.lastAttempt.get(workspaceId) ?? 0, this.access.lastAudit(workspaceId, AUDIT_ACTION) ?? 0)
    return Math.max(0, Math.ceil((last + TRIGGER_INTERVAL_MS - this.access.now()) / 1000))
  }

  /** Validates the audience and data as the trigger would send them; sends nothing. */
  async preview(input: TriggerInput, workspaceId?: string): Promise<PerUserPreview> {
    const prepared = await this.prepare(input, workspaceId)
    return prepared.preview ?? { recipients: 0, invalid: 0, errors: [], payloadBytes: payloadBytes(triggerBody(input.data, undefined)), sample: [], inMirror: null }
  }

  async trigger(workspaceId: string, input: TriggerInput): Promise<BroadcastResult> {
    this.access.confirmProduction(workspaceId, input.confirm, `trigger broadcast ${input.broadcastId}`)
    const wait = this.waitSeconds(workspaceId)
    if (wait > 0) return { status: 'wait', waitSeconds: wait, message: `Customer.io allows one broadcast trigger per 10 seconds; try again in ${wait} s` }
    const dataIssues = dataProblems(input.data)
    if (dataIssues.length) throw new AppError('VALIDATION', dataIssues.join('; '))
    const { recipients, preview } = await this.prepare(input, workspaceId)
    if (preview && (preview.invalid > 0 || preview.errors.length > 0)) {
      const first = preview.errors.slice(0, 3).map((e) => (e.row ? `row ${e.row}: ${e.message}` : e.message)).join('; ')
      throw new AppError('VALIDATION', `the recipients have ${preview.invalid || preview.errors.length} problem(s), nothing was triggered: ${first}`)
    }
    const cio = await this.access.clients(workspaceId)
    const audit = { broadcastId: input.broadcastId, audience: input.audience.kind, segmentId: input.audience.kind === 'segment' ? input.audience.segmentId : null, recipients: preview?.recipients ?? null, dataKeys: Object.keys(input.data) }
    this.lastAttempt.set(workspaceId, this.access.now())
    try {
      const what = `trigger broadcast ${input.broadcastId}`
      const answer = await cio.request('broadcast', () => cio.app.triggerBroadcast(input.broadcastId, input.data, recipients as never), { idempotent: false, what })
      const triggerId = Number(answer.id)
      if (!Number.isInteger(triggerId)) throw new AppError('REMOTE', 'Customer.io accepted the trigger but answered without a trigger id')
      const auditId = this.access.audit(workspaceId, AUDIT_ACTION, { triggered: 1, recipients: preview?.recipients ?? 0 }, { ...audit, status: 'triggered', triggerId })
      return { status: 'triggered', triggerId, triggeredAt: this.access.now(), waitSeconds: this.waitSeconds(workspaceId), auditId, preview }
    } catch (err) {
      if (err instanceof MayHaveAppliedError) {
        const message = err.message.replace('The request may have been applied', 'The broadcast may have been triggered')
        const auditId = this.access.audit(workspaceId, AUDIT_ACTION, { unknown: 1 }, { ...audit, status: 'unknown', error: message })
        return { status: 'unknown', message, waitSeconds: this.waitSeconds(workspaceId), auditId }
      }
      this.access.audit(workspaceId, AUDIT_ACTION, { failed: 1 }, { ...audit, status: 'failed', error: err instanceof Error ? err.message : String(err) })
      throw err
    }
  }

  /** The trigger's state and its errors (GET …/triggers/:id and …/triggers/:id/errors). */
  async status(workspaceId: string, broadcastId: number, triggerId: number) {
    const cio = await this.access.clients(workspaceId)
    const what = `read trigger ${triggerId} of broadcast ${broadcastId}`
    const body = await cio.request('app', () => cio.app.getBroadcastTriggerStatus(broadcastId, triggerId), { idempotent: true, what })
    const t = (body.trigger ?? body) as { created_at?: number; processed?: boolean; processed_at?: number | null }
    const errorsBody = await cio.request('app', () => cio.app.getBroadcastTriggerErrors(broadcastId, triggerId, { limit: 100 }), { idempotent: true, what: `read the errors of ${what.slice(5)}` })
    const processedAt = secondsToMs(t.processed_at)
    return {
      broadcastId,
      triggerId,
      createdAt: secondsToMs(t.created_at),
      processed: typeof t.processed === 'boolean' ? t.processed : processedAt !== null,
      processedAt,
      errors: ((errorsBody.errors ?? []) as unknown[]).map((e) => (e && typeof e === 'object' ? (e as Record<string, unknown>) : { detail: String(e) })),
    }
  }

  /** The SDK's `recipients` argument and, for per-user data, the checked rows. */
  private async prepare(input: TriggerInput, workspaceId?: string): Promise<Prepared> {
    const a = input.audience
    if (a.kind === 'default') return { recipients: undefined, preview: null }
    if (a.kind === 'segment') return { recipients: { segment: { id: a.segmentId } }, preview: null }
    let rows: PerUserEntry[]
    let fileErrors: string[] = []
    if (a.kind === 'rows') rows = a.rows.map((r) => ({ ...r, data: r.data ?? {} }))
    else ({ entries: rows, fileErrors } = await this.readCsv(a.source, a.identifier))
    const checked = checkEntries(rows)
    const ignore = input.ignoreMissing ? { id_ignore_missing: true, email_ignore_missing: true } : {}
    const recipients = { per_user_data: checked.entries, ...ignore }
    const bytes = payloadBytes(triggerBody(input.data, recipients))
    const errors = [...fileErrors.map((message) => ({ row: 0, column: null, message })), ...checked.errors]
    if (bytes > PER_USER_LIMITS.maxPayloadBytes) errors.push({ row: 0, column: null, message: `the trigger would be ${bytes} bytes; Customer.io takes at most 25 MB` })
    const inMirror = workspaceId === undefined ? null : this.countInMirror(workspaceId, checked.entries)
    return { recipients, preview: { recipients: checked.entries.length, invalid: checked.invalid, errors: errors.slice(0, 1000), payloadBytes: bytes, sample: checked.entries.slice(0, SAMPLE_ROWS), inMirror } }
  }

  /** How many rows name a person the mirror knows (by id, or by email without case), for "about N people". */
  private countInMirror(workspaceId: string, entries: PerUserEntry[]): number {
    const byId = this.access.sqlite.prepare('SELECT 1 FROM people WHERE ws = (SELECT ws FROM workspaces WHERE id = ?) AND id = ? AND deleted_at IS NULL LIMIT 1').pluck()
    const byEmail = this.access.sqlite.prepare('SELECT 1 FROM people WHERE ws = (SELECT ws FROM workspaces WHERE id = ?) AND lower(email) = lower(?) AND deleted_at IS NULL LIMIT 1').pluck()
    let found = 0
    for (const e of entries) if ((e.id !== undefined ? byId.get(workspaceId, e.id) : e.email !== undefined ? byEmail.get(workspaceId, e.email) : undefined) !== undefined) found++
    return found
  }

  /**
   * A per-user-data CSV, read by the import's own sniffer and row reader: the same encodings
   * (UTF-8/16, Windows-1252), delimiters, binary-file refusals and row numbers as an import.
   */
  private async readCsv(source: { uploadId: string } | { path: string }, identifier?: 'id' | 'email'): Promise<{ entries: PerUserEntry[]; fileErrors: string[] }> {
    const path = 'path' in source ? source.path : this.uploads.fileOf(source.uploadId)
    // an upload keeps the user's file name as its own
    const name = basename(path)
    let size: number
    try {
      size = statSync(path).size
    } catch {
      throw new AppError('NOT_FOUND', `cannot read ${name}`)
    }
    if (size > PER_USER_LIMITS.maxPayloadBytes) throw new AppError('VALIDATION', `${name} is ${size} bytes; a trigger takes at most 25 MB`)
    const sniff = await sniffFile(path, name)
    if (sniff.fileErrors.length > 0) return { entries: [], fileErrors: sniff.fileErrors.map((e) => `${name}: ${e}`) }
    const rows: RawRow[] = []
    // a row with bytes that are not UTF-8 is refused, never sent with them (issue 14)
    for await (const batch of readRows(path, sniff)) for (const raw of batch) rows.push(raw.strayBytes ? { ...raw, problem: strayBytesProblem(raw, sniff.header) ?? undefined } : raw)
    // A header without rows would trigger the broadcast to nobody: say so rather than send it.
    if (rows.length === 0) return { entries: [], fileErrors: [`${name}: the file has a header but no data rows`] }
    const table = entriesFromTable(sniff.header, rows, identifier)
    return { entries: table.entries, fileErrors: table.fileErrors.map((e) => `${name}: ${e}`) }
  }
}
