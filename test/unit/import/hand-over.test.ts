// The plan's hand-over between its threads (import/plan/hand-over.ts): when the reader hands the
// planner a batch, and raw rows that reach the planner exactly as the parser read them.
import { describe, expect, it } from 'vitest'
import { countPlanned, decodeRawRows, encodeRawRows, HAND_OVER_BELOW, HANDED_BATCH_WEIGHT, plannedCounter, PlannerQueue } from '../../../src-main/import/plan/hand-over'
import type { RawRow } from '../../../src-main/import/types'

describe("the reader's view of the planner's queue", () => {
  it('never hands over the first batch: its rows carry the file-level problems', () => {
    expect(new PlannerQueue(plannedCounter()).mayHandOver()).toBe(false)
  })

  it('hands over while the planner has at most one judged batch queued, and counts what it planned', () => {
    expect(HAND_OVER_BELOW).toBeLessThan(HANDED_BATCH_WEIGHT)
    const counter = plannedCounter()
    const queue = new PlannerQueue(counter)
    queue.sent(false)
    expect(queue.backlog()).toBe(1)
    expect(queue.mayHandOver()).toBe(true)
    queue.sent(true) // a raw batch weighs more: the planner validates and judges it too
    expect(queue.backlog()).toBe(1 + HANDED_BATCH_WEIGHT)
    expect(queue.mayHandOver()).toBe(false)
    countPlanned(counter) // the first batch is planned
    expect(queue.backlog()).toBe(HANDED_BATCH_WEIGHT)
    expect(queue.mayHandOver()).toBe(false)
    queue.sent(false)
    countPlanned(counter)
    expect(queue.backlog()).toBe(1)
    expect(queue.mayHandOver()).toBe(true)
    countPlanned(counter)
    expect(queue.backlog()).toBe(0)
  })
})

describe('raw rows across threads', () => {
  it('arrive as they were read: quotes, separators, line breaks, NULs, stray bytes, a parser problem', () => {
    const rows: RawRow[] = [
      { row: 2, cells: ['u1', 'a "quoted", text', 'two\nlines', ''] },
      { row: 3, cells: ['u2', 'nul\u0000inside', '\t lead and trail \t', '=1+1'] },
      { row: 4, cells: ['u3', 'Fran\udce7ois', '😀 é', '\ufffd'], strayBytes: [{ cell: 1, offset: 120, byte: 0xe7 }] },
      { row: 5, cells: ['u4', 'x'], problem: 'a quote is not closed' },
    ]
    const back = decodeRawRows(encodeRawRows(rows))
    expect(back).toEqual(rows)
    // a lone surrogate (a stray byte kept in the cell) survives the JSON text
    expect(back[2].cells[1].charCodeAt(4)).toBe(0xdce7)
    expect(Object.keys(back[0])).toEqual(['row', 'cells'])
  })
})
