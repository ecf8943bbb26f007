import { describe, expect, it } from 'vitest'
import { existingNameFor, suggestMapping } from '../../../src-main/import/mapping'
import { similarNames } from '../../../src-main/import/plan/known-attributes'

// Issue 14, item 4: mapping suggests the workspace's own spelling of a name, and nothing looser.
const known = ['accountTier', 'created_at', 'email', 'id', 'lifetime_value', 'plan']

describe('existingNameFor', () => {
  it.each([
    ['Lifetime Value', 'lifetime_value'],
    ['lifetime-value', 'lifetime_value'],
    ['LifetimeValue', 'lifetime_value'],
    ['Plan', 'plan'],
    ['ACCOUNT TIER', 'accountTier'],
    ['account_tier', 'accountTier'],
    ['LTV', null],
    ['plans', null],
    ['lifetime_valeu', null],
  ] as const)('%s → %s', (header, expected) => {
    expect(existingNameFor(header, known)).toBe(expected)
  })

  it('takes no side when two spellings exist, unless one is the header snake_cased', () => {
    expect(existingNameFor('Tier', ['tier', 'Tier'])).toBe('tier')
    expect(existingNameFor('Tier Code', ['TierCode', 'tierCode'])).toBeNull()
  })
})

describe('suggestMapping with the workspace\'s names', () => {
  it('maps a header to the existing spelling, keeps the identifier, and leaves unknown names snake_cased', () => {
    const m = suggestMapping('people', ['ID', 'Account Tier', 'LTV', 'Plan'], [['1', 'gold', '10', 'pro']], { knownAttributes: known })
    expect(m.columns.map((c) => c.target)).toEqual(['id', 'accountTier', 'ltv', 'plan'])
  })
})

describe('similarNames', () => {
  it('offers existing names one or two edits away (a typo), never the name itself', () => {
    expect(similarNames('lifetime_valeu', known)).toEqual(['lifetime_value'])
    expect(similarNames('Plan', known)).toEqual(['plan'])
    expect(similarNames('ltv', known)).toEqual([])
  })
})
