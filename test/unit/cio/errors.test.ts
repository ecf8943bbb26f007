import { CustomerIORequestError } from 'customerio-node'
import { describe, expect, it } from 'vitest'
import { retryAfterMs, toAppError } from '../../../src-main/cio/errors'
import { AppError } from '../../../src-main/contract/result'

const http = (status: number, body: string, headers: Record<string, string> = {}) =>
  new CustomerIORequestError(JSON.parse(body || '{}'), status, { statusCode: status, headers, ok: false }, body)

describe('toAppError', () => {
  it.each([
    [401, 'AUTH', /refused the key.*check the key under Workspaces/],
    [403, 'AUTH', /HTTP 403/],
    [404, 'NOT_FOUND', /does not exist/],
    [429, 'RATE_LIMITED', /wait a minute/],
    [500, 'REMOTE', /HTTP 500.*try again later/],
    [400, 'REMOTE', /refused to list segments \(HTTP 400: bad thing\)/],
  ])('maps HTTP %i to %s', (status, code, message) => {
    const err = toAppError(http(status, '{"errors":[{"detail":"bad thing","status":"' + status + '"}]}'), 'app', 'list segments')
    expect(err.code).toBe(code)
    expect(err.message).toMatch(message)
  })

  it('reads the Track envelope too', () => {
    expect(toAppError(http(400, '{"meta":{"error":"name cannot be blank"}}'), 'track', 'send an event').message).toMatch(/Track API refused to send an event \(HTTP 400: name cannot be blank\)/)
  })

  it('maps fetch failures to NETWORK with the socket error and what to do', () => {
    const err = toAppError(Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } }), 'app', 'list segments')
    expect(err).toMatchObject({ code: 'NETWORK', retryable: true })
    expect(err.message).toMatch(/could not reach the App API.*ECONNREFUSED.*check the network/)
    expect(toAppError(new DOMException('t', 'TimeoutError'), 'app', 'read').message).toMatch(/timed out/)
  })

  it('passes AppErrors through', () => {
    const cancelled = new AppError('CANCELLED', 'cancelled')
    expect(toAppError(cancelled, 'app', 'x')).toBe(cancelled)
  })
})

describe('retryAfterMs', () => {
  it('reads seconds and HTTP dates, caps at 300 s and ignores garbage', () => {
    expect(retryAfterMs(http(429, '', { 'retry-after': '3' }))).toBe(3000)
    expect(retryAfterMs(http(429, '', { 'retry-after': '9999' }))).toBe(300_000)
    expect(retryAfterMs(http(429, '', { 'retry-after': new Date(10_000).toUTCString() }), 4000)).toBe(6000)
    expect(retryAfterMs(http(429, '', { 'retry-after': 'soon' }))).toBeNull()
    expect(retryAfterMs(http(429, ''))).toBeNull()
  })
})
