// The transactional templates of a workspace over the real sandbox: read from GET /v1/transactional
// and cached in the mirror; "last sent" and the send count come from the audit log of queued sends
// (by id or by trigger name, any case), not from failed ones; with Customer.io unreachable the
// cached list is answered with `offline: true`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSandbox, type SandboxHandle } from '../../../src-main/sandbox'
import { openMessagingEngine, type MessagingEngine } from './harness'

let sandbox: SandboxHandle
let e: MessagingEngine

beforeAll(async () => {
  sandbox = await startSandbox({ people: 0 })
  e = await openMessagingEngine(sandbox, 'transactional')
}, 30_000)
afterAll(async () => {
  e?.close()
  await sandbox?.close()
})

describe('transactional templates', () => {
  it('lists the templates with their channel, counts queued sends, and answers the cache offline', async () => {
    const first = await e.messaging.transactional.list(e.workspaceId, true)
    expect(first.offline).toBe(false)
    expect(first.fetchedAt).not.toBeNull()
    expect(first.templates.map((t) => [t.id, t.name, t.channel, t.sends, t.lastSentAt])).toEqual([
      [2, 'alert', 'push', 0, null],
      [3, 'otp', 'sms', 0, null],
      [1, 'welcome', 'email', 0, null],
    ])
    expect(first.templates.find((t) => t.name === 'welcome')?.description).toBe('Welcome email')

    const send = (channel: 'email' | 'push' | 'sms', message: number | string, to?: string) =>
      e.messaging.sends.send(e.workspaceId, { channel, person: { email: 'ann@example.com' }, message, data: {}, ...(to ? { to } : {}) })
    expect((await send('email', 'Welcome')).status).toBe('queued')
    expect((await send('email', 1)).status).toBe('queued')
    expect((await send('sms', 3, '+15551234567')).status).toBe('queued')
    // a push template sent as an email is refused by Customer.io: audited as failed, not counted
    await expect(send('email', 'alert')).rejects.toThrow()

    const after = await e.messaging.transactional.list(e.workspaceId, false)
    const by = Object.fromEntries(after.templates.map((t) => [t.name, t]))
    expect(by.welcome.sends).toBe(2)
    expect(by.welcome.lastSentAt).toBeGreaterThan(0)
    expect(by.otp.sends).toBe(1)
    expect(by.alert).toMatchObject({ sends: 0, lastSentAt: null })

    await e.workspaces.update({ id: e.workspaceId, url: 'http://127.0.0.1:9' })
    const offline = await e.messaging.transactional.list(e.workspaceId, true)
    expect(offline.offline).toBe(true)
    expect(offline.templates.map((t) => t.name)).toEqual(['alert', 'otp', 'welcome'])
    expect(offline.fetchedAt).toBe(after.fetchedAt)
  }, 60_000)
})
