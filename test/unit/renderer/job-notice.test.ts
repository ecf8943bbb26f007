import { describe, expect, it } from 'vitest'
import { jobNotice } from '../../../src-renderer/state/job-notice'

const base = { kind: 'pull', trigger: 'user', state: 'succeeded', message: 'people: 2 created', changes: 2 } as const

describe('jobNotice', () => {
  it('tells a finished job with its message', () => {
    expect(jobNotice(base)).toEqual({ tone: 'success', title: 'Pull finished', detail: 'People: 2 created' })
  })

  it('says nothing of a scheduled run that changed nothing, but tells one that did, or failed', () => {
    expect(jobNotice({ ...base, trigger: 'schedule', changes: 0 })).toBeNull()
    expect(jobNotice({ ...base, trigger: 'schedule', changes: 3 })?.title).toBe('Scheduled pull finished')
    expect(jobNotice({ ...base, trigger: 'schedule', changes: 0, state: 'failed', message: 'workspace not reachable' })).toEqual({
      tone: 'error',
      title: 'Scheduled pull failed',
      detail: 'Workspace not reachable',
    })
  })

  it('tells a user run that changed nothing (the user asked for it)', () => {
    expect(jobNotice({ ...base, changes: 0 })?.tone).toBe('success')
  })

  it('names the kinds in the Sync menu words and says a cancel without a message', () => {
    expect(jobNotice({ ...base, kind: 'deep-pull', state: 'cancelled', message: 'cancelled' })).toEqual({ tone: 'info', title: 'Deep pull was cancelled', detail: null })
    expect(jobNotice({ ...base, kind: 'pull-and-push', trigger: 'tray' })?.title).toBe('Tray sync finished')
  })

  it('leaves a passed import check to its screen, but tells a failed one', () => {
    expect(jobNotice({ ...base, kind: 'import-plan' })).toBeNull()
    expect(jobNotice({ ...base, kind: 'import-plan', state: 'failed', message: 'file gone' })?.title).toBe('Import check failed')
  })

  it('tells a push that left conflicts in amber, with their number (issue 15 point 4)', () => {
    const push = { ...base, kind: 'push', message: '1 change sent in 1 request: 0 failed, 2 conflicts, 0 already in Customer.io' } as const
    expect(jobNotice({ ...push, conflicts: 2, failed: 0 })).toMatchObject({ tone: 'warning', title: 'Push changes finished with 2 conflicts' })
    expect(jobNotice({ ...push, conflicts: 0, failed: 0 })).toMatchObject({ tone: 'success', title: 'Push changes finished' })
    expect(jobNotice({ ...push, trigger: 'schedule', conflicts: 1, failed: 1 })?.title).toBe('Scheduled push changes finished with 1 conflict and 1 failed change')
  })
})
