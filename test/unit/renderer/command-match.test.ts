import { describe, expect, it } from 'vitest'
import { filterCommands, fuzzyMatch, matchCommand } from '../../../src-renderer/state/command-match'

// The command palette's ranking: what an ops person types first should come first.

const labels = (query: string, list: Array<{ label: string; keywords?: string[] }>) => filterCommands(query, list).map((r) => r.command.label)

const COMMANDS = [
  { label: 'Go to People', keywords: ['customers'] },
  { label: 'Go to Changes', keywords: ['outbox'] },
  { label: 'Go to Conflicts', keywords: ['open conflicts', 'resolve'] },
  { label: 'Go to Settings' },
  { label: 'Sync now' },
  { label: 'Sync history' },
  { label: 'Switch to workspace “Acme”', keywords: ['production'] },
  { label: 'New import', keywords: ['csv'] },
]

describe('fuzzyMatch', () => {
  it('finds letters in order, whatever their case, and nothing when one is missing', () => {
    expect(fuzzyMatch('conf', 'Go to Conflicts')).not.toBeNull()
    expect(fuzzyMatch('CONF', 'Go to Conflicts')).not.toBeNull()
    expect(fuzzyMatch('fnoc', 'Go to Conflicts')).toBeNull()
    expect(fuzzyMatch('confx', 'Go to Conflicts')).toBeNull()
  })

  it('highlights a word prefix as one range, and scattered letters one by one', () => {
    expect(fuzzyMatch('conf', 'Go to Conflicts')?.ranges).toEqual([[6, 10]])
    expect(fuzzyMatch('go conf', 'Go to Conflicts')?.ranges).toEqual([
      [0, 2],
      [6, 10],
    ])
    expect(fuzzyMatch('sn', 'Sync now')?.ranges).toEqual([
      [0, 1],
      [5, 6],
    ])
  })

  it('matches everything with an empty query', () => {
    expect(fuzzyMatch('  ', 'Sync now')).toEqual({ score: 0, ranges: [] })
  })
})

describe('filterCommands', () => {
  it('puts the screen whose name starts with what was typed first', () => {
    expect(labels('conf', COMMANDS)[0]).toBe('Go to Conflicts')
    expect(labels('imp', COMMANDS)[0]).toBe('New import')
    expect(labels('peo', COMMANDS)[0]).toBe('Go to People')
  })

  it('ranks a word start above letters in the middle of a word', () => {
    // "set" starts "Settings" but is scattered in "Switch to workspace".
    expect(labels('set', COMMANDS)[0]).toBe('Go to Settings')
  })

  it('prefers the shorter label for the same match', () => {
    expect(labels('sync', COMMANDS).slice(0, 2)).toEqual(['Sync now', 'Sync history'])
  })

  it('finds a command through its keywords, below a label that matches as well', () => {
    expect(labels('outbox', COMMANDS)).toEqual(['Go to Changes'])
    expect(labels('production', COMMANDS)).toEqual(['Switch to workspace “Acme”'])
    expect(matchCommand('resolve', COMMANDS[2])).not.toBeNull()
  })

  it('keeps the given order with no query, and answers nothing when nothing matches', () => {
    expect(labels('', COMMANDS)).toEqual(COMMANDS.map((c) => c.label))
    expect(labels('zzz', COMMANDS)).toEqual([])
  })
})

describe('fuzzyMatch when a word start would skip a needed letter', () => {
  it('falls back to first occurrences', () => {
    expect(fuzzyMatch('xy', 'axy Xb')?.ranges).toEqual([[1, 3]])
  })
})
