import { PipelinesClient } from 'customerio-node'
import { describe, expect, it } from 'vitest'
import type { RowResult } from '../../../src-main/import/import-repo'
import { PIPELINES_LIMITS, pipelinesItemFor, pipelinesUnits, rowMessageId } from '../../../src-main/import/push/pipelines-units'

const NOW = () => Date.UTC(2026, 0, 2, 3, 4, 5)

function eventRow(row: number, id: string, extra: Record<string, unknown> = {}): RowResult {
  const changes: Record<string, { to: unknown }> = { name: { to: 'purchase' }, event_id: { to: `01J0000000000000000000${String(row).padStart(4, '0')}` }, timestamp: { to: 1_700_000_000 + row } }
  for (const [k, v] of Object.entries(extra)) changes[`data.${k}`] = { to: v }
  return { row, entityKey: `id:${id}`, bucket: 'create', outcome: null, changes, message: null } as unknown as RowResult
}

describe('the Pipelines route of an import', () => {
  it('turns an events row into a track call with its deterministic messageId and ISO timestamp', () => {
    const built = pipelinesItemFor('events', eventRow(7, 'u1', { amount: 5 }), 'job-1', NOW)
    expect(built).toMatchObject({ item: { type: 'track', userId: 'u1', event: 'purchase', properties: { amount: 5 }, messageId: '01J00000000000000000000007', timestamp: new Date((1_700_000_007) * 1000).toISOString() } })
  })

  it('turns a people row into identify traits, a cleared attribute as null', () => {
    const r = { row: 3, entityKey: 'id:u9', bucket: 'update', outcome: null, changes: { plan: { from: 'basic', to: 'pro' }, nickname: { from: 'x', to: undefined } }, message: null } as unknown as RowResult
    const built = pipelinesItemFor('people', r, 'job-1', NOW)
    expect(built).toMatchObject({ item: { type: 'identify', userId: 'u9', traits: { plan: 'pro', nickname: null }, messageId: rowMessageId('job-1', 3) } })
    expect(rowMessageId('job-1', 3)).toBe(rowMessageId('job-1', 3))
    expect(rowMessageId('job-1', 3)).not.toBe(rowMessageId('job-1', 4))
  })

  it('refuses rows it cannot address and kinds it does not carry', () => {
    expect(pipelinesItemFor('people', { ...eventRow(1, 'x'), entityKey: 'email:a@example.com' }, 'j', NOW)).toMatchObject({ error: expect.stringMatching(/by id/) })
    expect(pipelinesItemFor('devices', eventRow(1, 'x'), 'j', NOW)).toMatchObject({ error: expect.stringMatching(/only people and events/) })
  })

  it('measures exactly what the SDK sends: its envelope leaves our items unchanged', () => {
    const built = pipelinesItemFor('events', eventRow(1, 'u1', { note: 'é' }), 'job', NOW) as { item: Record<string, unknown> }
    const sdk = new PipelinesClient('test-key') as unknown as { envelope(p: object): object }
    // PipelinesClient.batch: items.map((item) => ({ ...this.envelope(item), type: item.type }))
    expect(JSON.stringify({ ...sdk.envelope(built.item), type: built.item.type })).toBe(JSON.stringify(built.item))
  })

  it('packs calls into batches under 500 KB and rejects a call over 32 KB', () => {
    const builder = pipelinesUnits('events', 'job', NOW)
    const rows = Array.from({ length: 400 }, (_, i) => eventRow(i + 1, `u${i}`, { blob: 'x'.repeat(3000) }))
    rows.push(eventRow(401, 'big', { blob: 'y'.repeat(40_000) }))
    const { units, unsendable } = builder.add(rows)
    const all = [...units, ...builder.flush()]
    expect(unsendable).toEqual([{ row: 401, message: expect.stringMatching(/32 KB per call/) }])
    expect(all.reduce((n, u) => n + u.rows.length, 0)).toBe(400)
    for (const u of all) expect(u.bytes).toBeLessThanOrEqual(PIPELINES_LIMITS.maxBatchBytes)
    // every batch but the last is filled to within one call of the limit
    for (const u of all.slice(0, -1)) expect(u.bytes).toBeGreaterThan(PIPELINES_LIMITS.maxBatchBytes - 3300)
    expect(all.every((u) => u.idempotent)).toBe(true)
  })
})
