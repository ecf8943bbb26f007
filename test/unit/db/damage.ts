// Real damage to a real SQLite file, for the damaged-mirror tests: the leaf page of `table` that
// holds `needle` (say one person's email) gets an invalid page type, as a torn write or a bad disk
// sector leaves it. Every other page stays as it was.
import { readFileSync, writeFileSync } from 'node:fs'
import Database from 'better-sqlite3'

export function damagePageHolding(file: string, table: string, needle: string): number {
  const db = new Database(file, { readonly: true, fileMustExist: true })
  let pageSize: number
  let pages: number[]
  try {
    pageSize = db.pragma('page_size', { simple: true }) as number
    pages = (db.prepare("SELECT pageno FROM dbstat WHERE name = ? AND pagetype = 'leaf' ORDER BY pageno").pluck().all(table) as number[])
  } finally {
    db.close()
  }
  const bytes = readFileSync(file)
  const page = pages.find((p) => bytes.subarray((p - 1) * pageSize, p * pageSize).includes(Buffer.from(needle)))
  if (page === undefined) throw new Error(`no leaf page of ${table} holds ${needle}`)
  const at = (page - 1) * pageSize
  bytes.fill(0xff, at, at + 8) // page type 0xff: not a b-tree page; garbage cell count and offsets
  writeFileSync(file, bytes)
  return page
}
