import { describe, expect, it } from 'vitest'
import { allChannels, allEvents, channelTable } from '../../../src-main/contract'
import { addWorkspaceInput } from '../../../src-main/contract/workspaces'

describe('contracts', () => {
  it('name every channel app:<domain>:<verb>, uniquely', () => {
    const names = allChannels().map((c) => c.name)
    for (const n of names) expect(n).toMatch(/^app:[a-z]+:[a-z]+$/)
    expect(new Set(names).size).toBe(names.length)
    for (const e of allEvents()) expect(e.name).toMatch(/^app:[a-z]+:[a-z]+$/)
  })

  it('give the bridges a table of domain → verb → channel', () => {
    expect(channelTable().workspaces.add).toBe('app:workspaces:add')
  })

  it('require a url for a custom workspace and refuse one elsewhere', () => {
    expect(addWorkspaceInput.safeParse({ name: 'x', kind: 'custom' }).success).toBe(false)
    expect(addWorkspaceInput.safeParse({ name: 'x', kind: 'us', url: 'https://x.example' }).success).toBe(false)
    expect(addWorkspaceInput.safeParse({ name: 'x', kind: 'custom', url: 'ftp://x' }).success).toBe(false)
    expect(addWorkspaceInput.safeParse({ name: 'x', kind: 'custom', url: 'http://127.0.0.1:1234' }).success).toBe(true)
  })

  it('refuse unknown fields, so a typo never silently drops a key', () => {
    const r = addWorkspaceInput.safeParse({ name: 'x', kind: 'us', credentials: { trackKey: 'abc' } })
    expect(r.success).toBe(false)
  })

  it('refuse a production sandbox', () => {
    expect(addWorkspaceInput.safeParse({ name: 'x', kind: 'sandbox', production: true }).success).toBe(false)
  })
})
