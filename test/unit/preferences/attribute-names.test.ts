import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { preferencesContract } from '../../../src-main/contract/preferences'
import { AppError } from '../../../src-main/contract/result'
import { PreferencesService } from '../../../src-main/preferences/preferences-service'
import { GovernorRegistry } from '../../../src-main/cio/rate-governor'
import { PeopleSyncStateRepo } from '../../../src-main/db/people-sync-state-repo'
import { addWorkspace, tempHome } from '../db/helpers'

// "Attributes to always pull" (issue 13) through the preferences contract over a real mirror file:
// the input is checked by the channel's zod schema as the dispatcher does (non-empty after trimming,
// at most 150 bytes, no duplicates, at most 200), the answer must pass the output schema, and the
// names land in people_sync_state where the export path of the pull reads them.

let home: ReturnType<typeof tempHome>
let prefs: PreferencesService
let syncState: PeopleSyncStateRepo

const { get, set } = preferencesContract.channels

/** One `app:preferences:set` call: input validation, the handler's service call, output validation. */
function callSet(raw: Record<string, unknown>): { ok: true; names: string[] } | { ok: false; message: string } {
  const input = set.input.safeParse(raw)
  if (!input.success) return { ok: false, message: input.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') }
  const { workspaceId, ...update } = input.data
  const out = set.output.parse(prefs.set(workspaceId ?? 'ws-a', update))
  return { ok: true, names: out.extraAttributeNames }
}

beforeEach(() => {
  home = tempHome()
  const m = home.open()
  addWorkspace(m, 'ws-a', 'A', true)
  addWorkspace(m, 'ws-b', 'B')
  prefs = new PreferencesService(m, new GovernorRegistry())
  syncState = new PeopleSyncStateRepo(m.sqlite)
})
afterEach(() => home.cleanup())

describe('attributes to always pull', () => {
  it('are none at first', () => {
    expect(get.output.parse(prefs.get('ws-a')).extraAttributeNames).toEqual([])
  })

  it('are kept per workspace, trimmed and sorted, where the pull reads them', () => {
    expect(callSet({ workspaceId: 'ws-a', extraAttributeNames: ['tier', ' plan ', 'ünïcødé'] })).toEqual({ ok: true, names: ['plan', 'tier', 'ünïcødé'] })
    expect(syncState.get('ws-a').extraAttributeNames).toEqual(['plan', 'tier', 'ünïcødé'])
    expect(prefs.get('ws-b').extraAttributeNames).toEqual([])
    // a new engine on the same file reads them back
    expect(new PreferencesService(home.open(), new GovernorRegistry()).get('ws-a').extraAttributeNames).toEqual(['plan', 'tier', 'ünïcødé'])
  })

  it('are removed by sending the list without them, and left alone by an update without the field', () => {
    callSet({ workspaceId: 'ws-a', extraAttributeNames: ['plan', 'tier'] })
    expect(callSet({ workspaceId: 'ws-a', extraAttributeNames: ['tier'] })).toEqual({ ok: true, names: ['tier'] })
    expect(callSet({ workspaceId: 'ws-a', trackRate: 250 })).toEqual({ ok: true, names: ['tier'] })
    expect(callSet({ workspaceId: 'ws-a', extraAttributeNames: [] })).toEqual({ ok: true, names: [] })
  })

  it('leave the rest of the pull state alone', () => {
    syncState.addAttributeNames('ws-a', ['email', 'plan'], 'export')
    syncState.recordDeepFinished('ws-a', 1234)
    callSet({ workspaceId: 'ws-a', extraAttributeNames: ['tier'] })
    expect(syncState.get('ws-a')).toMatchObject({ attributeNames: { email: ['export'], plan: ['export'] }, deepFinishedAt: 1234, extraAttributeNames: ['tier'] })
  })

  it('refuse an empty name, one over 150 bytes, a name twice and more than 200 names', () => {
    expect(callSet({ extraAttributeNames: [''] })).toMatchObject({ ok: false, message: expect.stringContaining('must not be empty') })
    expect(callSet({ extraAttributeNames: ['   '] })).toMatchObject({ ok: false, message: expect.stringContaining('must not be empty') })
    // 76 × "é" is 76 characters but 152 bytes: the limit is Customer.io's, in bytes
    expect(callSet({ extraAttributeNames: ['é'.repeat(76)] })).toMatchObject({ ok: false, message: expect.stringContaining('at most 150 bytes') })
    expect(callSet({ extraAttributeNames: ['a'.repeat(150)] })).toMatchObject({ ok: true })
    expect(callSet({ extraAttributeNames: ['plan', 'tier', 'plan'] })).toMatchObject({ ok: false, message: expect.stringContaining('extraAttributeNames.2: "plan" is listed twice') })
    expect(callSet({ extraAttributeNames: ['plan', ' plan'] })).toMatchObject({ ok: false, message: expect.stringContaining('listed twice') })
    const many = Array.from({ length: 201 }, (_, i) => `attr_${i}`)
    expect(callSet({ extraAttributeNames: many })).toMatchObject({ ok: false, message: expect.stringContaining('at most 200') })
    expect(callSet({ extraAttributeNames: many.slice(0, 200) })).toMatchObject({ ok: true })
    expect(callSet({ extraAttributeNames: [42] })).toMatchObject({ ok: false })
    // nothing refused was stored
    expect(prefs.get('ws-a').extraAttributeNames).toHaveLength(200)
  })

  it('answer NOT_FOUND for a workspace that does not exist, and store nothing', () => {
    let thrown: unknown
    try {
      prefs.set('ws-gone', { extraAttributeNames: ['plan'], trackRate: 99 })
    } catch (err) {
      thrown = err
    }
    expect(thrown).toBeInstanceOf(AppError)
    expect(thrown).toMatchObject({ code: 'NOT_FOUND' })
    expect(prefs.get('ws-gone')).toMatchObject({ trackRate: null, extraAttributeNames: [] })
  })
})
