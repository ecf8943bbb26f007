import { describe, expect, it } from 'vitest'
import { importStateLabel, importSummaryLine } from '../../../src-renderer/screens/import/import-summary'

const base = { state: 'planned', rows: 1200, create: 3, update: 40, unchanged: 1157, invalid: 0, delete: 0, push: null }
const push = (accepted: number, rejected: number) => ({ sent: accepted + rejected, accepted, rejected, requests: 2, bytes: 10, status: 'done' })

describe('importSummaryLine', () => {
  it('says what a plan would do, and that it was not sent', () => {
    expect(importSummaryLine(base)).toBe('Planned 1,200 rows: 3 to create, 40 to update · not sent yet')
    expect(importSummaryLine({ ...base, rows: 1, create: 0, update: 0, invalid: 1 })).toBe('Planned 1 row: nothing to change · 1 invalid · not sent yet')
    expect(importSummaryLine({ ...base, state: 'discarded' })).toBe('Plan of 1,200 rows discarded · not sent')
  })

  it('says what a push sent, in the right number', () => {
    expect(importSummaryLine({ ...base, state: 'pushed', push: push(1198, 2) })).toBe('Imported 1,198 rows · 2 rejected')
    expect(importSummaryLine({ ...base, state: 'pushed', rows: 1, push: push(1, 0) })).toBe('Imported 1 row')
    expect(importSummaryLine({ ...base, state: 'paused', push: push(500, 0) })).toBe('Paused after 500 of 1,200 rows sent · push again to continue')
  })

  it('names states in words a user knows', () => {
    expect(importStateLabel('plan-cancelled')).toBe('Plan cancelled')
    expect(importStateLabel('pushed')).toBe('Sent')
  })
})
