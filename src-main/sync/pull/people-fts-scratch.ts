// The search index of a first bulk load, built aside on the export worker's thread (the second
// core) while the writer inserts the rows: an FTS5 table with exactly people_fts's definition
// (read from the mirror's sqlite_master, so the two can never drift) in a disposable scratch file
// next to the mirror. At the end the writer checks it covers exactly the people rows and copies
// its shadow tables over people_fts's (people-fts-adopt.ts), which costs a fraction of the
// 'rebuild' it replaces. Anything wrong here only means the pull falls back to that rebuild.
//
// What it indexes: the people already in the mirror when the load began (other workspaces; read
// through a read-only connection), then each batch once the writer has committed it, with the pk
// each row got. Rows the writer skipped (ON CONFLICT DO NOTHING) are not indexed.

import { rmSync } from 'node:fs'
import Database from 'better-sqlite3'
import { ensurePrivateFile } from '../../security/private-files'
import { schemaObjectSql } from '../../db/schema-objects'
import type { SearchFields } from './people-batch'

export const PEOPLE_FTS_TABLE = 'people_fts'

/** people_fts's CREATE statement as the mirror holds it. */
export function peopleFtsDefinition(sqlite: Database.Database): string | undefined {
  return schemaObjectSql(sqlite, 'table', PEOPLE_FTS_TABLE)
}

/** Removes a scratch file and what SQLite may have left beside it. */
export function removeScratch(file: string): void {
  for (const suffix of ['', '-journal', '-wal', '-shm']) rmSync(file + suffix, { force: true })
}

/**
 * How the scratch index is built: no incremental merging of segments while rows come in
 * (automerge 0). A level is still merged whole when it reaches 16 segments (crisismerge, left at
 * its default), so the index has the shape FTS5 guarantees anyway and later writes inherit no
 * backlog. FTS5's default also merges levels of 4 segments bit by bit as it goes, which rewrites
 * much of the index again. A synthetic 1M-person build took 7.2 s of CPU instead of 8.3 s, and
 * searched as fast (bench/pull/RESULTS.md, Session 9). The option is undone before the swap
 * (finish()).
 */
const BUILD_SETTINGS = [['automerge', 0]] as const

export class ScratchIndex {
  private readonly insert: Database.Statement
  private mirror: Database.Database | null

  private constructor(
    private readonly db: Database.Database,
    mirror: Database.Database,
  ) {
    this.mirror = mirror
    this.insert = db.prepare(`INSERT INTO ${PEOPLE_FTS_TABLE} (rowid, id, email, names) VALUES (?, ?, ?, ?)`)
  }

  static create(mirrorFile: string, scratchFile: string): ScratchIndex {
    const mirror = new Database(mirrorFile, { readonly: true, fileMustExist: true })
    let db: Database.Database | undefined
    try {
      const definition = peopleFtsDefinition(mirror)
      if (!definition) throw new Error('the mirror has no people_fts table')
      removeScratch(scratchFile)
      ensurePrivateFile(scratchFile) // everyone's names and emails, beside the mirror: owner-only as it is
      db = new Database(scratchFile)
      // Disposable: a crash only means the file is thrown away, so no journal and no fsync.
      // better-sqlite3's defensive mode refuses journal_mode OFF; this private file may leave it.
      db.unsafeMode(true)
      db.pragma('journal_mode = OFF')
      db.pragma('synchronous = OFF')
      db.pragma('locking_mode = EXCLUSIVE')
      db.exec(definition)
      for (const [option, value] of BUILD_SETTINGS) db.exec(`INSERT INTO ${PEOPLE_FTS_TABLE} (${PEOPLE_FTS_TABLE}, rank) VALUES ('${option}', ${value})`)
      db.exec('BEGIN')
      return new ScratchIndex(db, mirror)
    } catch (err) {
      db?.close()
      mirror.close()
      throw err
    }
  }

  /** Indexes the people that were in the mirror before the load (pk ≤ throughPk), in pk order. */
  addExisting(throughPk: number): void {
    const mirror = this.mirror
    if (!mirror) return
    this.mirror = null
    try {
      // names is read from the generated column itself, so these rows are indexed from exactly
      // what 'rebuild' would read.
      const rows = mirror.prepare('SELECT pk, id, email, names FROM people WHERE pk <= ? ORDER BY pk').raw().iterate(throughPk) as Iterable<[number, string | null, string | null, string | null]>
      for (const row of rows) this.insert.run(row)
    } finally {
      mirror.close()
    }
  }

  /** Indexes a committed batch: `pks[i]` is the pk of the i-th person, 0 for a row not inserted. */
  addBatch(pks: Float64Array, fields: SearchFields): void {
    if (pks.length !== fields.names.length) throw new Error(`ack of ${pks.length} rows for a batch of ${fields.names.length}`)
    for (let i = 0; i < pks.length; i++) if (pks[i] > 0) this.insert.run(pks[i], fields.id[i], fields.email[i], fields.names[i])
  }

  /** Puts the index's settings back to people_fts's (the swap requires equal settings), commits and closes the scratch file, ready for the writer to attach. */
  finish(): void {
    this.mirror?.close()
    this.mirror = null
    // The settings are rows of the config shadow table; setting an option to its default would
    // still leave a row that people_fts's config lacks.
    this.db.prepare(`DELETE FROM ${PEOPLE_FTS_TABLE}_config WHERE k IN (${BUILD_SETTINGS.map(() => '?').join(', ')})`).run(BUILD_SETTINGS.map(([option]) => option))
    this.db.exec('COMMIT')
    this.db.close()
  }

  /** Gives up (an error or a cancel): closes without committing; the caller removes the file. */
  close(): void {
    this.mirror?.close()
    this.mirror = null
    if (this.db.open) this.db.close()
  }
}
