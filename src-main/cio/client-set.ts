// One set of SDK clients per workspace and job: built from `WorkspaceService.connection(row)`, used
// for the duration of one job and then dropped, so the keys live no longer than the job that needs
// them (docs/DESIGN.md "Security"). Keys are handed to the SDK and never logged or put into a message.

import { APIClient, PipelinesClient, TrackClient } from 'customerio-node'
import type { WorkspaceKeys } from './connection-test'
import type { ConnectivityTracker } from './connectivity'
import type { Endpoints } from './endpoints'
import { AppError } from '../contract/result'
import { type Clock, type GovernorRegistry, type Priority, type Surface } from './rate-governor'
import { RequestRunner, type RequestOptions, type RequestStats, type RetryPolicy } from './request-policy'

export interface CioConnection {
  endpoints: Endpoints
  keys: WorkspaceKeys
}

export interface ClientSetOptions {
  workspaceId: string
  connectivity?: ConnectivityTracker
  governors: GovernorRegistry
  clock?: Clock
  policy?: RetryPolicy
  /** per-request timeout of the SDK (ms) */
  timeoutMs?: number
  /** 'background' for scheduled jobs: they take the rate budget only when the user's jobs leave it */
  priority?: Priority
}

// The SDK's own retries are off: ours run through the governor, which must see every attempt.
const NO_SDK_RETRY = { maxRetries: 0 }

export class CioClientSet {
  private readonly appClient: APIClient | null
  private readonly trackClient: TrackClient | null
  private readonly pipelinesClient: PipelinesClient | null
  private readonly runner: RequestRunner
  readonly endpoints: Endpoints

  constructor(connection: CioConnection, private readonly opts: ClientSetOptions) {
    const { endpoints, keys } = connection
    const timeout = opts.timeoutMs ?? 30_000
    this.endpoints = endpoints
    this.appClient = keys.appApiKey ? new APIClient(keys.appApiKey, { url: endpoints.app, timeout, retry: NO_SDK_RETRY }) : null
    this.trackClient =
      keys.siteId && keys.trackApiKey ? new TrackClient(keys.siteId, keys.trackApiKey, { url: endpoints.track, timeout, retry: NO_SDK_RETRY }) : null
    // Strict mode: an invalid payload is answered with an error instead of a silent 200 and a drop
    // (docs/customerio-api.md §5), so every refused row can be reported.
    this.pipelinesClient = keys.writeKey ? new PipelinesClient(keys.writeKey, { url: endpoints.pipelines, timeout, retry: NO_SDK_RETRY, strictMode: true }) : null
    const governors = opts.governors
    this.runner = new RequestRunner({
      governor: (surface) => governors.get(opts.workspaceId, surface),
      reachability: (reachable, message) => opts.connectivity?.record(opts.workspaceId, reachable, message),
      clock: opts.clock,
      policy: opts.policy,
      priority: opts.priority,
    })
  }

  get workspaceId(): string {
    return this.opts.workspaceId
  }

  /** Requests sent, replays and 429s so far, for the job's history. */
  get stats(): RequestStats {
    return this.runner.stats
  }

  get app(): APIClient {
    if (!this.appClient) throw new AppError('AUTH', 'this workspace has no App API key; add it under Workspaces to pull data')
    return this.appClient
  }

  get track(): TrackClient {
    if (!this.trackClient) throw new AppError('AUTH', 'this workspace has no Site ID and Track API key; add them under Workspaces to push data')
    return this.trackClient
  }

  get pipelines(): PipelinesClient {
    if (!this.pipelinesClient) throw new AppError('AUTH', 'this workspace has no Pipelines write key; add it under Workspaces to send through Data Pipelines')
    return this.pipelinesClient
  }

  /** Runs one SDK call under the surface's rate budget and the retry policy. */
  request<T>(surface: Surface, call: () => Promise<T>, opts: RequestOptions): Promise<T> {
    return this.runner.request(surface, call, opts)
  }
}
