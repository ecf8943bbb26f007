import { z } from 'zod'
import { channel } from './channel'

// Messaging (issue 8): campaigns, broadcasts and newsletters with their metrics, deliveries,
// transactional sends, API-triggered broadcasts, and the person-level messaging actions (devices,
// events, subscription, erase). Reads come from the mirror and work offline; `refresh: true` asks
// Customer.io first and caches the answer (a NETWORK failure then falls back to the cache, with
// `offline: true`). Writes are immediate API calls, audit-logged, and never retried automatically
// when they are not idempotent (a send or a trigger that got a 5xx or a timeout is answered with
// `status: 'unknown'`: it may have gone out; a manual "send again" is a new call).

const workspaceRef = { workspaceId: z.string().min(1).optional() }
const campaignKind = z.enum(['campaign', 'broadcast', 'newsletter'])
export type CampaignKindInput = z.infer<typeof campaignKind>

/** A person of the mirror: its row key (people.pk), as the People screen knows it. */
const personRef = z.number().int()

/** Data for Liquid (`{{message_data.x}}`, `{{trigger.x}}`): string keys, JSON values. */
const liquidData = z.record(z.string().min(1).max(150), z.unknown())

export const segmentRef = z.object({ id: z.number().int(), name: z.string().nullable() })

export const campaignView = z.object({
  kind: campaignKind,
  id: z.number().int(),
  name: z.string(),
  /** running | draft | stopped (campaigns), or what Customer.io reports for the others */
  state: z.string().nullable(),
  /** Customer.io's trigger type: segment, event, date, triggered_broadcast, … */
  trigger: z.string().nullable(),
  eventName: z.string().nullable(),
  active: z.boolean().nullable(),
  triggerSegments: z.array(segmentRef),
  filterSegments: z.array(segmentRef),
  /** metric totals over the last 45 days, as of the last pull */
  totals: z.record(z.string(), z.number()),
  createdAt: z.number().nullable(),
  updatedAt: z.number().nullable(),
  pulledAt: z.number().nullable(),
})
export type CampaignView = z.infer<typeof campaignView>

/** The six series the chart shows; other metrics Customer.io sends are kept under `other`. */
export const CHART_METRICS = ['sent', 'delivered', 'opened', 'clicked', 'converted', 'bounced'] as const

export const metricsView = z.object({
  kind: campaignKind,
  id: z.number().int(),
  period: z.enum(['days', 'weeks']),
  steps: z.number().int(),
  /** metric → counts per bucket, oldest → newest; every CHART_METRICS key is present (zeros when absent) */
  series: z.record(z.string(), z.array(z.number())),
  /** when the series was fetched from Customer.io (ms), null when never */
  fetchedAt: z.number().nullable(),
  /** true when Customer.io could not be reached and the cached copy is shown */
  offline: z.boolean(),
})
export type MetricsView = z.infer<typeof metricsView>

export const deliveryView = z.object({
  id: z.string(),
  /** email, push, twilio (SMS), in_app, webhook, … */
  type: z.string().nullable(),
  subject: z.string().nullable(),
  recipient: z.string().nullable(),
  campaignId: z.number().nullable(),
  broadcastId: z.number().nullable(),
  newsletterId: z.number().nullable(),
  cioId: z.string().nullable(),
  created: z.number().nullable(),
  /** metric → when (unix seconds, as Customer.io records it) */
  metrics: z.record(z.string(), z.number()),
})
export type DeliveryView = z.infer<typeof deliveryView>

export const deviceView = z.object({ token: z.string(), platform: z.string(), lastUsed: z.number().nullable(), attributes: z.record(z.string(), z.unknown()) })
export type DeviceView = z.infer<typeof deviceView>

/**
 * A transactional message template (GET /v1/transactional), cached in the mirror. Last sent comes
 * from our own audit log of sends: Customer.io's deliveries do not say which template they came
 * from, so sends made elsewhere (another app, Customer.io's UI) are not counted.
 */
export const transactionalView = z.object({
  id: z.number().int(),
  name: z.string(),
  /** email, push, sms (or another channel Customer.io adds: shown, not sendable from here) */
  channel: z.string().nullable(),
  description: z.string().nullable(),
  /** the last send from cio-sync that Customer.io queued (ms), null when none */
  lastSentAt: z.number().nullable(),
  /** sends from cio-sync that Customer.io queued */
  sends: z.number().int(),
})
export type TransactionalView = z.infer<typeof transactionalView>

/** Where a transactional message goes: one person of the mirror, or an identifier typed by hand. */
const recipientInput = z.union([
  z.object({ pk: personRef }).strict(),
  z.object({ id: z.string().min(1).max(150) }).strict(),
  z.object({ email: z.string().min(3).max(254) }).strict(),
  z.object({ cio_id: z.string().min(1).max(150) }).strict(),
])

export const sendInput = z
  .object({
    ...workspaceRef,
    channel: z.enum(['email', 'push', 'sms']),
    person: recipientInput,
    /** transactional message: its numeric id or its trigger name */
    message: z.union([z.number().int().positive(), z.string().min(1).max(150)]),
    data: liquidData.default({}),
    /** unix seconds, ≤ 90 days ahead; omitted = now */
    sendAt: z.number().int().positive().optional(),
    /** email: the address (default: the person's email); sms: E.164 (default: the template's); push: all | last_used | a token */
    to: z.string().min(1).max(2000).optional(),
    /** a production workspace: its name, typed */
    confirm: z.string().max(200).optional(),
  })
  .strict()
export type SendInput = z.input<typeof sendInput>

/** A send's answer: queued (delivery id), or unknown (a 5xx/timeout: it may have been sent). */
export const sendResult = z.discriminatedUnion('status', [
  z.object({ status: z.literal('queued'), deliveryId: z.string(), queuedAt: z.number(), sendAt: z.number().nullable(), auditId: z.number().int() }),
  z.object({ status: z.literal('unknown'), message: z.string(), auditId: z.number().int() }),
])
export type SendResult = z.infer<typeof sendResult>

/** One row of per-user data: an id or an email, and the data for `{{trigger.x}}`. */
export const perUserRow = z.object({ id: z.string().optional(), email: z.string().optional(), data: liquidData.default({}) })

export const broadcastAudience = z.discriminatedUnion('kind', [
  /** the recipients configured in Customer.io */
  z.object({ kind: z.literal('default') }).strict(),
  /** everyone in a (manual) segment, as a `recipients` filter */
  z.object({ kind: z.literal('segment'), segmentId: z.number().int() }).strict(),
  /** per-user data rows given directly (the UI's grid) */
  z.object({ kind: z.literal('rows'), rows: z.array(perUserRow).min(1).max(10_000) }).strict(),
  /** per-user data from a CSV: an id or email column plus data columns (uploadId from imports:upload; path from the CLI) */
  z
    .object({ kind: z.literal('csv'), source: z.union([z.object({ uploadId: z.string().min(1) }).strict(), z.object({ path: z.string().min(1) }).strict()]), identifier: z.enum(['id', 'email']).optional() })
    .strict(),
])
export type BroadcastAudience = z.input<typeof broadcastAudience>

const broadcastBase = {
  ...workspaceRef,
  broadcastId: z.number().int(),
  /** `{{trigger.x}}` data for everyone (≤ 50,000 bytes) */
  data: liquidData.default({}),
  audience: broadcastAudience.default({ kind: 'default' }),
  /** do not fail on ids / emails that match no person */
  ignoreMissing: z.boolean().default(false),
}

export const perUserPreview = z.object({
  recipients: z.number().int(),
  invalid: z.number().int(),
  errors: z.array(z.object({ row: z.number().int(), column: z.string().nullable(), message: z.string() })),
  /** bytes of the trigger body as it would be sent (limit 25 MB) */
  payloadBytes: z.number().int(),
  /** the first rows as they would be sent */
  sample: z.array(perUserRow),
  /** rows whose id or email is a person of the mirror (null when no workspace was given) */
  inMirror: z.number().int().nullable().default(null),
})
export type PerUserPreview = z.infer<typeof perUserPreview>

export const broadcastResult = z.discriminatedUnion('status', [
  /** accepted: `waitSeconds` until the next trigger of this workspace is allowed */
  z.object({ status: z.literal('triggered'), triggerId: z.number().int(), triggeredAt: z.number(), waitSeconds: z.number(), auditId: z.number().int(), preview: perUserPreview.nullable() }),
  /** too soon after the previous trigger (1 per 10 s): nothing was sent */
  z.object({ status: z.literal('wait'), waitSeconds: z.number(), message: z.string() }),
  /** a 5xx or timeout: the trigger may have been created; check broadcastStatus before triggering again */
  z.object({ status: z.literal('unknown'), message: z.string(), waitSeconds: z.number(), auditId: z.number().int() }),
])
export type BroadcastResult = z.infer<typeof broadcastResult>

export const triggerStatus = z.object({
  broadcastId: z.number().int(),
  triggerId: z.number().int(),
  createdAt: z.number().nullable(),
  processed: z.boolean(),
  processedAt: z.number().nullable(),
  /** per-user data problems (ids that match nobody, bad data), from the trigger's errors endpoint */
  errors: z.array(z.record(z.string(), z.unknown())),
})

const ok = z.object({ ok: z.literal(true), auditId: z.number().int() })

export const messagingContract = {
  channels: {
    /** campaigns, broadcasts and newsletters from the mirror (filled by a pull of `campaigns`) */
    campaigns: channel('messaging', 'campaigns', z.object({ ...workspaceRef, kind: campaignKind.optional() }).strict().default({}), z.object({ campaigns: z.array(campaignView) })),
    /** one campaign; `refresh` reads it from Customer.io first (GET /v1/campaigns/:id) */
    campaign: channel('messaging', 'campaign', z.object({ ...workspaceRef, kind: campaignKind, id: z.number().int(), refresh: z.boolean().default(false) }).strict(), campaignView),
    /** metric series for the chart; period days (≤ 45 steps) or weeks (≤ 12); cached for offline review */
    metrics: channel(
      'messaging',
      'metrics',
      z.object({ ...workspaceRef, kind: campaignKind, id: z.number().int(), period: z.enum(['days', 'weeks']).default('days'), steps: z.number().int().min(2).max(45).optional(), refresh: z.boolean().default(true) }).strict(),
      metricsView,
    ),
    /**
     * Deliveries from the mirror, newest first, paged. With `pk`: that person's messages.
     * `refresh` first fetches the newest page from Customer.io (GET /v1/messages with the same
     * filters, or GET /v1/customers/:id/messages for a person) into the mirror.
     */
    messages: channel(
      'messaging',
      'messages',
      z
        .object({
          ...workspaceRef,
          pk: personRef.optional(),
          type: z.string().max(40).optional(),
          metric: z.string().max(40).optional(),
          campaignId: z.number().int().optional(),
          broadcastId: z.number().int().optional(),
          newsletterId: z.number().int().optional(),
          offset: z.number().int().min(0).default(0),
          limit: z.number().int().min(1).max(1000).default(100),
          refresh: z.boolean().default(false),
        })
        .strict()
        .default({ offset: 0, limit: 100, refresh: false }),
      z.object({ total: z.number().int(), offset: z.number().int(), rows: z.array(deliveryView), offline: z.boolean() }),
    ),
    /**
     * The person's messaging profile, live: attributes and devices (GET …/attributes, stored in
     * the mirror), segments (GET …/segments) and recent messages (GET …/messages, stored).
     */
    person: channel(
      'messaging',
      'person',
      z.object({ ...workspaceRef, pk: personRef }).strict(),
      z.object({ devices: z.array(deviceView), segments: z.array(segmentRef), messages: z.number().int(), unsubscribed: z.boolean().nullable() }),
    ),
    send: channel('messaging', 'send', sendInput, sendResult),
    /**
     * The transactional message templates; `refresh` (default) reads them from Customer.io first
     * and caches them; a NETWORK failure answers the cached list with `offline: true`.
     */
    transactional: channel(
      'messaging',
      'transactional',
      z.object({ ...workspaceRef, refresh: z.boolean().default(true) }).strict().default({ refresh: true }),
      z.object({ templates: z.array(transactionalView), fetchedAt: z.number().nullable(), offline: z.boolean() }),
    ),
    /** validates a per-user-data audience (CSV or rows) like an import, sends nothing */
    broadcastpreview: channel('messaging', 'broadcastpreview', z.object(broadcastBase).strict(), perUserPreview),
    /** triggers an API-triggered broadcast (POST /v1/campaigns/:id/triggers), 1 per 10 s per workspace */
    broadcasttrigger: channel('messaging', 'broadcasttrigger', z.object({ ...broadcastBase, confirm: z.string().max(200).optional() }).strict(), broadcastResult),
    /** seconds until the next trigger is allowed (0 = now), for the countdown */
    broadcastwait: channel('messaging', 'broadcastwait', z.object(workspaceRef).strict().default({}), z.object({ waitSeconds: z.number() })),
    /** a trigger's processing state and its per-user-data errors */
    broadcaststatus: channel('messaging', 'broadcaststatus', z.object({ ...workspaceRef, broadcastId: z.number().int(), triggerId: z.number().int() }).strict(), triggerStatus),
    /** the person's devices from the mirror (`person` refreshes them) */
    devices: channel('messaging', 'devices', z.object({ ...workspaceRef, pk: personRef }).strict(), z.object({ devices: z.array(deviceView) })),
    /** adds or updates a device through Track (PUT …/devices); the mirror is updated on success */
    deviceadd: channel(
      'messaging',
      'deviceadd',
      z.object({ ...workspaceRef, pk: personRef, token: z.string().min(1).max(1000), platform: z.enum(['ios', 'android']), lastUsed: z.number().int().optional(), attributes: z.record(z.string(), z.string()).default({}) }).strict(),
      z.object({ devices: z.array(deviceView), auditId: z.number().int() }),
    ),
    deviceremove: channel('messaging', 'deviceremove', z.object({ ...workspaceRef, pk: personRef, token: z.string().min(1).max(1000) }).strict(), z.object({ devices: z.array(deviceView), auditId: z.number().int() })),
    /**
     * Tracks an event (e.g. to start an event-triggered campaign for someone): for a person
     * (POST /api/v1/customers/:id/events) or anonymous (POST /api/v1/events). Not repeated on a 5xx.
     */
    event: channel(
      'messaging',
      'event',
      z
        .object({ ...workspaceRef, pk: personRef.optional(), anonymousId: z.string().min(1).max(150).optional(), name: z.string().min(1).max(100), data: liquidData.default({}), timestamp: z.number().int().optional() })
        .strict()
        .refine((v) => (v.pk === undefined) !== (v.anonymousId === undefined), 'give exactly one of pk or anonymousId'),
      z.object({ status: z.enum(['accepted', 'unknown']), message: z.string().nullable(), auditId: z.number().int() }),
    ),
    /** unsubscribes or resubscribes a person from all messages (identify with `unsubscribed`, PUT /api/v1/customers/:id) */
    subscription: channel('messaging', 'subscription', z.object({ ...workspaceRef, pk: personRef, unsubscribed: z.boolean() }).strict(), ok),
    /** reports a push delivery metric the device could not (v2 entity, type delivery) */
    reportdelivery: channel(
      'messaging',
      'reportdelivery',
      z.object({ ...workspaceRef, deliveryId: z.string().min(1).max(200), metric: z.enum(['opened', 'converted', 'delivered']), deviceToken: z.string().min(1).max(1000) }).strict(),
      ok,
    ),
    /** deletes a person in Customer.io now (DELETE /api/v1/customers/:id), e.g. an erasure request; the mirror keeps a tombstone */
    erase: channel('messaging', 'erase', z.object({ ...workspaceRef, pk: personRef, confirm: z.string().max(200).optional() }).strict(), ok),
    /** creates a manual segment (POST /v1/segments) to target a broadcast; fill it with a segment-members import */
    createsegment: channel(
      'messaging',
      'createsegment',
      z.object({ ...workspaceRef, name: z.string().min(1).max(150), description: z.string().max(1000).optional() }).strict(),
      z.object({ segment: segmentRef, auditId: z.number().int() }),
    ),
    /** the workspace's exports (people and deliveries) and their state, live (GET /v1/exports) */
    exports: channel(
      'messaging',
      'exports',
      z.object(workspaceRef).strict().default({}),
      z.object({ exports: z.array(z.object({ id: z.number(), type: z.string().nullable(), status: z.string().nullable(), total: z.number().nullable(), createdAt: z.number().nullable() })) }),
    ),
  },
  events: {},
} as const
