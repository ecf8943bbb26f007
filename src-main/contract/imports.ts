import { z } from 'zod'
import { channel } from './channel'

// CSV imports: upload (or a local path), inspect (sniff + suggested mapping), plan (a job: every
// row create / update / unchanged / invalid / duplicate, field by field), review, push (a job:
// size-packed v2 batches with checkpoints), report, fix and re-push rejected rows, undo.

/** The kinds of CSV import: the one list the engine, the CLI and (as a type) the Import screen use. */
export const IMPORT_KINDS = ['people', 'events', 'segment-members', 'collection', 'devices', 'relationships'] as const
export type ImportKind = (typeof IMPORT_KINDS)[number]
const kind = z.enum(IMPORT_KINDS)
const identifierType = z.enum(['id', 'email', 'cio_id'])
const valueType = z.enum(['string', 'number', 'boolean', 'timestamp', 'json'])
/** a file's text encoding: detected by the engine, or chosen by the user (issue 14) */
export const textEncoding = z.enum(['utf-8', 'windows-1252', 'utf-16le', 'utf-16be'])

export const importSource = z.union([
  z.object({ uploadId: z.string().regex(/^[a-zA-Z0-9_-]{8,64}$/) }).strict(),
  z.object({ path: z.string().min(1).max(4096) }).strict(),
])

export const columnMapping = z.object({
  column: z.string(),
  index: z.number().int().min(0),
  target: z.string().min(1).max(150).nullable(),
  type: valueType,
  blank: z.enum(['skip', 'clear']),
  /** how a date like 03/04/2024 reads, once inference has settled it */
  dateOrder: z.enum(['dmy', 'mdy']).optional(),
})

export const mapping = z.object({
  kind,
  identifier: z.object({ column: z.string(), type: identifierType }).nullable(),
  columns: z.array(columnMapping).max(1000),
})

export const importOptions = z
  .object({
    kind,
    identifierType: identifierType.optional(),
    blank: z.enum(['skip', 'clear']).optional(),
    segmentId: z.number().int().optional(),
    collectionName: z.string().min(1).max(150).optional(),
    duplicates: z.enum(['first', 'last']).optional(),
    map: z.record(z.string(), z.string()).optional(),
    /** people and events only: 'pipelines' sends through the Pipelines API (write key, strict mode) instead of Track v2 */
    via: z.enum(['track', 'pipelines']).optional(),
    /** read the file in this encoding instead of the detected one */
    encoding: textEncoding.optional(),
    /** import rows holding bytes that are not UTF-8, each such byte read as Windows-1252 (listed as warnings); otherwise those rows are invalid */
    acceptStrayBytes: z.boolean().optional(),
  })
  .strict()

const rowError = z.object({ row: z.number().int(), column: z.string().nullable(), value: z.string().nullable(), message: z.string() })

export const importSummary = z.object({
  id: z.string(),
  workspaceId: z.string(),
  kind: z.string(),
  fileName: z.string(),
  fileBytes: z.number().int(),
  state: z.string(),
  createdAt: z.number(),
  finishedAt: z.number().nullable(),
  mapping: mapping.nullable(),
  rows: z.number().int(),
  create: z.number().int(),
  update: z.number().int(),
  unchanged: z.number().int(),
  invalid: z.number().int(),
  duplicates: z.number().int(),
  /** people an undo plan deletes (those the import created): always shown and confirmed apart from updates */
  delete: z.number().int(),
  /** the first errors (row, column, value, message); the report has them all */
  errors: z.array(rowError),
  errorCount: z.number().int(),
  /** the first cells converted or flagged (control characters, �, formula-like, NULs removed), row and column; they never block a row */
  rowWarnings: z.array(rowError),
  rowWarningCount: z.number().int(),
  warnings: z.array(z.string()),
  /** how old the mirror was when planned, so the UI can offer a pull first */
  mirrorAgeMs: z.number().nullable(),
  /** manual segments people enter (segment-members kind) */
  segmentsEntered: z.array(z.object({ id: z.number().int(), name: z.string().nullable(), people: z.number().int() })),
  push: z
    .object({ sent: z.number().int(), accepted: z.number().int(), rejected: z.number().int(), requests: z.number().int(), bytes: z.number().int(), status: z.string() })
    .nullable(),
  /** set on an undo plan: the import it reverts */
  undoOf: z.string().nullable(),
  /** why a plan stopped before its end: its process was killed (state plan-interrupted) or it was cancelled (plan-cancelled) */
  interrupted: z.string().nullable(),
  /** a plan not pushed that a newer plan of the same file, or a pull since, has made stale: why (the review offers to discard it) */
  stale: z.string().nullable(),
  /** the encoding the file was read in, who chose it and why; stray bytes: bytes not UTF-8 in a UTF-8 file (their rows are invalid unless accepted) */
  encoding: z.object({ name: textEncoding, chosenBy: z.enum(['detected', 'user']), reason: z.string(), strayBytes: z.number().int() }).nullable().optional(),
  /** every conversion of cells the plan makes (text → number, trimming …), per column with an example before → after (the value sent, as JSON) */
  conversions: z
    .array(
      z.object({
        column: z.string(),
        attribute: z.string(),
        conversion: z.string(),
        cells: z.number().int(),
        changed: z.number().int(),
        example: z.object({ row: z.number().int(), before: z.string(), after: z.string() }).nullable(),
      }),
    )
    .optional(),
  /**
   * attributes the workspace does not have that the plan would give people (a mapping typo?):
   * people = rows setting it, existingPeople = those that are updates of people the workspace has,
   * onlyChange = updates that change nothing else, similar = existing names alike
   */
  newAttributes: z
    .array(z.object({ attribute: z.string(), column: z.string(), people: z.number().int(), existingPeople: z.number().int(), onlyChange: z.number().int(), similar: z.array(z.string()) }))
    .optional(),
})
export type ImportSummary = z.infer<typeof importSummary>

export const fieldChange = z.object({
  field: z.string(),
  from: z.union([z.string(), z.number(), z.boolean(), z.null()]).optional(),
  to: z.union([z.string(), z.number(), z.boolean(), z.null()]).optional(),
  kind: z.enum(['set', 'change', 'clear']),
})

export const planRow = z.object({
  row: z.number().int(),
  bucket: z.enum(['create', 'update', 'unchanged', 'invalid', 'duplicate', 'delete']),
  identifier: z.string().nullable(),
  changes: z.array(fieldChange),
  outcome: z.enum(['accepted', 'rejected', 'skipped']).nullable(),
  message: z.string().nullable(),
})
export type PlanRow = z.infer<typeof planRow>

const byId = z.object({ importId: z.string().min(1) }).strict()

export const importsContract = {
  channels: {
    upload: channel(
      'imports',
      'upload',
      z.object({
        uploadId: z.string().regex(/^[a-zA-Z0-9_-]{8,64}$/).optional(),
        fileName: z.string().min(1).max(255),
        /** base64, at most 4 MiB decoded per call; send the chunks in order */
        chunk: z.string().max(6 * 1024 * 1024),
        final: z.boolean(),
      }).strict(),
      z.object({ uploadId: z.string(), bytes: z.number().int() }),
    ),
    inspect: channel(
      'imports',
      'inspect',
      z.object({ source: importSource, kind, encoding: textEncoding.optional() }).strict(),
      z.object({
        fileName: z.string(),
        bytes: z.number().int(),
        encoding: z.string(),
        delimiter: z.string(),
        header: z.array(z.string()),
        sample: z.array(z.array(z.string())),
        fileErrors: z.array(z.string()),
        mapping,
        /** true when the mapping was remembered from a file with the same header */
        remembered: z.boolean(),
        /** why `encoding` was chosen, and whether the user chose it */
        encodingReason: z.string().optional(),
        encodingChosenBy: z.enum(['detected', 'user']).optional(),
        /** bytes of the file that are not UTF-8 while it is read as UTF-8 */
        strayBytes: z.number().int().optional(),
        /** the active workspace's attribute names, for the mapping step's suggestions */
        knownAttributes: z.array(z.string()).optional(),
      }),
    ),
    /** the file's data rows (blank lines not counted), read through once as a plan reads it; null when it is not readable as CSV */
    count: channel(
      'imports',
      'count',
      z.object({ source: importSource, encoding: textEncoding.optional() }).strict(),
      z.object({ rows: z.number().int().nullable() }),
    ),
    plan: channel(
      'imports',
      'plan',
      z.object({ workspaceId: z.string().min(1).optional(), source: importSource, options: importOptions, mapping: mapping.optional() }).strict(),
      z.object({ importId: z.string(), jobId: z.string() }),
    ),
    summary: channel('imports', 'summary', byId, importSummary),
    list: channel('imports', 'list', z.object({ workspaceId: z.string().min(1).optional(), limit: z.number().int().min(1).max(200).default(50) }).strict().default({ limit: 50 }), z.object({ imports: z.array(importSummary) })),
    rows: channel(
      'imports',
      'rows',
      z.object({
        importId: z.string().min(1),
        bucket: z.enum(['create', 'update', 'unchanged', 'invalid', 'duplicate', 'delete', 'rejected']).optional(),
        column: z.string().optional(),
        offset: z.number().int().min(0).default(0),
        limit: z.number().int().min(1).max(1000).default(200),
      }).strict(),
      z.object({ total: z.number().int(), offset: z.number().int(), rows: z.array(planRow) }),
    ),
    push: channel(
      'imports',
      'push',
      z.object({
        importId: z.string().min(1),
        /** production workspaces: the workspace name, typed by the user */
        confirm: z.string().optional(),
        /** re-push only these rows (fixed rejected rows) */
        rows: z.array(z.number().int()).max(100_000).optional(),
        /** a plan that deletes people: their number, as shown to and confirmed by the user; without it the push is refused */
        deletions: z.number().int().min(0).optional(),
      }).strict(),
      z.object({ jobId: z.string() }),
    ),
    pause: channel('imports', 'pause', byId, z.object({ jobId: z.string().nullable() })),
    rejected: channel('imports', 'rejected', byId, z.object({ fileName: z.string(), csv: z.string(), rows: z.number().int() })),
    /** the rows not accepted with the file's cells as written, for the report's grid (the CSV above neutralises formula cells; these must not be) */
    rejectedrows: channel(
      'imports',
      'rejectedrows',
      byId,
      z.object({
        columns: z.array(z.string()),
        rows: z.array(z.object({ row: z.number().int(), reason: z.enum(['invalid', 'rejected']), message: z.string(), values: z.record(z.string(), z.string()) })),
      }),
    ),
    /** the first duplicate rows, each beside the row it repeats, with the file's cells as written (the review shows them side by side) */
    duplicates: channel(
      'imports',
      'duplicates',
      z.object({ importId: z.string().min(1), limit: z.number().int().min(1).max(200).default(20) }).strict(),
      z.object({
        columns: z.array(z.string()),
        /** every duplicate row of the plan */
        total: z.number().int(),
        pairs: z.array(z.object({ row: z.number().int(), other: z.number().int(), values: z.record(z.string(), z.string()), otherValues: z.record(z.string(), z.string()) })),
      }),
    ),
    fix: channel(
      'imports',
      'fix',
      z.object({ importId: z.string().min(1), row: z.number().int().min(1), values: z.record(z.string(), z.string()) }).strict(),
      z.object({ row: planRow, errors: z.array(rowError) }),
    ),
    undo: channel('imports', 'undo', byId, z.object({ importId: z.string(), jobId: z.string() })),
    /** stops a running plan or push, in this process or another one sharing the data folder (a push keeps its books: push again resumes) */
    cancel: channel('imports', 'cancel', byId, z.object({ state: z.string(), message: z.string() })),
    /** a plan that will not be pushed (stale, say): state 'discarded', never pushed afterwards */
    discard: channel('imports', 'discard', byId, importSummary),
  },
  events: {},
} as const
