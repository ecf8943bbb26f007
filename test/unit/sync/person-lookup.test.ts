import { describe, expect, it } from 'vitest'
import { GovernorRegistry } from '../../../src-main/cio/rate-governor'
import { ConnectivityTracker } from '../../../src-main/cio/connectivity'
import type { PersonDetail } from '../../../src-main/contract/people'
import { AppError } from '../../../src-main/contract/result'
import type { PersonLookup } from '../../../src-main/contract/people'
import { lookupKeysOf, notFoundOffline, notInWorkspace, recentlyUnreachable } from '../../../src-main/sync/person-lookup/lookup-key'
import { PersonLookupService, type PersonLookupDeps } from '../../../src-main/sync/person-lookup/person-lookup-service'

// The pure rules of the online person lookup, and the paths of the service that must never touch
// the network (the HTTP paths run against the real sandbox in test/integration/person-lookup).

describe('which App API reads can find a typed identifier', () => {
  it('reads an id as an id, an address as an email and then as an id, cio_<x> as a cio_id', () => {
    expect(lookupKeysOf('sbx-0000001')).toEqual([{ idType: 'id', value: 'sbx-0000001' }])
    expect(lookupKeysOf('  Ada@Example.com ')).toEqual([
      { idType: 'email', value: 'Ada@Example.com' },
      { idType: 'id', value: 'Ada@Example.com' },
    ])
    expect(lookupKeysOf('cio_03000001')).toEqual([{ idType: 'cio_id', value: '03000001' }])
  })

  it('asks nothing for an empty identifier, a bare cio_ prefix, or an id Customer.io would refuse', () => {
    expect(lookupKeysOf('')).toEqual([])
    expect(lookupKeysOf('   ')).toEqual([])
    expect(lookupKeysOf('cio_')).toEqual([])
    expect(lookupKeysOf('x'.repeat(151))).toEqual([])
    expect(lookupKeysOf('é'.repeat(76))).toEqual([]) // 152 bytes
    expect(lookupKeysOf('x'.repeat(150))).toHaveLength(1)
    // a long address is still an email, just not an id
    expect(lookupKeysOf(`${'a'.repeat(160)}@example.com`)).toEqual([{ idType: 'email', value: `${'a'.repeat(160)}@example.com` }])
  })
})

describe('answers when the workspace cannot help', () => {
  const miss = new AppError('NOT_FOUND', 'No person matches "u1" in the local mirror of this workspace. Search by part of an id or email, or pull to refresh the mirror.')

  it('keeps the mirror NOT_FOUND and says why the workspace was not asked', () => {
    const offline = notFoundOffline(miss, new AppError('NETWORK', 'could not reach the App API to look up u1 (ECONNREFUSED); check the network or the workspace URL', true))
    expect(offline.code).toBe('NOT_FOUND')
    expect(offline.retryable).toBe(true)
    expect(offline.message).toBe(`${miss.message} The workspace could not be asked for them: could not reach the App API to look up u1 (ECONNREFUSED); check the network or the workspace URL.`)
    const noKey = notFoundOffline(miss, new AppError('AUTH', 'this workspace has no App API key to look people up with; add it under Workspaces.'))
    expect(noKey).toMatchObject({ code: 'NOT_FOUND', retryable: false })
    expect(noKey.message.endsWith('add it under Workspaces.')).toBe(true)
  })

  it('names the identifier when nobody has it, here or there', () => {
    expect(notInWorkspace(' new@example.com ')).toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('"new@example.com" in the local mirror or in the workspace') })
  })

  it('holds off a workspace that failed within the hold, and only then', () => {
    expect(recentlyUnreachable(null, 1000, 60_000)).toBe(false)
    expect(recentlyUnreachable({ reachable: true, checkedAt: 900 }, 1000, 60_000)).toBe(false)
    expect(recentlyUnreachable({ reachable: false, checkedAt: 900 }, 1000, 60_000)).toBe(true)
    expect(recentlyUnreachable({ reachable: false, checkedAt: 900 }, 60_900, 60_000)).toBe(false)
  })
})

describe('PersonLookupService without a network', () => {
  const detail = { person: { pk: 7 } } as PersonDetail
  function service(known: (input: PersonLookup) => boolean, connectivity = new ConnectivityTracker({ emit: () => undefined }), now = 10_000) {
    const asked: string[] = []
    const deps: PersonLookupDeps = {
      sqlite: null as never, // never reached on these paths
      workspaces: {
        row: () => {
          asked.push('row')
          throw new Error('the workspace must not be asked')
        },
        connection: () => Promise.reject(new Error('the workspace must not be asked')),
      },
      connectivity,
      governors: new GovernorRegistry(),
      readPerson: (_ws, input) => {
        if (known(input)) return detail
        throw new AppError('NOT_FOUND', `No person matches ${input.pk !== undefined ? `pk ${input.pk}` : `"${input.ident}"`} in the local mirror of this workspace.`)
      },
      now: () => now,
    }
    return { lookup: new PersonLookupService(deps), asked }
  }

  it('answers from the mirror when it has the person', async () => {
    const { lookup, asked } = service(() => true)
    await expect(lookup.get('w1', { ident: 'u1' })).resolves.toBe(detail)
    expect(asked).toEqual([])
  })

  it('never goes online for a pk: a pk exists only in the mirror', async () => {
    const { lookup, asked } = service(() => false)
    await expect(lookup.get('w1', { pk: 99 })).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('pk 99') })
    expect(asked).toEqual([])
  })

  it('answers the mirror NOT_FOUND at once while the workspace is known to be unreachable', async () => {
    const connectivity = new ConnectivityTracker({ emit: () => undefined }, () => 5_000)
    connectivity.record('w1', false, 'could not reach the App API (ECONNREFUSED)')
    const { lookup, asked } = service(() => false, connectivity, 6_000)
    const err = await lookup.get('w1', { ident: 'u1' }).catch((e: unknown) => e)
    expect(err).toMatchObject({ code: 'NOT_FOUND', retryable: true })
    expect((err as Error).message).toMatch(/^No person matches "u1" in the local mirror.*could not be asked for them: could not reach the App API \(ECONNREFUSED\)\.$/)
    expect(asked).toEqual([])
  })

  it('asks nothing for an identifier no read can find, and says nobody has it', async () => {
    const { lookup, asked } = service(() => false)
    await expect(lookup.get('w1', { ident: 'cio_' })).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('in the local mirror or in the workspace') })
    expect(asked).toEqual([])
  })
})
