import { describe, expect, it } from 'vitest'
import { AppError } from '../../../src-main/contract/result'
import { feedUnreadable } from '../../../src-main/sync/pull/people-incremental'

// Which feed failures send the pull to an export, and which fail it (an export would fail too).

describe('feedUnreadable', () => {
  const live = new AbortController().signal
  it('falls back to an export when the API will not serve the feed', () => {
    expect(feedUnreadable(new AppError('NOT_FOUND', 'no such endpoint'), live)).toMatch(/could not be read \(no such endpoint\)/)
    expect(feedUnreadable(new AppError('REMOTE', 'refused (HTTP 400)'), live)).toMatch(/could not be read/)
  })
  it('fails the pull on what would fail an export too', () => {
    expect(feedUnreadable(new AppError('REMOTE', 'HTTP 503', true), live)).toBeNull()
    expect(feedUnreadable(new AppError('NETWORK', 'down', true), live)).toBeNull()
    expect(feedUnreadable(new AppError('AUTH', 'key'), live)).toBeNull()
    expect(feedUnreadable(new AppError('RATE_LIMITED', 'slow down', true), live)).toBeNull()
    expect(feedUnreadable(new Error('bug'), live)).toBeNull()
    const aborted = new AbortController()
    aborted.abort()
    expect(feedUnreadable(new AppError('NOT_FOUND', 'x'), aborted.signal)).toBeNull()
  })
})
