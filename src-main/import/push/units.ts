// What one request of a push carries, per kind: Track v2 batches packed by size (people, events,
// devices, relationships), Track v1 add/remove_customers calls of ≤ 1000 ids of one id type
// (segment members, docs/customerio-api.md §3.7), or one App API create/replace of a whole collection (§4.11).
// Each unit knows its rows, its measured bytes, whether repeating it is harmless, and how to send
// itself; the push runner does the bookkeeping around it, the same for every kind.

import { parseEntityKey, valuesUnder } from '../plan/record-changes'
import type { ImportKind, ImportOptions } from '../types'
import { operationFor } from './ops'
import { BatchPacker, toPackable, type PackedBatch } from '../../cio/packer'
import { replaceCollection, SEGMENT_IDS_PER_CALL, segmentMembersBody, sendSegmentMembers, sendTrackBatch } from '../../cio/track-writes'
import { pipelinesUnits } from './pipelines-units'
import type { SendUnit, Unsendable, UnitBuilder } from './send-unit'

/** Customer.io's collection limits (§4.11): 10 MB in all, 10 KB per row. */
export const COLLECTION_MAX_BYTES = 10 * 1024 * 1024
export const COLLECTION_ROW_MAX_BYTES = 10 * 1024

/** Where a collection import finds the collection it replaces, and records the one it created. */
export interface CollectionHome {
  existingId(): number | null
  created(collection: Record<string, unknown>): void
}

/** `importId` seeds the deterministic Pipelines messageIds (pipelines-units.ts). */
export function unitBuilder(kind: ImportKind, options: ImportOptions, collection: CollectionHome, importId = 'import'): UnitBuilder {
  if (kind === 'segment-members') return segmentUnits(options)
  if (kind === 'collection') return collectionUnits(options, collection)
  if (options.via === 'pipelines') return pipelinesUnits(kind, importId)
  return trackV2Units(kind)
}

function trackV2Units(kind: ImportKind): UnitBuilder {
  const packer = new BatchPacker()
  const unit = (batch: PackedBatch): SendUnit => ({
    rows: batch.ops.map((o) => o.row),
    bytes: batch.bytes,
    ops: batch.ops.length,
    idempotent: true,
    async send(cio, signal) {
      const what = `send a batch of ${batch.ops.length} operations (rows ${batch.firstRow}–${batch.lastRow})`
      return sendTrackBatch(cio, batch.ops.map((o) => o.op), signal, what)
    },
  })
  return {
    add(rows) {
      const units: SendUnit[] = []
      const unsendable: Unsendable[] = []
      for (const r of rows) {
        const built = operationFor(kind, r)
        if ('error' in built) {
          unsendable.push({ row: r.row, message: built.error })
          continue
        }
        const op = toPackable(r.row, built.op)
        if (!packer.fits(op)) {
          unsendable.push({ row: r.row, message: `the operation is ${op.bytes} bytes; Customer.io takes at most 32 KB per operation` })
          continue
        }
        const closed = packer.add(op)
        if (closed) units.push(unit(closed))
      }
      return { units, unsendable }
    },
    flush() {
      const last = packer.flush()
      return last ? [unit(last)] : []
    },
  }
}

function segmentUnits(options: ImportOptions): UnitBuilder {
  const segmentId = options.segmentId
  const groups = new Map<string, { rows: number[]; ids: string[] }>()
  const unit = (key: string, group: { rows: number[]; ids: string[] }): SendUnit => {
    const [action, idType] = key.split(':') as ['add' | 'remove', string]
    const members = { segmentId: segmentId!, action, idType, ids: group.ids }
    return {
      rows: group.rows,
      bytes: Buffer.byteLength(JSON.stringify(segmentMembersBody(members))),
      ops: group.ids.length,
      idempotent: true, // adding a member twice or removing a non-member changes nothing
      async send(cio, signal) {
        await sendSegmentMembers(cio, members, signal, `${action} ${group.ids.length} people ${action === 'add' ? 'to' : 'from'} segment ${segmentId}`)
        return new Map()
      },
    }
  }
  const take = (key: string): SendUnit => {
    const group = groups.get(key)!
    groups.delete(key)
    return unit(key, group)
  }
  return {
    add(rows) {
      const units: SendUnit[] = []
      const unsendable: Unsendable[] = []
      for (const r of rows) {
        const identifier = parseEntityKey(r.entityKey)
        if (!identifier || segmentId === undefined) {
          unsendable.push({ row: r.row, message: segmentId === undefined ? 'no segment chosen for this import' : 'the row has no identifier' })
          continue
        }
        const action = r.changes?.segment?.to !== undefined ? 'add' : 'remove'
        const key = `${action}:${identifier.type}`
        const group = groups.get(key) ?? { rows: [], ids: [] }
        group.rows.push(r.row)
        group.ids.push(identifier.value)
        groups.set(key, group)
        if (group.ids.length >= SEGMENT_IDS_PER_CALL) units.push(take(key))
      }
      return { units, unsendable }
    },
    flush: () => [...groups.keys()].map(take),
  }
}

function collectionUnits(options: ImportOptions, home: CollectionHome): UnitBuilder {
  const rows: number[] = []
  const data: Record<string, unknown>[] = []
  let bytes = 0
  return {
    add(batch) {
      const unsendable: Unsendable[] = []
      for (const r of batch) {
        const values = valuesUnder(r.changes ?? {}, 'data')
        const size = Buffer.byteLength(JSON.stringify(values))
        if (size > COLLECTION_ROW_MAX_BYTES) unsendable.push({ row: r.row, message: `the row is ${size} bytes; a collection row may hold at most 10 KB` })
        else if (bytes + size > COLLECTION_MAX_BYTES) unsendable.push({ row: r.row, message: 'the collection would exceed 10 MB; split the file' })
        else {
          rows.push(r.row)
          data.push(values)
          bytes += size + 1
        }
      }
      return { units: [], unsendable }
    },
    flush() {
      if (rows.length === 0) return []
      const name = options.collectionName ?? 'imported collection'
      const existing = home.existingId()
      return [
        {
          rows,
          bytes,
          ops: 1,
          // replacing a collection's content converges; creating one twice makes two collections
          idempotent: existing !== null,
          async send(cio, signal) {
            if (existing !== null) await replaceCollection(cio, existing, data, signal, `replace collection ${name}`)
            else {
              // recorded so that the next import of the same name replaces it instead of making another
              const answer = await cio.request('app', () => cio.app.createCollection({ name, data }), { signal, idempotent: false, what: `create collection ${name}` })
              const created: unknown = (answer as { collection?: unknown } | null)?.collection
              if (typeof created === 'object' && created !== null) home.created(created as Record<string, unknown>)
            }
            return new Map()
          },
        },
      ]
    },
  }
}
