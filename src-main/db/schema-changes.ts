import { sql } from 'drizzle-orm'
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'
import type { FieldChanges } from './json-types'
import { workspaces } from './schema-workspaces'

// What goes out to Customer.io and the record of it: the outbox of offline edits, the conflicts
// found by the three-way merge, CSV import jobs with their per-row results and batches, and the
// append-only audit log of every push.

const workspaceId = () =>
  text('workspace_id')
    .notNull()
    .references(() => workspaces.id, { onDelete: 'cascade' })

/** Free text in SQL (the list grows: objects, suppress, …); typed here for the common ones. */
export type OutboxOp =
  | 'identify'
  | 'delete'
  | 'suppress'
  | 'event'
  | 'device'
  | 'segment_add'
  | 'segment_remove'
  | 'relationship'
  | 'collection'
  | (string & {})

export const OUTBOX_STATES = ['pending', 'sending', 'sent', 'failed', 'may_have_applied', 'conflict'] as const
export type OutboxState = (typeof OUTBOX_STATES)[number]

/**
 * Offline edits waiting to be pushed, in id order. `entity_key` names what the edit is about
 * (e.g. `person:<pk>`, `segment:<id>`, `collection:<id>`) so a person's pending changes are one
 * index lookup. `base` is the value the edit was made against, for the three-way merge.
 */
export const outbox = sqliteTable(
  'outbox',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    workspaceId: workspaceId(),
    op: text('op').$type<OutboxOp>().notNull(),
    entityKey: text('entity_key').notNull(),
    payload: text('payload', { mode: 'json' }).$type<unknown>().notNull(),
    base: text('base', { mode: 'json' }).$type<unknown>(),
    state: text('state', { enum: OUTBOX_STATES }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    /** the push batch it went out in (`<jobId>:<seq>`), to resolve 'sending' after a crash */
    batchId: text('batch_id'),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [
    index('outbox_ws_state_id').on(t.workspaceId, t.state, t.id),
    index('outbox_ws_entity').on(t.workspaceId, t.entityKey),
    index('outbox_batch').on(t.batchId),
  ],
)
export type OutboxEntry = typeof outbox.$inferSelect
export type NewOutboxEntry = typeof outbox.$inferInsert

export const conflicts = sqliteTable(
  'conflicts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    workspaceId: workspaceId(),
    entityKey: text('entity_key').notNull(),
    field: text('field').notNull(),
    /** SQL NULL = the attribute was not set on that side (or null, which Customer.io treats alike) */
    base: text('base', { mode: 'json' }).$type<unknown>(),
    local: text('local', { mode: 'json' }).$type<unknown>(),
    remote: text('remote', { mode: 'json' }).$type<unknown>(),
    /** the outbox entry held back by this conflict; resolving re-queues or drops it */
    outboxId: integer('outbox_id').references(() => outbox.id, { onDelete: 'set null' }),
    state: text('state', { enum: ['open', 'resolved'] }).notNull().default('open'),
    resolution: text('resolution', { enum: ['mine', 'theirs', 'edited'] }),
    createdAt: integer('created_at').notNull(),
    resolvedAt: integer('resolved_at'),
  },
  (t) => [
    // a second pull that sees the same disagreement updates the open conflict, never duplicates it
    uniqueIndex('conflicts_one_open_per_field')
      .on(t.workspaceId, t.entityKey, t.field)
      .where(sql`${t.state} = 'open'`),
    index('conflicts_ws_state').on(t.workspaceId, t.state),
  ],
)
export type Conflict = typeof conflicts.$inferSelect
export type NewConflict = typeof conflicts.$inferInsert

/** A CSV import: the file's identity, the mapping and options used, and a resumable checkpoint. */
export const importJobs = sqliteTable(
  'import_jobs',
  {
    /** the same id as its row in jobs */
    id: text('id').primaryKey(),
    workspaceId: workspaceId(),
    kind: text('kind', {
      enum: ['people', 'events', 'segment-members', 'collection', 'devices', 'relationships', 'undo'],
    }).notNull(),
    fileName: text('file_name').notNull(),
    /** sha256 of the file bytes: a resume refuses a file that changed */
    fileHash: text('file_hash').notNull(),
    fileBytes: integer('file_bytes').notNull(),
    mapping: text('mapping', { mode: 'json' }).$type<unknown>().notNull(),
    options: text('options', { mode: 'json' }).$type<unknown>().notNull(),
    state: text('state').notNull(),
    checkpoint: text('checkpoint', { mode: 'json' }).$type<unknown>(),
    counts: text('counts', { mode: 'json' }).$type<Record<string, number>>().notNull().default({}),
    createdAt: integer('created_at').notNull(),
    finishedAt: integer('finished_at'),
    /**
     * A compact number for the import (assigned on insert by a trigger, max + 1, migration 0009):
     * its row results are keyed by it rather than by the 36-character id, which a million-row plan
     * would otherwise repeat in every row and index entry.
     */
    num: integer('num'),
  },
  (t) => [index('import_jobs_ws_created').on(t.workspaceId, t.createdAt), uniqueIndex('import_jobs_num').on(t.num)],
)
export type ImportJob = typeof importJobs.$inferSelect
export type NewImportJob = typeof importJobs.$inferInsert

const importJobId = () =>
  text('job_id')
    .notNull()
    .references(() => importJobs.id, { onDelete: 'cascade' })

/**
 * One row per data row of the file (1-based, header excluded, as the dry-run JSON counts):
 * the plan bucket, the push outcome, and the field changes old → new that undo re-applies.
 */
export const importRowResults = sqliteTable(
  'import_row_results',
  {
    /** the import's `num` */
    job: integer('job')
      .notNull()
      .references(() => importJobs.num, { onDelete: 'cascade' }),
    row: integer('row').notNull(),
    entityKey: text('entity_key'),
    /** create | update | unchanged | clear | invalid | duplicate */
    bucket: text('bucket').notNull(),
    /** after the push: accepted | rejected | skipped; null until sent */
    outcome: text('outcome'),
    changes: text('changes', { mode: 'json' }).$type<FieldChanges>(),
    message: text('message'),
  },
  // The bucket index leaves out unchanged rows (most of an update file's): they cost a plan an index
  // entry each for nothing, since a filter on that bucket reads the rows in order anyway. A query
  // on other buckets says `bucket != 'unchanged'` so SQLite may use it (row-results-repo.ts).
  (t) => [primaryKey({ columns: [t.job, t.row] }), index('import_row_results_job_bucket').on(t.job, t.bucket).where(sql`${t.bucket} != 'unchanged'`)],
)
export type ImportRowResult = typeof importRowResults.$inferSelect
export type NewImportRowResult = typeof importRowResults.$inferInsert

/** Row-level errors and warnings: each names row, column and value, as the report shows them. */
export const importErrors = sqliteTable(
  'import_errors',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    jobId: importJobId(),
    row: integer('row').notNull(),
    column: text('column'),
    value: text('value'),
    message: text('message').notNull(),
    /** invalid (blocks the row) | warning | rejected (refused by Customer.io) */
    bucket: text('bucket').notNull(),
  },
  (t) => [index('import_errors_job_row').on(t.jobId, t.row)],
)
export type ImportError = typeof importErrors.$inferSelect
export type NewImportError = typeof importErrors.$inferInsert

export const IMPORT_BATCH_STATES = ['recorded', 'sent', 'acknowledged', 'may_have_applied'] as const

/**
 * Exactly-once bookkeeping: a batch is written as 'recorded' (with the rows it carries) before
 * the request, 'sent' just before it, and 'acknowledged' after; a crash in between leaves a state
 * that says whether the batch must be resent, checked, or skipped.
 */
export const importBatches = sqliteTable(
  'import_batches',
  {
    jobId: importJobId(),
    seq: integer('seq').notNull(),
    state: text('state', { enum: IMPORT_BATCH_STATES }).notNull(),
    /** the data rows it carries, inclusive, so a resume knows where to restart */
    firstRow: integer('first_row').notNull(),
    lastRow: integer('last_row').notNull(),
    bytes: integer('bytes').notNull(),
    ops: integer('ops').notNull(),
    attempts: integer('attempts').notNull().default(0),
    response: text('response', { mode: 'json' }).$type<unknown>(),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.jobId, t.seq] })],
)
export type ImportBatch = typeof importBatches.$inferSelect
export type NewImportBatch = typeof importBatches.$inferInsert

/**
 * Every push: who, when, file, mapping, counts, per-row results. Append-only (triggers in
 * migration 0002 refuse UPDATE, and DELETE except by the cascade of removing the workspace).
 */
export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    workspaceId: workspaceId(),
    at: integer('at').notNull(),
    /** the OS user (and 'cli' / 'schedule' when not a person at the UI) */
    actor: text('actor').notNull(),
    action: text('action').notNull(),
    jobId: text('job_id'),
    fileName: text('file_name'),
    fileHash: text('file_hash'),
    mapping: text('mapping', { mode: 'json' }).$type<unknown>(),
    counts: text('counts', { mode: 'json' }).$type<Record<string, number>>(),
    results: text('results', { mode: 'json' }).$type<unknown>(),
  },
  (t) => [index('audit_log_ws_at').on(t.workspaceId, t.at)],
)
export type AuditEntry = typeof auditLog.$inferSelect
export type NewAuditEntry = typeof auditLog.$inferInsert
