import { z } from 'zod'
import { channel, event } from './channel'
import { attributeValue } from './people'

// Offline edits and their way out (issue #6): every edit becomes an outbox entry holding the
// value it was made against (the merge base); a push refreshes the people it touches, runs the
// three-way merge per field, sends what is safe in v2 batches and turns the rest into conflicts
// that the user resolves field by field (keep mine, keep theirs, or type a value).

const workspaceRef = { workspaceId: z.string().min(1).optional() }

/** A value as an edit sets it; null clears the attribute. */
export const editValue = attributeValue
export type EditValue = z.infer<typeof editValue>

/**
 * One edit. Attribute edits become one outbox entry per field (so each can be discarded alone);
 * editing a field that already has a pending entry replaces its value and keeps its base; editing
 * it back to the base drops the entry.
 */
export const editInput = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('attributes'),
      ...workspaceRef,
      pk: z.number().int(),
      /** attribute name → new value (null clears it) */
      set: z.record(z.string().min(1).max(150), editValue).refine((v) => Object.keys(v).length > 0 && Object.keys(v).length <= 300, 'set 1 to 300 attributes'),
    })
    .strict(),
  z
    .object({
      kind: z.literal('identifier'),
      ...workspaceRef,
      pk: z.number().int(),
      /** sent through cio_ addressing, as the real API requires to change an identifier */
      field: z.enum(['email', 'id']),
      value: z.string().min(1).max(254),
    })
    .strict(),
  z.object({ kind: z.literal('segment'), ...workspaceRef, pk: z.number().int(), segmentId: z.number().int(), action: z.enum(['add', 'remove']) }).strict(),
  z.object({ kind: z.literal('person'), ...workspaceRef, pk: z.number().int(), action: z.enum(['delete', 'suppress', 'unsuppress']) }).strict(),
  z
    .object({
      kind: z.literal('collection'),
      ...workspaceRef,
      collectionId: z.number().int(),
      /** the collection's full content after the edit (rows as objects) */
      rows: z.array(z.record(z.string(), z.unknown())).max(100_000),
    })
    .strict(),
])
export type EditInput = z.input<typeof editInput>

export const OUTBOX_VIEW_STATES = ['pending', 'sending', 'sent', 'failed', 'may_have_applied', 'conflict'] as const

/** One outbox entry as the Changes screen and `cio-sync outbox` show it. */
export const outboxEntryView = z.object({
  id: z.number().int(),
  op: z.string(),
  entityKey: z.string(),
  /** the person it is about (entity `person:<pk>`), else null */
  personPk: z.number().int().nullable(),
  /** who or what it is about, for people: id, else email, else cio_id */
  label: z.string(),
  /** the attribute (or `email` / `id` / `segment:<id>` / `person` / `collection`) it changes */
  field: z.string(),
  /** the base value the edit was made against (null = absent) */
  old: z.unknown(),
  new: z.unknown(),
  state: z.enum(OUTBOX_VIEW_STATES),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  createdAt: z.number(),
  updatedAt: z.number(),
})
export type OutboxEntryView = z.infer<typeof outboxEntryView>

/** Who a conflict is about, from the mirror, so the card can name the person and link to them. */
export const conflictPerson = z.object({
  pk: z.number().int(),
  id: z.string().nullable(),
  email: z.string().nullable(),
  cioId: z.string().nullable(),
  /** first_name last_name, else name; null when the mirror has none */
  name: z.string().nullable(),
})
export type ConflictPerson = z.infer<typeof conflictPerson>

export const conflictView = z.object({
  id: z.number().int(),
  entityKey: z.string(),
  personPk: z.number().int().nullable(),
  label: z.string(),
  /** the person (entity `person:<pk>`) as the mirror knows them; null for a collection or a person gone from the mirror */
  person: conflictPerson.nullable().optional(),
  field: z.string(),
  /** null = the attribute was absent on that side */
  base: z.unknown(),
  local: z.unknown(),
  remote: z.unknown(),
  outboxId: z.number().int().nullable(),
  state: z.enum(['open', 'resolved']),
  resolution: z.enum(['mine', 'theirs', 'edited']).nullable(),
  createdAt: z.number(),
  resolvedAt: z.number().nullable(),
})
export type ConflictView = z.infer<typeof conflictView>

export const changesCounts = z.object({ pending: z.number().int(), failed: z.number().int(), conflicts: z.number().int() })
export type ChangesCounts = z.infer<typeof changesCounts>

export const changesContract = {
  channels: {
    /** records an edit in the outbox (and in the mirror's local view); nothing is sent */
    edit: channel('changes', 'edit', editInput, z.object({ entries: z.array(outboxEntryView), counts: changesCounts })),
    /** the outbox, oldest first; default: everything not yet sent (pending, failed, may_have_applied, conflict, sending) */
    outbox: channel(
      'changes',
      'outbox',
      z.object({ ...workspaceRef, personPk: z.number().int().optional(), collectionId: z.number().int().optional(), states: z.array(z.enum(OUTBOX_VIEW_STATES)).optional(), limit: z.number().int().min(1).max(10_000).default(1000) }).strict().default({ limit: 1000 }),
      z.object({ entries: z.array(outboxEntryView), counts: changesCounts }),
    ),
    /** drops entries not sent yet and restores the base value in the mirror's local view */
    discard: channel('changes', 'discard', z.object({ ...workspaceRef, ids: z.array(z.number().int()).min(1).max(10_000) }).strict(), z.object({ discarded: z.number().int(), counts: changesCounts })),
    /** starts a push job (kind 'push') for all pending entries or the given ones */
    push: channel(
      'changes',
      'push',
      z.object({ ...workspaceRef, ids: z.array(z.number().int()).min(1).max(100_000).optional(), confirm: z.string().max(200).optional() }).strict().default({}),
      z.object({ jobId: z.string() }),
    ),
    conflicts: channel(
      'changes',
      'conflicts',
      z.object({ ...workspaceRef, state: z.enum(['open', 'resolved']).default('open'), personPk: z.number().int().optional() }).strict().default({ state: 'open' }),
      z.object({ conflicts: z.array(conflictView) }),
    ),
    /**
     * mine: the outbox entry goes back to pending against the remote value as its new base;
     * theirs: the entry is dropped and the mirror takes the remote value;
     * edited: the typed value replaces the entry's value, against the remote base.
     */
    resolve: channel(
      'changes',
      'resolve',
      z
        .object({ ...workspaceRef, id: z.number().int(), keep: z.enum(['mine', 'theirs', 'edited']), value: editValue.optional() })
        .strict()
        .refine((v) => v.keep !== 'edited' || v.value !== undefined, 'keep "edited" needs a value'),
      z.object({
        conflict: conflictView,
        counts: changesCounts,
        /** the outbox entry that now carries the resolution, pending (push it with `push({ ids: [requeued] })`); null when nothing is left to send (theirs) */
        requeued: z.number().int().nullable().optional(),
      }),
    ),
    counts: channel('changes', 'counts', z.object(workspaceRef).strict().default({}), changesCounts),
  },
  events: {
    /** after any edit, discard, push batch, pull or resolution that changes the counts */
    updated: event('changes', 'updated', changesCounts.extend({ workspaceId: z.string() })),
  },
} as const
