import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { hasSchemaObject, schemaObjectSql } from '../../../src-main/db/schema-objects'

// The bulk loads ask whether an index or a trigger they drop for a load is there (db/schema-objects.ts).
const dbs: Database.Database[] = []
afterEach(() => {
  for (const db of dbs.splice(0)) db.close()
})

function withSchema(): Database.Database {
  const db = new Database(':memory:')
  dbs.push(db)
  db.exec('CREATE TABLE t (a TEXT); CREATE INDEX t_a ON t (a); CREATE TRIGGER t_ins AFTER INSERT ON t BEGIN SELECT 1; END')
  return db
}

describe('schema objects', () => {
  it('finds each object by its type and name, with the SQL that created it', () => {
    const db = withSchema()
    expect(schemaObjectSql(db, 'table', 't')).toBe('CREATE TABLE t (a TEXT)')
    expect(schemaObjectSql(db, 'index', 't_a')).toBe('CREATE INDEX t_a ON t (a)')
    expect(hasSchemaObject(db, 'trigger', 't_ins')).toBe(true)
  })

  it('does not take an object of another type for the one asked, and sees a drop at once', () => {
    const db = withSchema()
    expect(hasSchemaObject(db, 'index', 't_ins')).toBe(false)
    expect(hasSchemaObject(db, 'trigger', 't_a')).toBe(false)
    db.exec('DROP INDEX t_a')
    expect(hasSchemaObject(db, 'index', 't_a')).toBe(false)
    expect(schemaObjectSql(db, 'index', 't_a')).toBeUndefined()
  })
})
