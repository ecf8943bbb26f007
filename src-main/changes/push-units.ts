// What the outbox push sends, per request: Track v2 batches packed by size (cio/packer.ts, as the import's:
// ≤ 500 KB per request, ≤ 32 KB per operation) carrying one `identify` per person with only the
// changed attributes plus delete/suppress/unsuppress operations; Track v1 add/remove_customers
// calls of ≤ 1000 ids per segment; one App API content replacement per collection. Every request
// here converges when repeated (identify is an upsert, membership and content are set, deleting
// twice deletes once), which is what lets a push killed mid-request resend it after a restart.

import type { CioClientSet } from '../cio/client-set'
import { personPkOf } from '../base/entity-key'
import { BatchPacker, toPackable, type PackedBatch } from '../cio/packer'
import { replaceCollection, SEGMENT_IDS_PER_CALL, segmentMembersBody, sendSegmentMembers, sendTrackBatch } from '../cio/track-writes'
import type { OutboxRow } from './outbox-repo'

/** Who an entry is about, as the push addresses them. */
export interface Addressee {
  cioId: string | null
  id: string | null
  email: string | null
}

/** One operation of a request and the outbox entries it carries. */
export interface UnitItem {
  entries: number[]
}

export interface PushUnit {
  items: UnitItem[]
  bytes: number
  what: string
  /** sends the request; resolves with the refused items' messages, keyed by index into `items` */
  send(cio: CioClientSet, signal: AbortSignal): Promise<Map<number, string>>
}

export interface BuiltUnits {
  units: PushUnit[]
  /** entries that cannot become a request, with the reason */
  unsendable: { entries: number[]; message: string }[]
}

type Identifiers = { cio_id: string } | { id: string } | { email: string }

/** cio_id first: it never changes, so it addresses the person even while their id or email does. */
function identifiersOf(a: Addressee, prefer: 'cio_id' | 'id'): Identifiers | null {
  if (prefer === 'cio_id' && a.cioId) return { cio_id: a.cioId }
  if (a.id) return { id: a.id }
  if (a.email) return { email: a.email }
  return a.cioId ? { cio_id: a.cioId } : null
}

export function buildUnits(entries: OutboxRow[], people: Map<number, Addressee>): BuiltUnits {
  const unsendable: BuiltUnits['unsendable'] = []
  const v2: { op: Record<string, unknown>; entries: number[] }[] = []
  const identifyAt = new Map<number, number>()
  const segments = new Map<string, { segmentId: number; action: 'add' | 'remove'; idType: string; ids: string[]; items: UnitItem[] }>()
  const batches: PushUnit[] = []
  const memberships: PushUnit[] = []
  const collections: PushUnit[] = []
  for (const e of entries) {
    if (e.op === 'collection') {
      collections.push(collectionUnit(e))
      continue
    }
    const pk = personPkOf(e.entityKey)
    const person = pk === null ? undefined : people.get(pk)
    const ids = person ? identifiersOf(person, e.op === 'unsuppress' ? 'id' : 'cio_id') : null
    if (pk === null || !person || !ids) {
      unsendable.push({ entries: [e.id], message: 'the person has no identifier Customer.io knows (no cio_id, id or email)' })
      continue
    }
    if (e.op === 'identify') {
      // an id or email change must address the person by cio_id (docs/customerio-api.md §2.4)
      const attributes = (e.payload.attributes ?? {}) as Record<string, unknown>
      if (('id' in attributes || 'email' in attributes) && !('cio_id' in ids)) {
        unsendable.push({ entries: [e.id], message: 'changing an id or email needs the person\'s cio_id; pull first' })
        continue
      }
      const at = identifyAt.get(pk)
      if (at === undefined) {
        identifyAt.set(pk, v2.length)
        v2.push({ op: { type: 'person', action: 'identify', identifiers: ids, attributes: { ...attributes } }, entries: [e.id] })
      } else {
        Object.assign(v2[at].op.attributes as Record<string, unknown>, attributes)
        v2[at].entries.push(e.id)
      }
    } else if (e.op === 'delete' || e.op === 'suppress' || e.op === 'unsuppress') {
      v2.push({ op: { type: 'person', action: e.op, identifiers: ids }, entries: [e.id] })
    } else if (e.op === 'segment_add' || e.op === 'segment_remove') {
      const action = e.op === 'segment_add' ? 'add' : 'remove'
      const [idType, value] = Object.entries(ids)[0] as [string, string]
      const key = `${String(e.payload.segmentId)}:${action}:${idType}`
      const group = segments.get(key) ?? { segmentId: Number(e.payload.segmentId), action, idType, ids: [], items: [] }
      group.ids.push(value)
      group.items.push({ entries: [e.id] })
      segments.set(key, group)
      if (group.ids.length >= SEGMENT_IDS_PER_CALL) {
        memberships.push(segmentUnit(group))
        segments.delete(key)
      }
    } else {
      unsendable.push({ entries: [e.id], message: `cio-sync cannot send "${e.op}" changes yet` })
    }
  }
  const packer = new BatchPacker()
  v2.forEach((item, index) => {
    const op = toPackable(index, item.op)
    if (!packer.fits(op)) {
      unsendable.push({ entries: item.entries, message: `the operation is ${op.bytes} bytes; Customer.io takes at most 32 KB per operation` })
      return
    }
    const closed = packer.add(op)
    if (closed) batches.push(v2Unit(closed, v2))
  })
  const last = packer.flush()
  if (last) batches.push(v2Unit(last, v2))
  // person changes first (in entry order), then memberships, then collections
  return { units: [...batches, ...memberships, ...[...segments.values()].map(segmentUnit), ...collections], unsendable }
}

function v2Unit(batch: PackedBatch, all: { entries: number[] }[]): PushUnit {
  const what = `send a batch of ${batch.ops.length} changes`
  return {
    items: batch.ops.map((o) => ({ entries: all[o.row].entries })),
    bytes: batch.bytes,
    what,
    send: (cio, signal) => sendTrackBatch(cio, batch.ops.map((o) => o.op), signal, what),
  }
}

function segmentUnit(g: { segmentId: number; action: 'add' | 'remove'; idType: string; ids: string[]; items: UnitItem[] }): PushUnit {
  const what = `${g.action} ${g.ids.length} people ${g.action === 'add' ? 'to' : 'from'} segment ${g.segmentId}`
  return {
    items: g.items,
    bytes: Buffer.byteLength(JSON.stringify(segmentMembersBody(g))),
    what,
    async send(cio, signal) {
      await sendSegmentMembers(cio, g, signal, what)
      return new Map()
    },
  }
}

function collectionUnit(e: OutboxRow): PushUnit {
  const id = Number(e.payload.collectionId)
  const rows = (e.payload.rows ?? []) as Record<string, unknown>[]
  const what = `replace the content of collection ${id}`
  return {
    items: [{ entries: [e.id] }],
    bytes: Buffer.byteLength(JSON.stringify(rows)),
    what,
    async send(cio, signal) {
      await replaceCollection(cio, id, rows, signal, what)
      return new Map()
    },
  }
}
