import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { DEFAULT_RATES, GovernorRegistry } from '../../../src-main/cio/rate-governor'
import { openMirror, type Mirror } from '../../../src-main/db/connection'
import { PreferencesService, workspaceRates } from '../../../src-main/preferences/preferences-service'
import { SchedulesRepo } from '../../../src-main/schedule/schedules-repo'
import { FakeClock } from '../cio/fake-clock'

// Preferences over a real mirror file: a workspace's own Track/Pipelines rate reaches the rate
// governors of that workspace only, a change applies from the next request, null goes back to the
// default, and the battery threshold is the one the scheduler reads.
let mirror: Mirror
let prefs: PreferencesService
let governors: GovernorRegistry

beforeEach(() => {
  mirror = openMirror(join(mkdtempSync(join(tmpdir(), 'cio-sync-prefs-')), 'mirror.db'))
  governors = new GovernorRegistry(DEFAULT_RATES, new FakeClock(), workspaceRates(mirror))
  prefs = new PreferencesService(mirror, governors)
})
afterEach(() => mirror.close())

describe('preferences', () => {
  it('starts from the defaults', () => {
    expect(prefs.get('ws-a')).toEqual({
      workspaceId: 'ws-a', trackRate: null, pipelinesRate: null, batteryThreshold: 20, extraAttributeNames: [],
      defaults: { trackRate: DEFAULT_RATES.track, pipelinesRate: DEFAULT_RATES.pipelines, batteryThreshold: 20 },
    })
    expect(governors.get('ws-a', 'track').configuredRate).toBe(DEFAULT_RATES.track)
  })

  it("gives a workspace its own Track and Pipelines rates, from the next request, and only that workspace's", () => {
    const before = governors.get('ws-a', 'track')
    expect(prefs.set('ws-a', { trackRate: 250, pipelinesRate: 40 })).toMatchObject({ trackRate: 250, pipelinesRate: 40 })
    expect(governors.get('ws-a', 'track')).not.toBe(before)
    expect(governors.get('ws-a', 'track').configuredRate).toBe(250)
    expect(governors.get('ws-a', 'pipelines').configuredRate).toBe(40)
    expect(governors.get('ws-b', 'track').configuredRate).toBe(DEFAULT_RATES.track)
    // the App API's limit is fixed whatever is stored
    expect(governors.get('ws-a', 'app').configuredRate).toBe(DEFAULT_RATES.app)
    // a new engine on the same file reads them back
    expect(new PreferencesService(mirror, new GovernorRegistry()).get('ws-a')).toMatchObject({ trackRate: 250, pipelinesRate: 40 })
  })

  it('goes back to the default on null and leaves absent fields alone', () => {
    prefs.set('ws-a', { trackRate: 250, pipelinesRate: 40 })
    expect(prefs.set('ws-a', { trackRate: null })).toMatchObject({ trackRate: null, pipelinesRate: 40 })
    expect(governors.get('ws-a', 'track').configuredRate).toBe(DEFAULT_RATES.track)
    expect(prefs.set('ws-a', { pipelinesRate: null })).toMatchObject({ trackRate: null, pipelinesRate: null })
  })

  it('keeps the battery threshold the scheduler reads', () => {
    prefs.set('ws-a', { batteryThreshold: 35 })
    expect(new SchedulesRepo(mirror).batteryThreshold()).toBe(35)
    expect(prefs.get('ws-b').batteryThreshold).toBe(35)
  })
})
