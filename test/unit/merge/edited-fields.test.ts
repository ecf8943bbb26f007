import { describe, expect, it } from 'vitest'
import { editedFields } from '../../../src-main/merge/pending-edits'

// One rule for "which attributes does this unsent outbox entry change", read by the pull (which
// fields to keep), the people table's marks and the outbox list.
describe('editedFields', () => {
  it('reads the attributes of an identify entry as EditService writes it', () => {
    expect(editedFields('identify', { attributes: { plan: 'x', city: 'y' } })).toEqual(['plan', 'city'])
  })

  it('reads a flat identify payload as its attributes, without the identifiers', () => {
    expect(editedFields('identify', { id: 'u1', cio_id: 'abc', city: 'y' })).toEqual(['city'])
  })

  it('reads a FieldChanges map', () => {
    expect(editedFields('identify', { changes: { plan: { from: 'a', to: 'b' } } })).toEqual(['plan'])
  })

  it('finds no attribute in other ops or in a payload that is not an object', () => {
    expect(editedFields('segment_add', { segmentId: 3 })).toEqual([])
    expect(editedFields('collection', { collectionId: 1, rows: [] })).toEqual([])
    expect(editedFields('identify', null)).toEqual([])
    expect(editedFields('identify', ['plan'])).toEqual([])
  })
})
