// Pure units of the sandbox: Basic auth parsing (both base64 alphabets), realm routing, the filter
// language (SQL and in-memory agree), the token bucket, cursors and page limits.

import { describe, expect, it } from 'vitest'
import Database from 'better-sqlite3'
import { parseAuthorization, realmOf } from '../../../src-main/sandbox/auth'
import { evaluateFilter, filterToSql, parseFilter, FilterError } from '../../../src-main/sandbox/filters'
import { TokenBucket, RateLimiter } from '../../../src-main/sandbox/rate-limits'
import { decodeCursor, encodeCursor, parseLimit } from '../../../src-main/sandbox/pagination'
import { HttpError } from '../../../src-main/sandbox/http-kit'
import { attributeProblem, eventProblem } from '../../../src-main/sandbox/limits'

describe('parseAuthorization', () => {
  it('accepts standard and URL-safe base64, with or without padding', () => {
    const raw = 'ab?>:c~~?' // encodes to both + and / in the standard alphabet
    const std = Buffer.from(raw).toString('base64')
    expect(std).toMatch(/[+/]/)
    const urlSafe = std.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
    for (const v of [std, urlSafe]) expect(parseAuthorization(`Basic ${v}`)).toEqual({ scheme: 'basic', user: 'ab?>', password: 'c~~?' })
    expect(parseAuthorization('Bearer abc')).toEqual({ scheme: 'bearer', user: 'abc', password: '' })
    expect(parseAuthorization('Basic !!!')).toBeNull()
    expect(parseAuthorization(undefined)).toBeNull()
  })

  it('routes paths to realms without collisions', () => {
    expect(realmOf('/api/v1/customers/1')).toBe('track')
    expect(realmOf('/api/v2/batch')).toBe('track')
    expect(realmOf('/v1/identify')).toBe('pipelines')
    expect(realmOf('/v1/batch')).toBe('pipelines')
    expect(realmOf('/v1/customers')).toBe('app')
    expect(realmOf('/v1/send/email')).toBe('app')
    expect(realmOf('/__sandbox/faults')).toBe('admin')
    expect(realmOf('/other')).toBeNull()
  })
})

describe('filters', () => {
  const db = new Database(':memory:')
  db.exec("CREATE TABLE people (pk INTEGER PRIMARY KEY, id TEXT, email TEXT, email_lc TEXT, attrs TEXT); CREATE TABLE segment_members (segment_id INT, pk INT)")
  const people: { pk: number; id: string | null; email: string | null; attrs: Record<string, string> }[] = [
    { pk: 1, id: 'a', email: 'A@x.com', attrs: { plan: 'pro', country: 'US' } },
    { pk: 2, id: null, email: 'b@x.com', attrs: { plan: 'free' } },
    { pk: 3, id: 'c', email: null, attrs: { plan: 'pro', country: 'DE' } },
  ]
  for (const p of people) db.prepare('INSERT INTO people VALUES (?, ?, ?, ?, ?)').run(p.pk, p.id, p.email, p.email?.toLowerCase() ?? null, JSON.stringify(p.attrs))
  db.prepare('INSERT INTO segment_members VALUES (7, 3)').run()
  const cases = [
    { attribute: { field: 'plan', operator: 'eq', value: 'pro' } },
    { attribute: { field: 'country', operator: 'exists' } },
    { attribute: { field: 'email', operator: 'eq', value: 'a@X.com' } },
    { attribute: { field: 'id', operator: 'exists' } },
    { not: { attribute: { field: 'email', operator: 'exists' } } },
    { and: [{ attribute: { field: 'plan', operator: 'eq', value: 'pro' } }, { not: { segment: { id: 7 } } }] },
    { or: [{ segment: { id: 7 } }, { attribute: { field: 'plan', operator: 'eq', value: 'free' } }] },
  ]
  it.each(cases)('SQL and in-memory evaluation agree for %j', (raw) => {
    const f = parseFilter(raw)
    const params: unknown[] = []
    const sql = filterToSql(f, params)
    const viaSql = (db.prepare(`SELECT pk FROM people p WHERE ${sql} ORDER BY pk`).pluck().all(...params) as number[])
    const inMemory = people.filter((p) => evaluateFilter(f, p, (sid) => sid === 7 && p.pk === 3)).map((p) => p.pk)
    expect(viaSql).toEqual(inMemory)
  })
  it('rejects malformed filters', () => {
    for (const bad of [null, {}, { and: [] }, { attribute: { field: 'x', operator: 'eq' } }, { attribute: { field: 'x', operator: 'lt', value: 1 } }, { segment: { id: 'x' } }, { a: 1, b: 2 }]) {
      expect(() => parseFilter(bad)).toThrow(FilterError)
    }
  })
})

describe('rate limiting', () => {
  it('token bucket allows capacity then asks to wait, refilling over time', () => {
    let now = 0
    const b = new TokenBucket(10, 10, () => now)
    for (let i = 0; i < 10; i++) expect(b.take().ok).toBe(true)
    const r = b.take()
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.waitMs).toBeCloseTo(100, 0)
    now += 100
    expect(b.take().ok).toBe(true)
  })
  it('Retry-After is whole seconds, at least 1; broadcasts 1 per 10 s', () => {
    let now = 1_000_000
    const l = new RateLimiter({ appPerSecond: 2 }, () => now)
    expect(l.check('app')).toBeNull()
    expect(l.check('app')).toBeNull()
    expect(l.check('app')).toBe(1)
    expect(l.check('broadcast')).toBeNull()
    now += 2500
    expect(l.check('broadcast')).toBe(8)
    now += 7500
    expect(l.check('broadcast')).toBeNull()
    l.set({ enabled: false })
    for (let i = 0; i < 50; i++) expect(l.check('app')).toBeNull()
  })
})

describe('pagination and limits', () => {
  it('cursors round-trip and foreign cursors are a 400', () => {
    expect(decodeCursor(encodeCursor(1234))).toBe(1234)
    expect(decodeCursor(null)).toBeUndefined()
    expect(() => decodeCursor('bm9wZQ==')).toThrow(HttpError)
    expect(parseLimit(null, [50, 1000])).toBe(50)
    expect(parseLimit('5000', [50, 1000])).toBe(1000)
    expect(() => parseLimit('0', [50, 1000])).toThrow(HttpError)
  })
  it('attribute and event limits with the documented texts', () => {
    expect(attributeProblem({ a: 'x'.repeat(1000) })).toBeNull()
    expect(attributeProblem({ a: 'x'.repeat(1001) })?.message).toBe("value for attribute 'a' cannot be longer than 1000 bytes")
    expect(attributeProblem({ id: '' })?.message).toBe('id attribute cannot be an empty string')
    expect(eventProblem('  ', {})?.message).toBe('event name must not be blank')
    expect(eventProblem('ok', { a: 1 })).toBeNull()
  })
})
