import { describe, expect, it } from 'vitest'
import { hashSegments, hrefWith, parseHash } from '../../../src-renderer/components/route'

// Hash routes carry an optional path after the screen: "#/people/<person>" opens a person, so
// Back closes the panel and a link opens it directly.

describe('parseHash', () => {
  it('reads the screen from the first segment, as before', () => {
    expect(parseHash('#/people')).toBe('people')
    expect(parseHash('#/people/cio_a1')).toBe('people')
    expect(parseHash('#/segments?x=1')).toBe('segments')
    expect(parseHash('')).toBe('workspaces')
    expect(parseHash('#/nowhere/else')).toBe('workspaces')
  })
})

describe('hashSegments', () => {
  it('gives the decoded segments after the screen', () => {
    expect(hashSegments('#/people')).toEqual([])
    expect(hashSegments('#/people/')).toEqual([])
    expect(hashSegments('#/people/cio_a1b2')).toEqual(['cio_a1b2'])
    expect(hashSegments('#/people/ann%40example.com')).toEqual(['ann@example.com'])
    expect(hashSegments('#people/a%2Fb/c')).toEqual(['a/b', 'c'])
    expect(hashSegments('#/people/x?tab=1')).toEqual(['x'])
    expect(hashSegments('#/people/%E0%A4%A')).toEqual([])
  })
  it('round-trips what hrefWith writes', () => {
    for (const ident of ['cio_a1', 'ann+1@example.com', 'a/b c?d#e', 'über'])
      expect(hashSegments(hrefWith('people', ident))).toEqual([ident])
    expect(hrefWith('people')).toBe('#/people')
    expect(hrefWith('people', 'ann@example.com')).toBe('#/people/ann%40example.com')
  })
})
