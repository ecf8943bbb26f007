import { sql } from 'drizzle-orm'
import { foreignKey, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'
import type { Attributes } from './json-types'
import { workspaces } from './schema-workspaces'

// The customer data pulled from Customer.io: people, segments and their members, collections and
// their rows, campaigns and messages. Bulk writes here go through raw prepared statements
// (docs/TOOLCHAIN.md §5), so column names are part of the contract with the pull and import code.

/**
 * The workspace's compact number (workspaces.ws): 1–2 bytes in every row and index entry where
 * the 36-character UUID took 37. Statements resolve it from the workspace id once per job or
 * call (`SELECT ws FROM workspaces WHERE id = ?`); the contract keeps the string id.
 */
const wsKey = () =>
  integer('ws')
    .notNull()
    .references(() => workspaces.ws, { onDelete: 'cascade' })

/**
 * The SQL behind the generated `names` column, which the FTS5 index (migration 0001) reads
 * through its external content. Changing it needs a migration that rebuilds people_fts.
 */
export const PEOPLE_NAMES_SQL = sql`trim(coalesce(json_extract(attributes, '$.first_name'), '') || ' ' || coalesce(json_extract(attributes, '$.last_name'), '') || ' ' || coalesce(json_extract(attributes, '$.name'), ''))`

export const people = sqliteTable(
  'people',
  {
    /**
     * Local rowid. Customer.io's cio_id is null for a person created here before the first push,
     * so it cannot be the key. AUTOINCREMENT so a pk is never reused: outbox entries and import
     * undo lists may name a locally created person by pk after it was discarded.
     */
    pk: integer('pk').primaryKey({ autoIncrement: true }),
    /** the workspace's compact number (workspaces.ws): 1-2 bytes in the row and in each index entry, where the id took 36 */
    ws: integer('ws')
      .notNull()
      .references(() => workspaces.ws, { onDelete: 'cascade' }),
    /** Customer.io's immutable id; the conflict target of pull upserts */
    cioId: text('cio_id'),
    id: text('id'),
    email: text('email'),
    /** the current local view: last-synced values with pending local edits applied */
    attributes: text('attributes', { mode: 'json' }).$type<Attributes>().notNull().default({}),
    /**
     * The last-synced copy, the base of the three-way merge, stored only while it differs from
     * `attributes`: NULL means "the same as attributes" (no edit pending), so a person costs one
     * JSON copy. Read it as coalesce(base_attributes, attributes) (db/people-store.ts).
     */
    baseAttributes: text('base_attributes', { mode: 'json' }).$type<Attributes>(),
    /** devices as the App API lists them: [{ id (token), platform, last_used, attributes }] */
    devices: text('devices', { mode: 'json' }).$type<unknown[]>(),
    /** derived for search only (virtual: costs no storage, computed when FTS reads it) */
    names: text('names').generatedAlwaysAs(PEOPLE_NAMES_SQL, { mode: 'virtual' }),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
    /** Customer.io's updated timestamp for the person, in ms */
    remoteUpdatedAt: integer('remote_updated_at'),
    syncedAt: integer('synced_at'),
    /** tombstone: the person is gone remotely; kept so history and undo can still name them */
    deletedAt: integer('deleted_at'),
  },
  (t) => [
    // Plain (not partial) unique indexes: SQLite treats NULLs as distinct, so many local-only
    // people may lack a cio_id or id, and `ON CONFLICT(ws, cio_id)` needs no WHERE.
    uniqueIndex('people_ws_cio_id').on(t.ws, t.cioId),
    uniqueIndex('people_ws_id').on(t.ws, t.id),
    // email is not unique in every workspace; lookups ignore case
    index('people_ws_email_ci').on(t.ws, sql`lower(${t.email})`),
    // "how many live people": a pull's path choice, the feed limits, status. Without it each count
    // reads the whole table (3–7 s at 1,000,000 people, bench/pull/RESULTS.md session 4).
    index('people_ws_live').on(t.ws).where(sql`deleted_at IS NULL`),
  ],
)
export type Person = typeof people.$inferSelect
export type NewPerson = typeof people.$inferInsert

export const segments = sqliteTable(
  'segments',
  {
    ws: wsKey(),
    id: integer('id').notNull(),
    name: text('name').notNull(),
    description: text('description'),
    type: text('type', { enum: ['manual', 'dynamic'] }),
    state: text('state'),
    tags: text('tags', { mode: 'json' }).$type<string[]>(),
    memberCount: integer('member_count'),
    createdAt: integer('created_at'),
    updatedAt: integer('updated_at'),
    pulledAt: integer('pulled_at'),
    /** when its members were last read one by one (a pull skips an unchanged big segment for a while) */
    membersReadAt: integer('members_read_at'),
    /**
     * the start of the pull that first read its members: that snapshot is a baseline (who was a
     * member then), not a wave of joins; joined / left count from the next snapshot on
     */
    baselineAt: integer('baseline_at'),
  },
  (t) => [primaryKey({ columns: [t.ws, t.id] })],
)
export type Segment = typeof segments.$inferSelect
export type NewSegment = typeof segments.$inferInsert

/**
 * Membership as last pulled. A pull stamps every member it sees with its pull_id (a sync_runs id);
 * members it did not see get left_at instead of being deleted, so "who joined or left since the
 * last pull" is `joined_at >= lastPull.started_at` / `left_at >= lastPull.started_at`.
 * No foreign key to people: membership may arrive before (or without) the person's attributes.
 */
export const segmentMembers = sqliteTable(
  'segment_members',
  {
    ws: integer('ws').notNull(),
    segmentId: integer('segment_id').notNull(),
    cioId: text('cio_id').notNull(),
    joinedAt: integer('joined_at').notNull(),
    pullId: text('pull_id'),
    /** null while a member; set when a pull no longer sees them; cleared if they rejoin */
    leftAt: integer('left_at'),
  },
  (t) => [
    primaryKey({ columns: [t.ws, t.segmentId, t.cioId] }),
    // the segment's row owns its members (and the workspace owns the segment)
    foreignKey({ columns: [t.ws, t.segmentId], foreignColumns: [segments.ws, segments.id] }).onDelete(
      'cascade',
    ),
    // "segments of this person" for the person panel and the import plan
    index('segment_members_ws_person').on(t.ws, t.cioId),
  ],
)
export type SegmentMember = typeof segmentMembers.$inferSelect
export type NewSegmentMember = typeof segmentMembers.$inferInsert

export const collections = sqliteTable(
  'collections',
  {
    ws: wsKey(),
    id: integer('id').notNull(),
    name: text('name').notNull(),
    schema: text('schema', { mode: 'json' }).$type<unknown>(),
    bytes: integer('bytes'),
    rows: integer('rows'),
    createdAt: integer('created_at'),
    updatedAt: integer('updated_at'),
    pulledAt: integer('pulled_at'),
  },
  (t) => [primaryKey({ columns: [t.ws, t.id] }), index('collections_ws_name').on(t.ws, t.name)],
)
export type Collection = typeof collections.$inferSelect
export type NewCollection = typeof collections.$inferInsert

/** A collection's content, one row per array element, in the order Customer.io returns it. */
export const collectionRows = sqliteTable(
  'collection_rows',
  {
    ws: integer('ws').notNull(),
    collectionId: integer('collection_id').notNull(),
    idx: integer('idx').notNull(),
    data: text('data', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.ws, t.collectionId, t.idx] }),
    foreignKey({
      columns: [t.ws, t.collectionId],
      foreignColumns: [collections.ws, collections.id],
    }).onDelete('cascade'),
  ],
)
export type CollectionRow = typeof collectionRows.$inferSelect

export const CAMPAIGN_TYPES = ['campaign', 'broadcast', 'transactional', 'newsletter'] as const
export type CampaignType = (typeof CAMPAIGN_TYPES)[number]

/**
 * Campaigns, broadcasts, transactional messages and newsletters (read-only). Customer.io numbers
 * each of these separately (campaign 5 and broadcast 5 can both exist), so type is in the key.
 */
export const campaigns = sqliteTable(
  'campaigns',
  {
    ws: wsKey(),
    type: text('type', { enum: CAMPAIGN_TYPES }).notNull(),
    id: integer('id').notNull(),
    name: text('name').notNull(),
    state: text('state'),
    metrics: text('metrics', { mode: 'json' }).$type<Record<string, number>>(),
    createdAt: integer('created_at'),
    updatedAt: integer('updated_at'),
    pulledAt: integer('pulled_at'),
    /** what the Campaigns screen shows beyond the name: trigger/filter segments, event name, type (issue 8) */
    details: text('details', { mode: 'json' }).$type<CampaignDetails>(),
  },
  (t) => [primaryKey({ columns: [t.ws, t.type, t.id] })],
)
export interface CampaignDetails {
  triggerSegmentIds: number[]
  filterSegmentIds: number[]
  /** Customer.io's campaign `type` (segment, event, triggered_broadcast, …) */
  trigger: string | null
  eventName: string | null
  active: boolean | null
  /** transactional messages: the channel (email, push, sms) and Customer.io's description (issue 15) */
  channel?: string | null
  description?: string | null
}
export type Campaign = typeof campaigns.$inferSelect
export type NewCampaign = typeof campaigns.$inferInsert

/**
 * Metric series of a campaign, broadcast or newsletter as last fetched, one row per period
 * (days/weeks): the chart stays readable offline and is refreshed when online (issue 8).
 */
export const campaignMetrics = sqliteTable(
  'campaign_metrics',
  {
    ws: wsKey(),
    type: text('type', { enum: CAMPAIGN_TYPES }).notNull(),
    id: integer('id').notNull(),
    period: text('period').notNull(),
    steps: integer('steps').notNull(),
    /** metric → counts per bucket, oldest → newest */
    series: text('series', { mode: 'json' }).notNull().$type<Record<string, number[]>>(),
    fetchedAt: integer('fetched_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.ws, t.type, t.id, t.period] })],
)

/** Deliveries (read-only), shown on the person panel and under their campaign. */
export const messages = sqliteTable(
  'messages',
  {
    ws: wsKey(),
    /** Customer.io's delivery id */
    id: text('id').notNull(),
    campaignId: integer('campaign_id'),
    broadcastId: integer('broadcast_id'),
    newsletterId: integer('newsletter_id'),
    actionId: integer('action_id'),
    cioId: text('cio_id'),
    recipient: text('recipient'),
    subject: text('subject'),
    /** channel: email, push, sms, in_app, webhook, … */
    type: text('type'),
    /** when Customer.io created the delivery, in ms */
    created: integer('created'),
    metrics: text('metrics', { mode: 'json' }).$type<Record<string, number>>(),
  },
  (t) => [
    primaryKey({ columns: [t.ws, t.id] }),
    index('messages_ws_person_created').on(t.ws, t.cioId, t.created),
    index('messages_ws_campaign').on(t.ws, t.campaignId),
    index('messages_ws_broadcast').on(t.ws, t.broadcastId),
  ],
)
export type Message = typeof messages.$inferSelect
export type NewMessage = typeof messages.$inferInsert

/** Where the activity feed was read up to: per activity type, the newest activity seen. */
export interface FeedPosition {
  /** unix ms when the feed was read (the pull that stored this position began reading then) */
  at: number
  markers: Record<string, { id: string; timestamp: number } | null>
}

/**
 * One row per workspace: how its people were last brought up to date (an incremental pull through
 * the activity feed, an export, or one search page), where the feed was read up to, and how
 * complete the mirror's attributes are (docs/pulls.md).
 */
export const peopleSyncState = sqliteTable('people_sync_state', {
  ws: integer('ws')
    .primaryKey()
    .references(() => workspaces.ws, { onDelete: 'cascade' }),
  /** null until a pull has read the feed */
  feedPosition: text('feed_position', { mode: 'json' }).$type<FeedPosition>(),
  /** 'incremental' | 'export' | 'search' */
  lastMode: text('last_mode'),
  /** why the last pull took the path it took (e.g. why it fell back to an export) */
  lastReason: text('last_reason'),
  /** unix ms the last successful people pull finished */
  lastPulledAt: integer('last_pulled_at'),
  /** unix ms the last complete deep pull finished */
  deepFinishedAt: integer('deep_finished_at'),
  /** every attribute name known in the workspace, with where it was seen: { name: sources } */
  attributeNames: text('attribute_names', { mode: 'json' }).$type<Record<string, string[]>>().notNull().default({}),
  /** names the user added in Settings: always asked for by an export */
  extraAttributeNames: text('extra_attribute_names', { mode: 'json' }).$type<string[]>().notNull().default([]),
})
export type PeopleSyncState = typeof peopleSyncState.$inferSelect
