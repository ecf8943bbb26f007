// The write requests both pushes make (the import's and the outbox's): a Track v2 batch and its
// per-operation verdicts, segment membership through Track v1 add/remove_customers (≤ 1000 ids
// of one id type per call, docs/customerio-api.md §3.7), and a collection's content replaced through the App API
// (docs/customerio-api.md §4.11). Each converges when repeated (upsert, set membership, set content), so every one is
// sent as idempotent: a request whose answer was lost may be resent.

import type { CioClientSet } from './client-set'

export const SEGMENT_IDS_PER_CALL = 1000

/** The error entries of a 207 answer: `batch_index` is the 0-based position in the batch. */
export function partialFailures(response: unknown): Map<number, string> {
  const failures = new Map<number, string>()
  const errors = (response as { errors?: unknown } | null)?.errors
  if (!Array.isArray(errors)) return failures
  for (const e of errors as { batch_index?: unknown; field?: unknown; message?: unknown; reason?: unknown }[]) {
    if (typeof e?.batch_index !== 'number') continue
    const field = typeof e.field === 'string' && e.field !== '' ? `${e.field}: ` : ''
    const message = typeof e.message === 'string' ? e.message : typeof e.reason === 'string' ? e.reason : 'refused'
    const previous = failures.get(e.batch_index)
    failures.set(e.batch_index, previous ? `${previous}; ${field}${message}` : `${field}${message}`)
  }
  return failures
}

/** Sends one Track v2 batch; resolves with the refused operations' messages by batch index. */
export async function sendTrackBatch(cio: CioClientSet, ops: Record<string, unknown>[], signal: AbortSignal, what: string): Promise<Map<number, string>> {
  // The SDK serialises `{ batch: ops }` with JSON.stringify, the very text the packer measured.
  const response = await cio.request('track', () => cio.track.batch(ops), { signal, idempotent: true, what })
  return partialFailures(response)
}

export interface SegmentMembers {
  segmentId: number | string
  action: 'add' | 'remove'
  idType: string
  ids: string[]
}

/** The request body of a membership call, as its size is measured before it is sent. */
export function segmentMembersBody(members: SegmentMembers): { ids: string[] } {
  return { ids: members.ids }
}

/** Adds people to (or removes them from) a manual segment: at most SEGMENT_IDS_PER_CALL ids. */
export async function sendSegmentMembers(cio: CioClientSet, members: SegmentMembers, signal: AbortSignal, what: string): Promise<void> {
  const url = `${cio.track.trackRoot}/segments/${members.segmentId}/${members.action === 'add' ? 'add_customers' : 'remove_customers'}?id_type=${members.idType}`
  await cio.request('track', () => cio.track.request.post(url, segmentMembersBody(members)), { signal, idempotent: true, what })
}

/** Replaces the whole content of an existing collection. */
export async function replaceCollection(cio: CioClientSet, collectionId: number, data: Record<string, unknown>[], signal: AbortSignal, what: string): Promise<void> {
  await cio.request('app', () => cio.app.updateCollection(collectionId, { data }), { signal, idempotent: true, what })
}
