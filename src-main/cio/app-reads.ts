// Typed App API reads for the pull (docs/customerio-api.md §4). The SDK returns `Record<string, any>`;
// these functions check the envelope key they rely on and give the rest a type. Every call is a
// read, so it is idempotent and retried on 5xx and network failures.

import { IdentifierType, type Filter } from 'customerio-node'
import { AppError } from '../contract/result'
import type { CioClientSet } from './client-set'

export interface Identifiers {
  id: string | null
  email: string | null
  cio_id: string
}

export interface PageOf<T> {
  items: T[]
  /** absent or empty on the last page (§2.8) */
  next: string | null
}

export interface ExportInfo {
  id: number
  status: 'pending' | 'done' | 'failed' | string
  total: number
  failed?: boolean
}

export interface CustomerRecord {
  identifiers: Identifiers
  attributes: Record<string, string>
  /** unix seconds each attribute was last set (§4.4; deprecated by Customer.io, so maybe absent) */
  timestamps?: Record<string, number>
  devices?: unknown[]
}

export interface SegmentInfo {
  id: number
  name: string
  description?: string
  type?: 'manual' | 'dynamic'
  state?: string
  tags?: string[] | null
  created_at?: number
  updated_at?: number
}

export interface CollectionInfo {
  id: number
  name: string
  bytes?: number
  rows?: number
  schema?: unknown
  created_at?: number
  updated_at?: number
}

export type CampaignKind = 'campaign' | 'broadcast' | 'newsletter'

export interface CampaignInfo {
  id: number
  name: string
  state?: string
  created?: number
  updated?: number
  created_at?: number
  updated_at?: number
  /** campaigns: what starts it and who may enter (issue 8 shows them) */
  type?: string
  event_name?: string | null
  active?: boolean
  trigger_segment_ids?: number[] | null
  filter_segment_ids?: number[] | null
  /** broadcasts: the segment of its default audience */
  segment_id?: number | null
}

export interface DeliveryInfo {
  id: string
  campaign_id?: number | null
  broadcast_id?: number | null
  newsletter_id?: number | null
  action_id?: number | null
  customer_identifiers?: Partial<Identifiers> | null
  recipient?: string | null
  subject?: string | null
  type?: string | null
  created?: number | null
  metrics?: Record<string, number> | null
}

/** One entry of the workspace activity feed (App API "List activities"). */
export interface ActivityInfo {
  id: string
  type: string
  name?: string | null
  /** unix seconds */
  timestamp: number
  customer_id?: string | null
  customer_identifiers?: Partial<Identifiers> | null
  /** attribute_change: `{ <attribute>: { from, to } }`; profile_merge: `{ secondary: identifiers }` */
  data?: Record<string, unknown> | null
}

export interface ActivityQuery {
  type?: string
  name?: string
  /** activities of people who have been deleted */
  deleted?: boolean
  start?: string
  limit?: number
}

function field<T>(body: Record<string, unknown>, key: string, what: string): T {
  if (!(key in body)) throw new AppError('REMOTE', `the App API answered without "${key}" while trying to ${what}`)
  return body[key] as T
}

function nextOf(body: Record<string, unknown>): string | null {
  return typeof body.next === 'string' && body.next !== '' ? body.next : null
}

/** The reads of one job: a client set plus the job's AbortSignal. */
export class AppReads {
  constructor(
    private readonly cio: CioClientSet,
    private readonly signal?: AbortSignal,
  ) {}

  private read<T>(what: string, call: () => Promise<Record<string, unknown>>, pick: (body: Record<string, unknown>) => T): Promise<T> {
    return this.cio.request('app', call, { signal: this.signal, idempotent: true, what }).then(pick)
  }

  searchCustomers(filter: Filter, page: { start?: string; limit?: number }): Promise<PageOf<Identifiers>> {
    const what = 'search people'
    return this.read(what, () => this.cio.app.searchCustomers(filter, page), (b) => ({ items: field<Identifiers[]>(b, 'identifiers', what), next: nextOf(b) }))
  }

  /** Attributes of up to 100 people by `id` (unknown ids are left out by the API). */
  customersAttributes(ids: string[]): Promise<CustomerRecord[]> {
    const what = 'read people attributes'
    return this.read(what, () => this.cio.app.getCustomersAttributes(ids), (b) => field<{ customer: CustomerRecord }[]>(b, 'customers', what).map((c) => c.customer))
  }

  /**
   * Attributes and devices of up to 100 people by cio_id: everyone has one, while an `id` lookup
   * would miss people known only by email. (The SDK's getCustomersAttributes has no id_type, so
   * this posts through the SDK's own request object: same auth, host and error type.)
   */
  customersAttributesByCioId(cioIds: string[]): Promise<CustomerRecord[]> {
    const what = 'read people attributes'
    const app = this.cio.app
    return this.read(what, () => app.request.post(`${app.apiRoot}/customers/attributes?id_type=cio_id`, { ids: cioIds }) as Promise<Record<string, unknown>>, (b) =>
      field<{ customer: CustomerRecord }[]>(b, 'customers', what).map((c) => c.customer),
    )
  }

  /**
   * Attributes and devices of one person by id, email or cio_id (§4.4), through the SDK's
   * getAttributes. A person Customer.io does not know is a 404, which arrives as NOT_FOUND.
   */
  customerAttributes(value: string, idType: 'id' | 'email' | 'cio_id'): Promise<CustomerRecord> {
    const what = `look up the person with ${idType} ${JSON.stringify(value)}`
    const sdkType = idType === 'email' ? IdentifierType.Email : idType === 'cio_id' ? IdentifierType.CioId : IdentifierType.Id
    return this.read(what, () => this.cio.app.getAttributes(value, sdkType), (b) => {
      const customer = field<CustomerRecord | null>(b, 'customer', what)
      if (!customer || typeof customer.identifiers?.cio_id !== 'string' || customer.identifiers.cio_id === '') {
        throw new AppError('REMOTE', `the App API answered without the person's cio_id while trying to ${what}`)
      }
      return customer
    })
  }

  /**
   * Starts a people export. The SDK's createCustomersExport sends only `filters`, not the
   * `attributes` that pick the extra columns, so this posts the same body through the SDK's own
   * request object (same auth, host and error type).
   */
  createCustomersExport(filters: Filter, attributes: string[]): Promise<ExportInfo> {
    const what = 'start a people export'
    const app = this.cio.app
    // Creating an export twice only costs a second export, never a wrong mirror: safe to replay.
    return this.read(what, () => app.request.post(`${app.apiRoot}/exports/customers`, { filters, attributes }) as Promise<Record<string, unknown>>, (b) =>
      field<ExportInfo>(b, 'export', what),
    )
  }

  getExport(id: number): Promise<ExportInfo> {
    const what = `check export ${id}`
    return this.read(what, () => this.cio.app.getExport(id), (b) => field<ExportInfo>(b, 'export', what))
  }

  /** The signed link to the export file (valid 15 minutes): `{ url }`, not `{ link }` (§4.10). */
  exportDownloadUrl(id: number): Promise<string> {
    const what = `download export ${id}`
    return this.read(what, () => this.cio.app.downloadExport(id), (b) => {
      const url = field<unknown>(b, 'url', what)
      if (typeof url !== 'string') throw new AppError('REMOTE', `the App API gave no download link for export ${id}`)
      return url
    })
  }

  listSegments(): Promise<SegmentInfo[]> {
    return this.read('list segments', () => this.cio.app.listSegments(), (b) => field<SegmentInfo[] | null>(b, 'segments', 'list segments') ?? [])
  }

  segmentMembership(segmentId: number, page: { start?: string; limit: number }): Promise<PageOf<Identifiers>> {
    const what = `read the members of segment ${segmentId}`
    return this.read(what, () => this.cio.app.getSegmentMembership(segmentId, page), (b) => ({ items: field<Identifiers[]>(b, 'identifiers', what), next: nextOf(b) }))
  }

  listCollections(): Promise<CollectionInfo[]> {
    return this.read('list collections', () => this.cio.app.listCollections(), (b) => field<CollectionInfo[] | null>(b, 'collections', 'list collections') ?? [])
  }

  /** The stored array, as uploaded (the spec types it as a free-form object). */
  collectionContent(id: number): Promise<unknown> {
    return this.read(`read collection ${id}`, () => this.cio.app.getCollectionContent(id), (b) => b as unknown)
  }

  listCampaigns(kind: CampaignKind): Promise<CampaignInfo[]> {
    const plural = `${kind}s`
    const what = `list ${plural}`
    const call = kind === 'campaign' ? () => this.cio.app.listCampaigns() : kind === 'broadcast' ? () => this.cio.app.listBroadcasts() : () => this.cio.app.listNewsletters({ limit: 100 })
    return this.read(what, call, (b) => field<CampaignInfo[] | null>(b, plural, what) ?? [])
  }

  /** Metric series of the last `days` days (v1 shape `{metric:{series}}`, v2 shape `{series}`). */
  campaignMetrics(kind: CampaignKind, id: number, days: number): Promise<Record<string, number[]>> {
    const what = `read the metrics of ${kind} ${id}`
    const app = this.cio.app
    const options = { period: 'days' as const, steps: days }
    const call =
      kind === 'campaign' ? () => app.getCampaignMetrics(id, { version: '1', ...options }) : kind === 'broadcast' ? () => app.getBroadcastMetrics(id, options) : () => app.getNewsletterMetrics(id, options)
    return this.read(what, call, (b) => {
      const series = (b.metric as { series?: unknown } | undefined)?.series ?? b.series
      return (series && typeof series === 'object' ? series : {}) as Record<string, number[]>
    })
  }

  messages(page: { start?: string; limit: number }): Promise<PageOf<DeliveryInfo>> {
    const what = 'list messages'
    return this.read(what, () => this.cio.app.getMessages(page), (b) => ({ items: field<DeliveryInfo[] | null>(b, 'messages', what) ?? [], next: nextOf(b) }))
  }

  /** A page of the workspace's activity feed, newest first. */
  listActivities(query: ActivityQuery): Promise<PageOf<ActivityInfo>> {
    const what = `read the activity feed${query.type ? ` (${query.type})` : ''}`
    return this.read(what, () => this.cio.app.listActivities(query), (b) => ({ items: field<ActivityInfo[] | null>(b, 'activities', what) ?? [], next: nextOf(b) }))
  }

  /** How many people a segment holds now (one cheap request instead of reading its members). */
  segmentCustomerCount(segmentId: number): Promise<number> {
    const what = `count the members of segment ${segmentId}`
    return this.read(what, () => this.cio.app.getSegmentCustomerCount(segmentId), (b) => {
      const count = field<unknown>(b, 'count', what)
      if (typeof count !== 'number') throw new AppError('REMOTE', `the App API gave no member count for segment ${segmentId}`)
      return count
    })
  }
}
