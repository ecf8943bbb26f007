// The Pipelines route of people and events imports (`options.via: 'pipelines'`, issue 8): the same
// stored plan rows as the Track v2 route, turned into Pipelines calls — people → `identify`
// (traits = the changed attributes, a cleared one as null), events → `track` — and packed into
// POST /v1/batch requests by the Pipelines limits (docs/customerio-api.md §5: ≤ 32 KB per call, ≤ 500 KB
// per batch). The client runs in strict mode (cio/client-set.ts), so an invalid call is an HTTP
// error instead of a silent 200 and a drop.
//
// Exactly-once: every item carries a deterministic `messageId` (an event's is its plan event id, the
// one Track v2 sends as `id`; an identify's is derived from the file's row), and identify converges
// when repeated, so the push runner may resend a batch whose answer was lost.
//
// Per-row verdicts: strict mode refuses a whole batch with one 400 when any item is invalid, and
// the body's format for naming the item is not documented. So a refused batch is split: each item is
// then sent alone through /v1/identify or /v1/track and gets its own verdict. Nothing of a refused
// batch was processed, so sending its items again duplicates nothing. A unit of one call (a one-row
// import, or the last row of a file) goes straight to /v1/identify or /v1/track.

import { createHash } from 'node:crypto'
import { CustomerIORequestError, PipelinesClient, type BatchItem } from 'customerio-node'
import type { CioClientSet } from '../../cio/client-set'
import type { RowResult } from '../import-repo'
import { parseEntityKey, valuesUnder } from '../plan/record-changes'
import type { ImportKind } from '../types'
import { DELETE_PERSON_FIELD } from './ops'
import { BatchPacker, toPackable, type PackLimits, type PackedBatch } from '../../cio/packer'
import type { SendUnit, Unsendable, UnitBuilder } from './send-unit'

/** Pipelines limits (§5). Same numbers as Track v2 today, named apart because the docs drift. */
export const PIPELINES_LIMITS: PackLimits = { maxBatchBytes: 500 * 1024, maxOperationBytes: 32 * 1024 }

type Item = Record<string, unknown>

/**
 * The SDK's batch() wraps every item in an envelope (messageId, timestamp, context.library). We
 * build that envelope ourselves, with the same keys in the same order, so the SDK leaves each item
 * as it is and the bytes measured here are the bytes sent (a unit test compares with the SDK).
 */
let context: { library: { name: string; version: string } } | null = null
export function sdkContext(): { library: { name: string; version: string } } {
  // The SDK exports no version; its client holds the library block it adds. Building a client does
  // no I/O, and the key given here is never used for a request.
  context ??= { library: (new PipelinesClient('measure-only') as unknown as { autoContext: { library: { name: string; version: string } } }).autoContext.library }
  return context
}

/** A stable id for a call without an event id: the import job and row (UUID-shaped, as libraries send). */
export function rowMessageId(jobId: string, row: number): string {
  const hex = createHash('sha256').update(`${jobId}:${row}`).digest('hex')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`
}

/** The Pipelines call of a stored plan row, or why the row cannot be sent this way. */
export function pipelinesItemFor(kind: ImportKind, r: RowResult, jobId: string, now: () => number = Date.now): { item: Item } | { error: string } {
  const identifier = parseEntityKey(r.entityKey)
  if (!identifier) return { error: 'the row has no identifier' }
  // Pipelines addresses people by userId (your id); it has no email or cio_id addressing (§5).
  if (identifier.type !== 'id') return { error: `the Pipelines route addresses people by id, and this row has only ${identifier.type === 'cio_id' ? 'a cio_id' : 'an email'}; import the file through Track (without --via pipelines) or add an id column` }
  const changes = r.changes ?? {}
  const value = (field: string) => changes[field]?.to
  if (kind === 'people') {
    if (DELETE_PERSON_FIELD in changes) return { error: 'deleting a person is not a Pipelines identify; use the Track route' }
    const traits: Record<string, unknown> = {}
    for (const [field, c] of Object.entries(changes)) traits[field] = c.to === undefined ? null : c.to
    return { item: { type: 'identify', userId: identifier.value, traits, messageId: rowMessageId(jobId, r.row), timestamp: new Date(now()).toISOString(), context: sdkContext() } }
  }
  if (kind === 'events') {
    const eventId = value('event_id')
    const timestamp = value('timestamp')
    return {
      item: {
        type: 'track',
        userId: identifier.value,
        event: value('name'),
        properties: valuesUnder(changes, 'data'),
        messageId: typeof eventId === 'string' ? eventId : rowMessageId(jobId, r.row),
        // Pipelines timestamps are ISO-8601 (§2.3); a row without one is "now", as on Track v2.
        timestamp: new Date(typeof timestamp === 'number' ? timestamp * 1000 : now()).toISOString(),
        context: sdkContext(),
      },
    }
  }
  return { error: `${kind} rows cannot go through the Pipelines route; only people and events can` }
}

/** The messages of a strict-mode refusal, for a row sent alone. */
function refusal(err: unknown): string | null {
  if (!(err instanceof CustomerIORequestError) || err.statusCode < 400 || err.statusCode >= 500 || err.statusCode === 401 || err.statusCode === 403 || err.statusCode === 429) return null
  try {
    const body = JSON.parse(err.body || '{}') as { meta?: { errors?: unknown[]; error?: string }; errors?: { message?: string }[] }
    const list = body.meta?.errors?.map(String) ?? (body.meta?.error ? [body.meta.error] : body.errors?.map((e) => e.message ?? 'invalid'))
    if (list?.length) return list.join('; ')
  } catch {
    // not JSON
  }
  return `refused by the Pipelines API (HTTP ${err.statusCode})`
}

function batchUnit(batch: PackedBatch): SendUnit {
  const items = batch.ops.map((o) => o.op as BatchItem)
  return {
    rows: batch.ops.map((o) => o.row),
    bytes: batch.bytes,
    ops: batch.ops.length,
    idempotent: true,
    async send(cio: CioClientSet, signal: AbortSignal) {
      const what = `send a Pipelines batch of ${items.length} calls (rows ${batch.firstRow}–${batch.lastRow})`
      // A lone call goes to its own endpoint: the same effect, and its refusal is already per row.
      if (items.length > 1) {
        try {
          await cio.request('pipelines', () => cio.pipelines.batch(items), { signal, idempotent: true, what })
          return new Map()
        } catch (err) {
          if (refusal(err) === null) throw err
        }
      }
      // Strict mode refused the batch as a whole: one call per item tells which rows are invalid.
      const failures = new Map<number, string>()
      for (const [index, item] of items.entries()) {
        const single = { ...item } as Record<string, unknown>
        delete single.type
        const call = item.type === 'track' ? () => cio.pipelines.track(single as never) : () => cio.pipelines.identify(single as never)
        try {
          await cio.request('pipelines', call, { signal, idempotent: true, what: `send row ${batch.ops[index].row} through Pipelines ${item.type}` })
        } catch (err) {
          const message = refusal(err)
          if (message === null) throw err
          failures.set(index, message)
        }
      }
      return failures
    },
  }
}

export function pipelinesUnits(kind: ImportKind, jobId: string, now: () => number = Date.now): UnitBuilder {
  const packer = new BatchPacker(PIPELINES_LIMITS)
  return {
    add(rows) {
      const units: SendUnit[] = []
      const unsendable: Unsendable[] = []
      for (const r of rows) {
        const built = pipelinesItemFor(kind, r, jobId, now)
        if ('error' in built) {
          unsendable.push({ row: r.row, message: built.error })
          continue
        }
        const op = toPackable(r.row, built.item)
        if (!packer.fits(op)) {
          unsendable.push({ row: r.row, message: `the call is ${op.bytes} bytes; the Pipelines API takes at most 32 KB per call` })
          continue
        }
        const closed = packer.add(op)
        if (closed) units.push(batchUnit(closed))
      }
      return { units, unsendable }
    },
    flush() {
      const last = packer.flush()
      return last ? [batchUnit(last)] : []
    },
  }
}
