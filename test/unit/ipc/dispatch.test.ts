import { describe, expect, it } from 'vitest'
import { Dispatcher, type HandlerTable } from '../../../src-main/ipc/dispatch'
import { AppError } from '../../../src-main/contract/result'

// The dispatcher with a hand-made handler table: the validation and error mapping every channel gets.
const logged: string[] = []
const log = { warn: (m: string) => logged.push(m), error: (m: string) => logged.push(m) }
const view = {
  id: 'w1', name: 'Prod', kind: 'us', url: null, production: true, active: true, createdAt: 1, lastTest: null,
  credentials: { siteId: { set: true, last4: 'abcd' }, trackApiKey: { set: false, last4: null }, appApiKey: { set: false, last4: null }, writeKey: { set: false, last4: null } },
  sameSiteIdAs: [],
}
function table(overrides: Partial<Record<string, unknown>> = {}): HandlerTable {
  const fail = () => {
    throw new Error('not used')
  }
  return {
    app: { info: fail },
    workspaces: { list: () => ({ workspaces: [] }), add: () => view, update: fail, remove: fail, select: fail, test: fail, ...overrides },
    jobs: { start: fail, list: fail, cancel: fail },
    mirror: { status: fail },
  } as unknown as HandlerTable
}
const ctx = { transport: 'test' as const }

describe('Dispatcher', () => {
  it('refuses an unknown channel', async () => {
    const r = await new Dispatcher(table(), log).dispatch('app:secrets:dump', {}, ctx)
    expect(r).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } })
  })

  it('answers VALIDATION with the path of each bad field', async () => {
    const r = await new Dispatcher(table(), log).dispatch('app:workspaces:add', { name: '', kind: 'mars' }, ctx)
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.error.code).toBe('VALIDATION')
    expect(r.error.issues?.map((i) => i.path).sort()).toEqual(['kind', 'name'])
  })

  it('passes the parsed input (with defaults) to the handler and returns its value', async () => {
    let seen: unknown
    const d = new Dispatcher(table({ add: (i: unknown) => ((seen = i), view) }), log)
    const r = await d.dispatch('app:workspaces:add', { name: ' Prod ', kind: 'us' }, ctx)
    expect(r.ok).toBe(true)
    expect(seen).toEqual({ name: 'Prod', kind: 'us', production: false, credentials: {} })
  })

  it('maps an AppError to its code and anything else to INTERNAL without its details', async () => {
    const d1 = new Dispatcher(table({ list: () => { throw new AppError('KEYCHAIN', 'locked', true) } }), log)
    expect(await d1.dispatch('app:workspaces:list', {}, ctx)).toEqual({ ok: false, error: { code: 'KEYCHAIN', message: 'locked', retryable: true } })
    const d2 = new Dispatcher(table({ list: () => { throw new Error('disk /secret/path exploded') } }), log)
    const r = await d2.dispatch('app:workspaces:list', {}, ctx)
    expect(r).toMatchObject({ ok: false, error: { code: 'INTERNAL' } })
    expect(JSON.stringify(r)).not.toContain('/secret/path')
    expect(logged.join('\n')).toContain('/secret/path')
  })

  it('strips fields a handler returns outside the contract, so a secret cannot leak by accident', async () => {
    const leaky = { ...view, credentials: { ...view.credentials, siteId: { set: true, last4: 'abcd', value: 'full-secret-value' } } }
    const d = new Dispatcher(table({ add: () => leaky }), log)
    const r = await d.dispatch('app:workspaces:add', { name: 'x', kind: 'us' }, ctx)
    expect(r.ok).toBe(true)
    expect(JSON.stringify(r)).not.toContain('full-secret-value')
  })

  it('refuses an answer that breaks the contract', async () => {
    const d = new Dispatcher(table({ add: () => ({ id: 1 }) }), log)
    expect(await d.dispatch('app:workspaces:add', { name: 'x', kind: 'us' }, ctx)).toMatchObject({ ok: false, error: { code: 'INTERNAL' } })
  })
})
