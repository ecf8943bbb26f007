import { z } from 'zod'
import { channel } from './channel'

// Offline reads of the mirror's people: search (FTS5 prefix match on ids, emails and names, plus
// attribute and segment filters), paging for the virtualized table, one person's detail. `get` by
// ident is the one read that may go online: a person the mirror lacks is looked up in the workspace
// and added to the mirror (sync/person-lookup); offline, it answers the mirror's NOT_FOUND.

export const attributeValue = z.union([z.string(), z.number(), z.boolean(), z.null()])
export type AttributeValue = z.infer<typeof attributeValue>

export const personRow = z.object({
  pk: z.number().int(),
  cioId: z.string().nullable(),
  id: z.string().nullable(),
  email: z.string().nullable(),
  attributes: z.record(z.string(), z.unknown()),
  /** the mirror's last write of this row (a pull or a local edit), epoch ms */
  updatedAt: z.number(),
  /** when Customer.io last changed the person (its newest attribute timestamp), epoch ms; null until a pull read it */
  remoteUpdatedAt: z.number().nullable(),
  /** when a pull last wrote the person into the mirror, epoch ms; null for people created here */
  pulledAt: z.number().nullable(),
  /** set when the person no longer exists in Customer.io (tombstone kept for history) */
  deletedAt: z.number().nullable(),
  /** fields with a local edit that is not pushed yet */
  pending: z.array(z.string()),
})
export type PersonRow = z.infer<typeof personRow>

export const peopleFilter = z.object({
  attribute: z.string().min(1).max(150),
  op: z.enum(['eq', 'neq', 'contains', 'exists', 'missing', 'gt', 'lt']),
  value: z.string().max(1000).optional(),
})
export type PeopleFilter = z.infer<typeof peopleFilter>

export const peopleQuery = z
  .object({
    workspaceId: z.string().min(1).optional(),
    /** free text: matched as prefixes against id, email and names */
    text: z.string().max(200).default(''),
    filters: z.array(peopleFilter).max(20).default([]),
    segmentId: z.number().int().optional(),
    includeDeleted: z.boolean().default(false),
    sort: z.object({ column: z.string().min(1).max(150), dir: z.enum(['asc', 'desc']) }).optional(),
    offset: z.number().int().min(0).default(0),
    limit: z.number().int().min(1).max(1000).default(200),
  })
  .strict()
export type PeopleQuery = z.input<typeof peopleQuery>

export const peoplePage = z.object({
  total: z.number().int(),
  offset: z.number().int(),
  rows: z.array(personRow),
  tookMs: z.number(),
})
export type PeoplePage = z.infer<typeof peoplePage>

export const personDetail = z.object({
  person: personRow,
  /** the last-synced copy (merge base) */
  base: z.record(z.string(), z.unknown()).nullable(),
  segments: z.array(z.object({ id: z.number().int(), name: z.string(), type: z.string(), joinedAt: z.number().nullable() })),
  devices: z.array(z.object({ id: z.string(), platform: z.string(), lastUsed: z.number().nullable(), attributes: z.record(z.string(), z.unknown()) })),
  messages: z.array(z.object({ id: z.string(), type: z.string().nullable(), subject: z.string().nullable(), campaignId: z.number().nullable(), created: z.number().nullable(), metrics: z.record(z.string(), z.unknown()) })),
  /** our own pushes and imports that touched this person (from the audit log) */
  activity: z.array(z.object({ at: z.number(), action: z.string(), summary: z.string() })),
  syncedAt: z.number().nullable(),
})
export type PersonDetail = z.infer<typeof personDetail>

export const peopleColumns = z.object({
  columns: z.array(z.object({ name: z.string(), count: z.number().int() })),
})

export const savedView = z.object({
  id: z.string(),
  name: z.string().min(1).max(80),
  query: z.object({ text: z.string(), filters: z.array(peopleFilter), segmentId: z.number().int().optional() }),
  columns: z.array(z.string()),
})
export type SavedView = z.infer<typeof savedView>

export const peopleContract = {
  channels: {
    search: channel('people', 'search', peopleQuery, peoplePage),
    get: channel(
      'people',
      'get',
      z.object({ workspaceId: z.string().min(1).optional(), pk: z.number().int().optional(), ident: z.string().min(1).max(254).optional() }).strict()
        .refine((v) => v.pk !== undefined || v.ident !== undefined, 'give pk or ident (an id, an email or cio_<cio_id>)'),
      personDetail,
    ),
    columns: channel('people', 'columns', z.object({ workspaceId: z.string().min(1).optional() }).strict().default({}), peopleColumns),
    views: channel('people', 'views', z.object({ workspaceId: z.string().min(1).optional() }).strict().default({}), z.object({ views: z.array(savedView) })),
    saveview: channel('people', 'saveview', savedView.omit({ id: true }).extend({ id: z.string().optional(), workspaceId: z.string().min(1).optional() }).strict(), savedView),
    removeview: channel('people', 'removeview', z.object({ id: z.string().min(1), workspaceId: z.string().min(1).optional() }).strict(), z.object({ id: z.string() })),
  },
  events: {},
} as const

/** Which person a read asks for: by the mirror's pk, or by an identifier. */
export interface PersonLookup {
  pk?: number
  /** an id, an email (any case) or `cio_<cio_id>` */
  ident?: string
}
