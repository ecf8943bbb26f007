import { z } from 'zod'
import { channel } from './channel'

// The Audit log screen (issue 15): every entry of the append-only audit_log (imports, pushes of
// edits, transactional sends, broadcast triggers, person actions), newest first, filtered by kind,
// workspace and person, paged; and the same selection as a CSV for a spreadsheet (formula cells
// neutralised). Entries never hold keys; message data values are not recorded (only their keys).

export const auditFilter = z
  .object({
    /** one workspace; omitted = every workspace of this machine */
    workspaceId: z.string().min(1).optional(),
    /** one action (`import`, `push`, `send.email`, `broadcast.trigger`, …); omitted = all */
    action: z.string().min(1).max(60).optional(),
    /** a person: their id, email or cio_id (as the mirror knows them), matched in each entry's results */
    person: z.string().trim().min(1).max(254).optional(),
  })
  .strict()
export type AuditFilter = z.input<typeof auditFilter>

export const auditEntryView = z.object({
  id: z.number().int(),
  workspaceId: z.string(),
  /** null when the workspace was renamed away or is unknown to this machine */
  workspaceName: z.string().nullable(),
  at: z.number(),
  actor: z.string(),
  action: z.string(),
  /** the action in words ("Transactional email", "Import", …) */
  label: z.string(),
  /** what happened, in words: "email “welcome” to ann@example.com: queued" */
  summary: z.string(),
  /** queued, triggered, failed, unknown, done… when the entry says */
  outcome: z.string().nullable(),
  fileName: z.string().nullable(),
  jobId: z.string().nullable(),
  counts: z.record(z.string(), z.number()),
  /** the entry's own details as recorded (JSON text, pretty-printed on demand) */
  details: z.string(),
})
export type AuditEntryView = z.infer<typeof auditEntryView>

export const auditContract = {
  channels: {
    /** entries newest first, `limit` from `offset`; `actions` lists the kinds present (for the filter) */
    list: channel(
      'audit',
      'list',
      auditFilter
        .extend({ offset: z.number().int().min(0).default(0), limit: z.number().int().min(1).max(500).default(100) })
        .strict()
        .default({ offset: 0, limit: 100 }),
      z.object({ total: z.number().int(), offset: z.number().int(), rows: z.array(auditEntryView), actions: z.array(z.object({ action: z.string(), label: z.string() })) }),
    ),
    /** the filtered entries as CSV (newest first, at most 100,000; `truncated` says when more matched) */
    export: channel(
      'audit',
      'export',
      auditFilter.default({}),
      z.object({ fileName: z.string(), csv: z.string(), rows: z.number().int(), truncated: z.boolean() }),
    ),
  },
  events: {},
} as const
