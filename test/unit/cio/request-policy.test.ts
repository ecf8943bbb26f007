import { CustomerIORequestError } from 'customerio-node'
import { describe, expect, it } from 'vitest'
import { MayHaveAppliedError } from '../../../src-main/cio/errors'
import { GovernorRegistry } from '../../../src-main/cio/rate-governor'
import { RequestRunner } from '../../../src-main/cio/request-policy'
import { FakeClock } from './fake-clock'

function httpError(status: number, headers: Record<string, string> = {}, body = '{"errors":[{"detail":"boom","status":"' + status + '"}]}') {
  return new CustomerIORequestError(JSON.parse(body), status, { statusCode: status, headers, ok: false }, body)
}

const refused = () => Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } })
const reset = () => Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNRESET' } })

function setup() {
  const clock = new FakeClock()
  const registry = new GovernorRegistry(undefined, clock)
  const reach: boolean[] = []
  const runner = new RequestRunner({ governor: (s) => registry.get('w', s), clock, random: () => 0, reachability: (r) => reach.push(r) })
  return { clock, runner, reach, governor: registry.get('w', 'app') }
}

/** A call that fails with the given errors in turn, then answers `ok`. */
function flaky(errors: unknown[]) {
  let calls = 0
  const fn = async () => {
    const err = errors[calls++]
    if (err) throw err
    return 'ok'
  }
  return { fn, calls: () => calls }
}

describe('RequestRunner', () => {
  it('retries a 429 after Retry-After, for reads and writes alike, and counts it', async () => {
    const { runner, clock, governor } = setup()
    const call = flaky([httpError(429, { 'retry-after': '2' })])
    await expect(runner.request('app', call.fn, { idempotent: false, what: 'send' })).resolves.toBe('ok')
    expect(call.calls()).toBe(2)
    expect(clock.now()).toBeGreaterThanOrEqual(2000)
    expect(governor.rate).toBeLessThan(10)
    expect(runner.stats).toEqual({ requests: 2, retries: 1, rateLimited: 1 })
  })

  it('retries 5xx and dropped connections of an idempotent call with exponential backoff', async () => {
    const { runner, clock } = setup()
    const call = flaky([httpError(503), reset(), httpError(500)])
    await expect(runner.request('app', call.fn, { idempotent: true, what: 'read' })).resolves.toBe('ok')
    expect(clock.sleeps.filter((ms) => ms >= 250)).toEqual([250, 500, 1000])
    expect(runner.stats.retries).toBe(3)
  })

  it('does not replay a write after a 5xx: it may have been applied', async () => {
    const { runner } = setup()
    const call = flaky([httpError(502)])
    const failure = runner.request('track', call.fn, { idempotent: false, what: 'send a batch' })
    await expect(failure).rejects.toBeInstanceOf(MayHaveAppliedError)
    await expect(failure).rejects.toThrow(/may have been applied/)
    expect(call.calls()).toBe(1)
  })

  it('does not replay a write whose connection broke mid-way, but does when it was never sent', async () => {
    const { runner } = setup()
    const broken = flaky([reset()])
    await expect(runner.request('track', broken.fn, { idempotent: false, what: 'send' })).rejects.toBeInstanceOf(MayHaveAppliedError)
    const neverSent = flaky([refused()])
    await expect(runner.request('track', neverSent.fn, { idempotent: false, what: 'send' })).resolves.toBe('ok')
  })

  it('gives up after the attempt budget with the mapped error', async () => {
    const { runner } = setup()
    const call = flaky(Array.from({ length: 10 }, () => httpError(500)))
    await expect(runner.request('app', call.fn, { idempotent: true, what: 'list segments' })).rejects.toMatchObject({ code: 'REMOTE', retryable: true })
    expect(call.calls()).toBe(5)
  })

  it('never retries a 4xx other than 429', async () => {
    const { runner } = setup()
    const call = flaky([httpError(401)])
    await expect(runner.request('app', call.fn, { idempotent: true, what: 'read' })).rejects.toMatchObject({ code: 'AUTH' })
    expect(call.calls()).toBe(1)
  })

  it('reports reachability: a network failure is unreachable, an HTTP error is not', async () => {
    const { runner, reach } = setup()
    await runner.request('app', flaky([reset(), httpError(500)]).fn, { idempotent: true, what: 'read' })
    expect(reach).toEqual([false, true, true])
  })

  it('stops between attempts when the signal is aborted', async () => {
    const { runner } = setup()
    const controller = new AbortController()
    const call = async () => {
      controller.abort()
      throw httpError(503)
    }
    await expect(runner.request('app', call, { idempotent: true, what: 'read', signal: controller.signal })).rejects.toMatchObject({ code: 'CANCELLED' })
  })
})
