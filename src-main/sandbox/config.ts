// Public option types of the sandbox and the numbers it enforces.
// Every limit here is copied from docs/customerio-api.md so a change in the real API is one edit.

export type Realm = 'track' | 'app' | 'pipelines'

/** Faults injected into API traffic (never into /__sandbox admin calls or signed downloads). */
export interface FaultConfig {
  /** The next N API requests answer 429 with Retry-After (a "burst"). Counts down. */
  burst429: number
  /** Retry-After seconds sent with injected 429s (integer, >= 1 like the real App API). */
  retryAfterSeconds: number
  /** Probability 0..1 that a request answers with `errorStatus`. */
  errorRate: number
  /** The next N requests answer with `errorStatus` (deterministic variant of errorRate). */
  errorNext: number
  /** Status used for injected server errors (500, 502, 503, 504…). */
  errorStatus: number
  /** Added to every request before it is handled. */
  latencyMs: number
  /** Probability 0..1 that the socket is destroyed without an answer. */
  dropRate: number
  /** The next N requests have their socket destroyed (deterministic variant of dropRate). */
  dropNext: number
  /** Delay between a Track/Pipelines write being acknowledged and it becoming visible to App reads. */
  processingLagMs: number
  /** Realms the faults above apply to (processing lag is always about writes). Empty = all. */
  realms: Realm[]
}

export interface RateLimitConfig {
  /** false turns every limiter off (bench runs). */
  enabled: boolean
  /** App API: requests per second per key (real: 10). */
  appPerSecond: number
  /** API-triggered broadcasts: minimum interval between triggers (real: 1 per 10 s). */
  broadcastIntervalMs: number
  /** Broadcast triggers that may wait unprocessed at once (real: 5). */
  broadcastMaxQueued: number
  /** Track API soft limit: requests per `softWindowMs` (real: 3000 per 3 s). */
  trackPerWindow: number
  /** Pipelines API soft limit per `softWindowMs` (real: 3000 per 3 s). */
  pipelinesPerWindow: number
  /** Transactional sends share the soft ingress limit (real: 3000 per 3 s). */
  transactionalPerWindow: number
  softWindowMs: number
}

export const DEFAULT_FAULTS: FaultConfig = {
  burst429: 0,
  retryAfterSeconds: 1,
  errorRate: 0,
  errorNext: 0,
  errorStatus: 500,
  latencyMs: 0,
  dropRate: 0,
  dropNext: 0,
  processingLagMs: 0,
  realms: [],
}

export const DEFAULT_RATE_LIMITS: RateLimitConfig = {
  enabled: true,
  appPerSecond: 10,
  broadcastIntervalMs: 10_000,
  broadcastMaxQueued: 5,
  trackPerWindow: 3000,
  pipelinesPerWindow: 3000,
  transactionalPerWindow: 3000,
  softWindowMs: 3000,
}

export interface SandboxOptions {
  /** 0 or undefined = a random free port. */
  port?: number
  /** Default 127.0.0.1. */
  host?: string
  /** Folder holding sandbox.sqlite; in memory without it. */
  dataDir?: string
  /** Seed N realistic people when the workspace is first created (default seed: 20). */
  people?: number
  faults?: Partial<FaultConfig>
  rateLimits?: Partial<RateLimitConfig>
  /** How long a new export stays `pending` (default 2000 ms). */
  exportDelayMs?: number
  /**
   * Activities logged longer ago than this are no longer returned by the activity endpoints
   * (default 30 days, what the real API guarantees). 0 = everything already logged has aged out.
   */
  activityWindowSeconds?: number
}

export interface SandboxHandle {
  /** e.g. http://127.0.0.1:43123 — Track at /api/v1, App and Pipelines at /v1. */
  url: string
  siteId: string
  trackApiKey: string
  appApiKey: string
  writeKey: string
  /** Bearer token for /__sandbox/* (faults, seeding, inspection). */
  adminToken: string
  close(): Promise<void>
}

/** Byte and count limits of the real APIs (docs/customerio-api.md §2.5, §3.12, §4, §5). */
export const LIMITS = {
  idBytes: 150,
  attributeNameBytes: 150,
  attributeValueBytes: 1000,
  attributesPerCall: 300,
  eventNameBytes: 100,
  eventDataBytes: 100_000,
  v2EntityBytes: 32 * 1024,
  v2OperationBytes: 32 * 1024,
  v2BatchBytes: 500 * 1024,
  pipelinesCallBytes: 32 * 1024,
  pipelinesBatchBytes: 500 * 1024,
  segmentIdsPerCall: 1000,
  bulkAttributeIds: 100,
  transactionalPayloadBytes: 1024 * 1024,
  attachmentsBytes: 2 * 1024 * 1024,
  emailRecipients: 15,
  broadcastPayloadBytes: 25 * 1024 * 1024,
  broadcastDataBytes: 50_000,
  broadcastRecipients: 10_000,
  collectionBytes: 10 * 1024 * 1024,
  collectionRowBytes: 10 * 1024,
  /** Hard cap on any request body the server will buffer at all. */
  maxBodyBytes: 26 * 1024 * 1024,
} as const

/** Page sizes: [default, max] per endpoint family (docs/customerio-api.md §4). */
export const PAGE_LIMITS = {
  customers: [50, 1000],
  messages: [50, 1000],
  membership: [1000, 30000],
  activities: [10, 100],
  triggerErrors: [50, 1000],
} as const satisfies Record<string, readonly [number, number]>

/** Signed export links expire like the real ones. */
export const DOWNLOAD_TTL_MS = 15 * 60 * 1000
