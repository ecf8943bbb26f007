import { existsSync, readdirSync, writeFileSync } from 'node:fs'
import { basename, join, resolve } from 'node:path'
import Database from 'better-sqlite3'
import type { Command } from 'commander'
import { personPkOf } from '../../base/entity-key'
import { salvageTable } from '../../db/salvage-read'
import { resolveHome } from '../../runtime/home'
import { ensurePrivateDir, PRIVATE_FILE_MODE } from '../../security/private-files'
import { CliError, EXIT, emit, type GlobalOptions, type Io } from '../output'
import type { RunState } from '../with-runtime'

// `cio-sync recover --out DIR`: what a person may still need from a mirror that was set aside as
// damaged (mirror.db.damaged-<time>), exported as files: the unsent edits (outbox), the conflicts,
// the audit log of every push, the sync history, and the workspaces they belong to. It reads the
// file read-only and never starts the engine, which could not be trusted with such a file; rows on
// damaged pages are skipped and reported, the rest is read (db/salvage-read.ts).

interface Export {
  table: string
  file: string
  rows: number
  skipped: string[]
  error?: string
}

const TABLES: { table: string; file: string; json: string[] }[] = [
  { table: 'outbox', file: 'outbox.jsonl', json: ['payload', 'base'] },
  { table: 'conflicts', file: 'conflicts.jsonl', json: ['base', 'local', 'remote'] },
  { table: 'audit_log', file: 'audit-log.jsonl', json: ['mapping', 'counts', 'results'] },
  { table: 'sync_runs', file: 'sync-runs.jsonl', json: ['counts'] },
  { table: 'workspaces', file: 'workspaces.jsonl', json: [] },
]

/** The newest mirror set aside in the data folder, else the mirror itself. */
export function defaultSource(home: string): string {
  const aside = existsSync(home) ? readdirSync(home).filter((n) => /^mirror\.db\.damaged-[0-9TZ]+$/.test(n)).sort() : []
  return join(home, aside.length ? aside[aside.length - 1] : 'mirror.db')
}

function parsed(value: unknown): unknown {
  if (typeof value !== 'string') return value
  try {
    return JSON.parse(value)
  } catch {
    return value
  }
}

/** Who an edit is about, by the identifiers a person knows (the export's pks mean nothing elsewhere). */
function personOf(db: Database.Database, entityKey: unknown): Record<string, unknown> | null {
  const pk = personPkOf(String(entityKey))
  if (pk === null) return null
  try {
    return (db.prepare('SELECT id, email, cio_id AS cioId FROM people WHERE pk = ?').get(pk) as Record<string, unknown>) ?? null
  } catch {
    return null // that person's own page is damaged
  }
}

export function exportFrom(source: string, out: string): Export[] {
  const db = new Database(source, { readonly: true, fileMustExist: true })
  try {
    ensurePrivateDir(out, false)
    return TABLES.map(({ table, file, json }) => {
      try {
        const { rows, skipped } = salvageTable(db, table)
        const lines = rows.map((r) => {
          for (const c of json) if (c in r) r[c] = parsed(r[c])
          if ('entity_key' in r) r.person = personOf(db, r.entity_key)
          return JSON.stringify(r)
        })
        writeFileSync(join(out, file), lines.map((l) => l + '\n').join(''), { mode: PRIVATE_FILE_MODE })
        return { table, file, rows: rows.length, skipped }
      } catch (err) {
        return { table, file, rows: 0, skipped: [], error: (err as Error).message }
      }
    })
  } finally {
    db.close()
  }
}

export function registerRecover(program: Command, _state: RunState, io: Io): void {
  program
    .command('recover')
    .description('export the unsent edits, conflicts, audit log and sync history from a damaged mirror (the newest mirror.db.damaged-* in the data folder by default)')
    .requiredOption('--out <dir>', 'folder to write outbox.jsonl, conflicts.jsonl, audit-log.jsonl, sync-runs.jsonl and workspaces.jsonl to')
    .option('--from <file>', 'the damaged file to read (default: the newest set aside, else mirror.db)')
    .action(async (_o: unknown, cmd: Command) => {
      const opts = cmd.optsWithGlobals() as GlobalOptions & { out: string; from?: string }
      const source = opts.from ? resolve(opts.from) : defaultSource(resolveHome(opts.home).home)
      if (!existsSync(source)) throw new CliError(`${source} does not exist; pass the damaged file with --from`, EXIT.usage)
      const out = resolve(opts.out)
      let exports: Export[]
      try {
        exports = exportFrom(source, out)
      } catch (err) {
        throw new CliError(`cannot read ${source}: ${(err as Error).message}`)
      }
      emit(io, opts, { source, out, exports }, () =>
        [
          `from ${source}`,
          ...exports.map((e) =>
            e.error
              ? `${e.table.padEnd(11)} not readable: ${e.error}`
              : `${e.table.padEnd(11)} ${String(e.rows).padStart(7)} ${e.rows === 1 ? 'row ' : 'rows'} → ${join(basename(out), e.file)}${e.skipped.length ? ` (skipped, on damaged pages: ${e.skipped.join(', ')})` : ''}`,
          ),
        ].join('\n'),
      )
    })
}
