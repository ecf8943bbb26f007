// Fills a mirror file with N realistic people for the search benchmark: one workspace, names
// with and without diacritics, emails on a few domains, plan/country/score attributes, a few
// segments, and a sprinkle of tombstones. Inserted through one prepared statement in one
// transaction with the FTS insert trigger dropped, then one FTS 'rebuild' and the trigger
// re-created exactly as drizzle/0001_people_fts.sql has it (per-row FTS inserts are far slower).

import type Database from 'better-sqlite3'
import { openMirror, type Mirror } from '../../src-main/db/connection'

const FIRST = ['Ann', 'Anna', 'José', 'Zoë', 'Jane', 'John', 'Mohamed', 'Wei', 'Olga', 'Liam', 'Emma', 'Noah', 'Amélie', 'Søren', 'Priya', 'Carlos', 'Fatima', 'Hiroshi', 'Chloé', 'Björn', 'Lucas', 'Mia', 'Ivan', 'Sofia', 'Mateo', 'Aisha', 'Ethan', 'Léa', 'Omar', 'Yuki']
const LAST = ['Smith', 'García', 'Müller', 'Nguyen', 'Kowalski', 'Rossi', 'Dubois', 'Johansson', 'Tanaka', 'Silva', 'Okafor', 'Novak', 'Brown', 'López', 'Schmidt', 'Kim', 'Ivanova', 'Martin', 'Andersen', 'Costa', 'Patel', 'Cohen', 'Moreau', 'Fischer', 'Nilsson', 'Santos', 'Yilmaz', 'Khan', 'Wright', 'Hughes']
const DOMAINS = ['example.com', 'mail.test', 'corp.example', 'inbox.dev', 'acme.io']
const PLANS = ['free', 'starter', 'pro', 'enterprise']
const COUNTRIES = ['US', 'DE', 'FR', 'GB', 'JP', 'BR', 'IN', 'ES', 'PL', 'SE']

export const BENCH_WORKSPACE = 'bench-ws'

/** Deterministic, so every run searches the same data (a tiny LCG, not crypto). */
export function rng(seed: number): () => number {
  let s = seed >>> 0
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0
    return s / 2 ** 32
  }
}

export function pick<T>(r: () => number, list: readonly T[]): T {
  return list[Math.floor(r() * list.length)]
}

export interface FakePerson {
  id: string
  email: string
  first: string
  last: string
}

export function fakePerson(i: number, r: () => number): FakePerson {
  const first = pick(r, FIRST)
  const last = pick(r, LAST)
  const local = `${first}.${last}${i}`.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase()
  return { id: `user-${i}`, email: `${local}@${pick(r, DOMAINS)}`, first, last }
}

function dropInsertTrigger(sqlite: Database.Database): string {
  const sql = sqlite.prepare("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'people_fts_after_insert'").pluck().get() as string
  sqlite.exec('DROP TRIGGER people_fts_after_insert')
  return sql
}

export function fillMirror(file: string, count: number): Mirror {
  const mirror = openMirror(file)
  const { sqlite } = mirror
  sqlite.prepare("INSERT INTO workspaces (id, name, kind, created_at) VALUES (?, 'Bench', 'sandbox', 1)").run(BENCH_WORKSPACE)
  const triggerSql = dropInsertTrigger(sqlite)
  const ws = sqlite.prepare('SELECT ws FROM workspaces WHERE id = ?').pluck().get(BENCH_WORKSPACE) as number
  const insert = sqlite.prepare('INSERT INTO people (ws, cio_id, id, email, attributes, created_at, updated_at, deleted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
  const r = rng(42)
  const now = Date.UTC(2026, 0, 1)
  sqlite.transaction(() => {
    for (let i = 1; i <= count; i++) {
      const p = fakePerson(i, r)
      const attributes = {
        email: p.email,
        first_name: p.first,
        last_name: p.last,
        plan: pick(r, PLANS),
        country: pick(r, COUNTRIES),
        score: Math.floor(r() * 1000),
        created_at: 1_600_000_000 + i,
        ...(r() < 0.3 ? { company: `Company ${Math.floor(r() * 5000)}` } : {}),
      }
      // 0.5 % tombstones, so the deleted_at filter has something to skip
      const deletedAt = r() < 0.005 ? now : null
      insert.run(ws, `cio${i.toString(16)}`, p.id, p.email, JSON.stringify(attributes), now, now + i, deletedAt)
    }
  })()
  sqlite.exec("INSERT INTO people_fts(people_fts) VALUES('rebuild')")
  sqlite.exec(triggerSql)
  fillSegments(sqlite, count)
  sqlite.exec('PRAGMA optimize')
  return mirror
}

/** Three segments of 10 %, 1 % and 0.1 % of people, current members only. */
function fillSegments(sqlite: Database.Database, count: number): void {
  const seg = sqlite.prepare("INSERT INTO segments (ws, id, name, type) VALUES (?, ?, ?, 'dynamic')")
  const member = sqlite.prepare('INSERT INTO segment_members (ws, segment_id, cio_id, joined_at) VALUES (?, ?, ?, 1)')
  const ws = sqlite.prepare('SELECT ws FROM workspaces WHERE id = ?').pluck().get(BENCH_WORKSPACE) as number
  sqlite.transaction(() => {
    for (const [id, every] of [[1, 10], [2, 100], [3, 1000]] as const) {
      seg.run(ws, id, `Every ${every}th`)
      for (let i = every; i <= count; i += every) member.run(ws, id, `cio${i.toString(16)}`)
    }
  })()
}
