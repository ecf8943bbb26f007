import { describe, expect, it } from 'vitest'
import { checkEntries, dataProblems, entriesFromTable, payloadBytes, PER_USER_LIMITS, triggerBody } from '../../../src-main/messaging/broadcast/per-user-data'

describe('per-user data of a broadcast trigger', () => {
  it('reads an id or email column plus data columns, leaving blank cells out', () => {
    const { entries, fileErrors } = entriesFromTable(['ID', 'first_name', 'plan'], [['u1', 'Ada', ''], ['u2', 'Grace', 'pro']])
    expect(fileErrors).toEqual([])
    expect(entries).toEqual([{ id: 'u1', data: { first_name: 'Ada' } }, { id: 'u2', data: { first_name: 'Grace', plan: 'pro' } }])
  })

  it('uses the id of a row that fills both columns, the email of one that fills only that', () => {
    const { entries } = entriesFromTable(['id', 'email', 'x'], [['u1', 'a@example.com', '1'], ['', 'b@example.com', '2']])
    expect(entries).toEqual([{ id: 'u1', data: { x: '1' } }, { email: 'b@example.com', data: { x: '2' } }])
  })

  it('says so when the file has no identifier column', () => {
    expect(entriesFromTable(['name', 'plan'], [['a', 'b']]).fileErrors[0]).toMatch(/no id or email column/)
    expect(entriesFromTable(['id', 'plan'], [['a', 'b']], 'email').fileErrors[0]).toMatch(/no email column/)
  })

  it('refuses rows without an identifier, bad emails, over-long ids and repeats, naming the row', () => {
    const r = checkEntries([
      { id: 'u1', data: {} },
      { data: { a: 1 } },
      { email: 'not-an-email', data: {} },
      { id: 'x'.repeat(151), data: {} },
      { email: 'A@example.com', data: {} },
      { email: 'a@example.com', data: {} },
      { id: 'u1', data: {} },
    ])
    expect(r.entries.map((e) => e.id ?? e.email)).toEqual(['u1', 'A@example.com'])
    expect(r.invalid).toBe(5)
    expect(r.errors.map((e) => e.row)).toEqual([2, 3, 4, 6, 7])
    expect(r.errors[0].message).toMatch(/neither an id nor an email/)
    expect(r.errors[3].message).toMatch(/repeats row 5/)
  })

  it('enforces the documented limits: 10,000 recipients, 50,000 bytes of data', () => {
    const many = Array.from({ length: PER_USER_LIMITS.maxRecipients + 1 }, (_, i) => ({ id: `p${i}`, data: {} }))
    const r = checkEntries(many)
    expect(r.errors).toEqual([expect.objectContaining({ row: 0, message: expect.stringMatching(/at most 10,000/) })])
    expect(dataProblems({ big: 'x'.repeat(50_000) })[0]).toMatch(/at most 50000/)
    expect(dataProblems({ ok: 'x'.repeat(100) })).toEqual([])
    expect(checkEntries([{ id: 'u', data: { big: 'x'.repeat(60_000) } }]).invalid).toBe(1)
  })

  it('measures the trigger body as sent', () => {
    const body = triggerBody({ promo: 'x' }, { per_user_data: [{ id: 'u1', data: {} }] })
    expect(body).toEqual({ data: { promo: 'x' }, per_user_data: [{ id: 'u1', data: {} }] })
    expect(payloadBytes(body)).toBe(Buffer.byteLength(JSON.stringify(body)))
    expect(triggerBody({}, undefined)).toEqual({})
  })
})
