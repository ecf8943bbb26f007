import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { AuditService } from '../../../src-main/audit/audit-service'
import { summarizeEntry } from '../../../src-main/audit/audit-summary'
import { auditContract } from '../../../src-main/contract/audit'
import { addPerson, tempMirror, type TempMirror } from '../mirror/mirror-fixtures'

// The Audit log's reads over a real mirror file: newest first, filters by workspace, action and
// person (found however an entry names them), paging, and the CSV with formula cells neutralised.
let t: TempMirror
let svc: AuditService

function audit(ws: string, at: number, action: string, counts: Record<string, number>, results: unknown, fileName: string | null = null): void {
  t.sqlite
    .prepare('INSERT INTO audit_log (workspace_id, at, actor, action, job_id, file_name, file_hash, mapping, counts, results) VALUES (?, ?, ?, ?, NULL, ?, NULL, NULL, ?, ?)')
    .run(ws, at, 'ops', action, fileName, JSON.stringify(counts), JSON.stringify(results))
}

const list = (filter: Record<string, unknown> = {}) => svc.list(auditContract.channels.list.input.parse(filter))

beforeEach(() => {
  t = tempMirror(['w1', 'w2'])
  svc = new AuditService(t.sqlite)
  const ann = addPerson(t.sqlite, 'w1', { cioId: 'c-ann', id: 'ann-1', email: 'Ann@Example.com' })
  addPerson(t.sqlite, 'w1', { cioId: 'c-joanna', id: 'joanna', email: 'joanna@example.com' })
  t.sqlite.prepare("INSERT INTO campaigns (ws, type, id, name) VALUES ((SELECT ws FROM workspaces WHERE id = 'w1'), 'transactional', 1, 'welcome')").run()
  audit('w1', 1000, 'send.email', { sent: 1 }, { channel: 'email', message: 1, identifiers: { cio_id: 'c-ann' }, recipient: { id: 'ann-1', email: 'Ann@Example.com' }, status: 'queued', deliveryId: 'd1', dataKeys: ['name'] })
  audit('w1', 2000, 'device.add', { devices: 1 }, { person: 'cio_c-ann', platform: 'ios', token: '…abcd' })
  audit('w1', 3000, 'push', { selected: 2, sent: 1, conflicts: 1, failed: 0 }, { entries: [{ entityKey: `person:${ann}`, state: 'sent' }] })
  audit('w1', 4000, 'send.sms', { failed: 1 }, { channel: 'sms', message: 'otp', identifiers: { cio_id: 'c-joanna' }, status: 'failed', error: 'no phone' })
  audit('w2', 5000, 'import', { sent: 3, accepted: 2, rejected: 1 }, { outcomes: {} }, '=HYPERLINK("x").csv')
})
afterEach(() => t.cleanup())

describe('AuditService.list', () => {
  it('lists every workspace newest first, with names, labels and summaries', () => {
    const page = list()
    expect(page.total).toBe(5)
    expect(page.rows.map((r) => r.action)).toEqual(['import', 'send.sms', 'push', 'device.add', 'send.email'])
    expect(page.rows[0]).toMatchObject({ workspaceName: 'w2', label: 'Import', outcome: 'rejected rows' })
    expect(page.rows[4].summary).toBe('email “welcome” (1) to Ann@Example.com · delivery d1')
    expect(page.rows[1]).toMatchObject({ summary: 'SMS “otp” to cio_id c-joanna · no phone', outcome: 'failed' })
    expect(page.actions.map((a) => a.label)).toContain('Transactional email')
  })

  it('filters by workspace and action, and pages', () => {
    expect(list({ workspaceId: 'w2' }).rows.map((r) => r.action)).toEqual(['import'])
    expect(list({ workspaceId: 'w2' }).actions).toEqual([{ action: 'import', label: 'Import' }])
    expect(list({ action: 'send.sms' }).total).toBe(1)
    const second = list({ offset: 2, limit: 2 })
    expect(second).toMatchObject({ total: 5, offset: 2 })
    expect(second.rows.map((r) => r.action)).toEqual(['push', 'device.add'])
  })

  it('finds a person however an entry names them, and not someone whose id merely contains the text', () => {
    // by email (any case): the send (cio_id), the device (cio_<id>) and the push (person:<pk>)
    expect(list({ person: 'ann@example.com' }).rows.map((r) => r.action)).toEqual(['push', 'device.add', 'send.email'])
    expect(list({ person: 'ann-1', workspaceId: 'w1' }).total).toBe(3)
    expect(list({ person: 'cio_c-joanna' }).rows.map((r) => r.action)).toEqual(['send.sms'])
    expect(list({ person: 'ann' }).total).toBe(0)
  })
})

describe('AuditService.export', () => {
  it('writes the filtered entries as CSV with formula cells neutralised', () => {
    const out = svc.export({ workspaceId: 'w2' }, Date.UTC(2026, 0, 2, 3, 4, 5))
    expect(out).toMatchObject({ fileName: 'audit-log-20260102-030405.csv', rows: 1, truncated: false })
    const lines = out.csv.trimEnd().split('\r\n')
    expect(lines[0]).toBe('id,time (UTC),workspace,actor,action,kind,summary,outcome,file,job,counts,details')
    expect(lines[1]).toContain(`,1970-01-01T00:00:05.000Z,w2,ops,import,Import,`)
    // the file name began with "=": a spreadsheet must read it as text
    expect(lines[1]).toContain(`"'=HYPERLINK(""x"").csv: sent 3, accepted 2, rejected 1"`)
    expect(lines[1]).toContain(`,"'=HYPERLINK(""x"").csv",`)
  })
})

describe('summarizeEntry', () => {
  it('says what a broadcast trigger, an event and an unknown action did', () => {
    expect(summarizeEntry({ action: 'broadcast.trigger', fileName: null, counts: { triggered: 1 }, results: { broadcastId: 1, audience: 'segment', segmentId: 4, status: 'triggered', triggerId: 9 } })).toEqual({
      summary: 'broadcast 1 to segment 4 · trigger 9',
      outcome: 'triggered',
    })
    expect(summarizeEntry({ action: 'broadcast.trigger', fileName: null, counts: {}, results: { broadcastId: 2, audience: 'csv', recipients: 1, status: 'unknown', error: 'timed out' } }).summary).toBe(
      'broadcast 2 to 1 recipient with per-user data · timed out',
    )
    expect(summarizeEntry({ action: 'event', fileName: null, counts: { events: 1 }, results: { person: 'cio_x', name: 'signup' } }).summary).toBe('event “signup” for cio_x')
    expect(summarizeEntry({ action: 'something.new', fileName: null, counts: { things: 2 }, results: null }).summary).toBe('things 2')
  })
})
