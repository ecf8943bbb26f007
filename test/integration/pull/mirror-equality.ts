// Compares every person of a mirror with the sandbox's own copy, attribute for attribute (not
// sampled): the sandbox is read through its App API (search + bulk attributes by cio_id) with its
// rate limiter off for the duration, since 20,000 people are 220 requests.

import { expect } from 'vitest'
import type { SandboxHandle } from '../../../src-main/sandbox'
import type { Engine } from './harness'

export interface RemoteCopy {
  id: string | null
  email: string | null
  attributes: Record<string, string>
  devices: { id: string }[]
}

async function admin(h: SandboxHandle, method: string, path: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${h.url}${path}`, { method, headers: { authorization: `Bearer ${h.adminToken}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) })
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`)
  return res.json()
}

export async function sandboxRequests(h: SandboxHandle): Promise<{ method: string; path: string; realm: string }[]> {
  return ((await admin(h, 'GET', '/__sandbox/requests?limit=100000')) as { requests: { method: string; path: string; realm: string }[] }).requests
}

export async function clearSandboxRequests(h: SandboxHandle): Promise<void> {
  await admin(h, 'DELETE', '/__sandbox/requests')
}

export async function setActivityWindow(h: SandboxHandle, seconds: number): Promise<void> {
  await admin(h, 'PUT', '/__sandbox/activity-window', { seconds })
}

/** Everyone the sandbox holds, by cio_id. */
export async function remotePeople(h: SandboxHandle): Promise<Map<string, RemoteCopy>> {
  await admin(h, 'PUT', '/__sandbox/rate-limits', { enabled: false })
  try {
    const app = (path: string, body?: unknown) =>
      fetch(`${h.url}/v1${path}`, { method: body ? 'POST' : 'GET', headers: { authorization: `Bearer ${h.appApiKey}`, 'content-type': 'application/json' }, body: body ? JSON.stringify(body) : undefined }).then(async (r) => {
        if (!r.ok) throw new Error(`${path}: ${r.status} ${await r.text()}`)
        return r.json() as Promise<Record<string, unknown>>
      })
    const cioIds: string[] = []
    let start: string | undefined
    for (;;) {
      const page = await app(`/customers?limit=1000${start ? `&start=${encodeURIComponent(start)}` : ''}`, { filter: { or: [{ attribute: { field: 'id', operator: 'exists' } }, { attribute: { field: 'email', operator: 'exists' } }] } })
      for (const i of page.identifiers as { cio_id: string }[]) cioIds.push(i.cio_id)
      if (!page.next || (page.identifiers as unknown[]).length < 1000) break
      start = page.next as string
    }
    const out = new Map<string, RemoteCopy>()
    for (let i = 0; i < cioIds.length; i += 100) {
      const body = await app('/customers/attributes?id_type=cio_id', { ids: cioIds.slice(i, i + 100) })
      for (const { customer } of body.customers as { customer: { identifiers: { id: string | null; email: string | null; cio_id: string }; attributes: Record<string, string>; devices: { id: string }[] } }[]) {
        const attributes = { ...customer.attributes }
        delete attributes.id
        delete attributes.email
        delete attributes.cio_id
        out.set(customer.identifiers.cio_id, { id: customer.identifiers.id, email: customer.identifiers.email, attributes, devices: customer.devices })
      }
    }
    return out
  } finally {
    await admin(h, 'PUT', '/__sandbox/rate-limits', { enabled: true })
  }
}

/**
 * Every live person of the mirror equals the sandbox's copy (identifiers and every attribute), and
 * nobody the sandbox has is missing. Devices are compared for `withDevices` (an export carries none).
 */
export async function expectMirrorEqualsSandbox(engine: Engine, h: SandboxHandle, withDevices: string[] = []): Promise<number> {
  const remote = await remotePeople(h)
  const rows = engine.mirror.sqlite
    .prepare('SELECT cio_id, id, email, attributes, devices FROM people WHERE ws = (SELECT ws FROM workspaces WHERE id = ?) AND deleted_at IS NULL')
    .all(engine.workspaceId) as { cio_id: string; id: string | null; email: string | null; attributes: string; devices: string | null }[]
  const mismatches: string[] = []
  for (const row of rows) {
    const theirs = remote.get(row.cio_id)
    if (!theirs) {
      mismatches.push(`${row.cio_id} (${row.id}) is in the mirror but not in the sandbox`)
      continue
    }
    const mine = { id: row.id, email: row.email, attributes: JSON.parse(row.attributes) as Record<string, string> }
    try {
      expect(mine).toEqual({ id: theirs.id, email: theirs.email, attributes: theirs.attributes })
    } catch {
      mismatches.push(`${row.cio_id} (${row.id}): mirror ${JSON.stringify(mine)} vs sandbox ${JSON.stringify({ id: theirs.id, email: theirs.email, attributes: theirs.attributes })}`)
    }
    if (withDevices.includes(row.cio_id)) {
      const devices = (JSON.parse(row.devices ?? '[]') as { id: string }[]).map((d) => d.id).sort()
      if (JSON.stringify(devices) !== JSON.stringify(theirs.devices.map((d) => d.id).sort())) mismatches.push(`${row.cio_id}: devices ${JSON.stringify(devices)} vs ${JSON.stringify(theirs.devices.map((d) => d.id))}`)
    }
  }
  const mirrored = new Set(rows.map((r) => r.cio_id))
  for (const [cioId, p] of remote) if (!mirrored.has(cioId)) mismatches.push(`${cioId} (${p.id}) is in the sandbox but not in the mirror`)
  expect(mismatches.slice(0, 10), `${mismatches.length} people differ`).toEqual([])
  expect(rows.length).toBe(remote.size)
  return rows.length
}
