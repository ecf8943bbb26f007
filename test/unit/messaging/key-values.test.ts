import { describe, expect, it } from 'vitest'
import { KeyValueError, parseKeyValues } from '../../../src-main/cli/key-values'

describe('--data k=v', () => {
  it('takes strings by default and JSON after :=', () => {
    expect(parseKeyValues(['name=Ada Lovelace', 'n:=3', 'vip:=true', 'items:=["a","b"]', 'eq=a=b', 'empty='])).toEqual({
      name: 'Ada Lovelace', n: 3, vip: true, items: ['a', 'b'], eq: 'a=b', empty: '',
    })
  })

  it('refuses what it cannot read, saying why', () => {
    expect(() => parseKeyValues(['novalue'])).toThrow(KeyValueError)
    expect(() => parseKeyValues(['=x'])).toThrow(/no key|KEY=VALUE/)
    expect(() => parseKeyValues(['a=1', 'a=2'])).toThrow(/twice/)
    expect(() => parseKeyValues(['n:=not json'])).toThrow(/JSON value/)
    expect(() => parseKeyValues([`${'k'.repeat(151)}=v`])).toThrow(/150 bytes/)
  })

  it('answers an empty object for no pairs', () => {
    expect(parseKeyValues([])).toEqual({})
  })
})
