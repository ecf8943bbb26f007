import { describe, expect, it } from 'vitest'
import type { CheckResult, ConnectionReport } from '../../../src-main/contract/workspaces'
import { flagRegionMismatch, judgeDraft, type KeysPresent } from '../../../src-main/workspaces/draft-check'

const ok: CheckResult = { ok: true, status: 'ok', message: 'accepted', ms: 5 }
const missing: CheckResult = { ok: false, status: 'missing-key', message: 'not set', ms: 0 }
const refused: CheckResult = { ok: false, status: 'auth', message: 'the key was refused (HTTP 401); check…', ms: 5 }
const down: CheckResult = { ok: false, status: 'network', message: 'could not reach the API (ECONNREFUSED); check the network or the URL', ms: 5 }
const all: KeysPresent = { siteId: true, trackApiKey: true, appApiKey: true, writeKey: true }

function report(track: CheckResult, app: CheckResult, pipelines: CheckResult, region: 'us' | 'eu' | null = 'us'): ConnectionReport {
  return { ok: [track, app, pipelines].every((c) => c.ok || c.status === 'missing-key'), region, track, app, pipelines }
}

describe('judgeDraft', () => {
  it('is ready when every key given is accepted; the write key may be left out', () => {
    const r = judgeDraft(report(ok, ok, missing), 'us', { ...all, writeKey: false }, [])
    expect(r).toMatchObject({ verdict: 'ready', problems: [] })
  })

  it('blocks on a missing Site ID, Track or App key, naming each and where to find it', () => {
    const r = judgeDraft(report(missing, missing, missing, null), 'custom', { siteId: false, trackApiKey: true, appApiKey: false, writeKey: false }, [])
    expect(r.verdict).toBe('blocked')
    expect(r.problems.map((p) => [p.key, p.blocking])).toEqual([
      ['siteId', true],
      ['appApiKey', true],
    ])
    expect(r.problems[1].message).toBe('App API key is missing: create one in Customer.io → Settings → API credentials → App API keys. Without it nothing can be read.')
  })

  it('blocks on a refused key with its HTTP status, and never offers saving anyway for it', () => {
    const r = judgeDraft(report(ok, refused, ok), 'us', all, [])
    expect(r.verdict).toBe('blocked')
    expect(r.problems).toEqual([{ key: 'appApiKey', blocking: true, message: 'App API key was refused: copy it again from Customer.io → Settings → API credentials → App API keys, or create a new one (HTTP 401).' }])
  })

  it('is unreachable (save anyway allowed) when the APIs cannot be reached and no key is missing', () => {
    const r = judgeDraft(report(down, down, down, null), 'custom', all, [])
    expect(r.verdict).toBe('unreachable')
    expect(r.problems.every((p) => !p.blocking)).toBe(true)
    // a refused key still blocks even when another API was unreachable
    expect(judgeDraft(report(refused, down, down, null), 'custom', all, []).verdict).toBe('blocked')
  })

  it('blocks keys of the other region, with the region to choose', () => {
    const flagged = flagRegionMismatch(report(ok, ok, ok, 'eu'), 'us')
    expect(flagged.ok).toBe(false)
    const r = judgeDraft(flagged, 'us', all, [])
    expect(r.verdict).toBe('blocked')
    expect(r.problems).toEqual([{ key: null, blocking: true, message: 'The keys belong to the EU region: choose EU as the kind.' }])
  })

  it('warns, without blocking, about a Site ID another workspace already uses', () => {
    const r = judgeDraft(report(ok, ok, ok), 'custom', all, ['Acme', 'Acme copy'])
    expect(r.verdict).toBe('ready')
    expect(r.problems).toEqual([{ key: 'siteId', blocking: false, message: 'Same Site ID as “Acme”, “Acme copy”: this may be the same Customer.io workspace twice.' }])
  })
})
