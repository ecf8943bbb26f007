// A production workspace needs its name typed, exactly, before a transactional send or a broadcast
// trigger reaches its customers — the same rule as imports and outbox pushes
// (WorkspaceService.requireConfirmation). Nothing is sent when the name is missing or mistyped.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSandbox, type SandboxHandle } from '../../../src-main/sandbox'
import { AppError } from '../../../src-main/contract/result'
import type { RequestLog } from '../import/harness'
import { openMessagingEngine, type MessagingEngine } from './harness'

let sandbox: SandboxHandle
let e: MessagingEngine

beforeAll(async () => {
  sandbox = await startSandbox({ people: 0 })
  e = await openMessagingEngine(sandbox, 'production-confirm')
  await e.workspaces.update({ id: e.workspaceId, production: true })
}, 30_000)
afterAll(async () => {
  e?.close()
  await sandbox?.close()
})

async function sent(): Promise<string[]> {
  const res = await fetch(`${sandbox.url}/__sandbox/requests?limit=500`, { headers: { Authorization: `Bearer ${sandbox.adminToken}` } })
  return ((await res.json()) as RequestLog).requests.map((r) => r.path).filter((p) => p.startsWith('/v1/send') || p.includes('/triggers'))
}

describe('production confirmation for sends and broadcasts', () => {
  it('refuses without the exact name and sends nothing; sends with it', async () => {
    const name = e.workspaces.row(e.workspaceId).name
    const send = (confirm?: string) => e.messaging.sends.send(e.workspaceId, { channel: 'email', person: { email: 'ann@example.com' }, message: 'welcome', data: {}, confirm })
    for (const confirm of [undefined, name.toUpperCase(), ` ${name}`]) {
      const err = await send(confirm).then(() => null, (x: unknown) => x)
      expect(err, String(confirm)).toBeInstanceOf(AppError)
      expect((err as AppError).code).toBe('FORBIDDEN')
      expect((err as AppError).message).toContain(`"${name}" is a production workspace`)
    }
    const trigger = await e.messaging.broadcasts.trigger(e.workspaceId, { broadcastId: 1, data: {}, audience: { kind: 'default' }, ignoreMissing: false }).then(() => null, (x: unknown) => x)
    expect((trigger as AppError).code).toBe('FORBIDDEN')
    expect(await sent()).toEqual([])

    expect((await send(name)).status).toBe('queued')
    expect(await sent()).toEqual(['/v1/send/email'])
  })
})
