// Offline search benchmark (docs/DESIGN.md "Targets": search over 1,000,000 people p95 ≤ 50 ms; People
// table first rows ≤ 1 s). Fills a temp mirror (or reuses one given with --db), then times
// PeopleReadService.search() exactly as the IPC handler calls it: each query text is new, so its
// exact total is counted, not served from the cache.
// Run: node --import tsx bench/search/search-bench.ts [--people 1000000] [--queries 400] [--db FILE]

import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { cpus, tmpdir, totalmem } from 'node:os'
import { join } from 'node:path'
import { openMirror, type Mirror } from '../../src-main/db/connection'
import { peopleQuery, type PeopleQuery } from '../../src-main/contract/people'
import { PeopleReadService } from '../../src-main/mirror/people-read-service'
import { BENCH_WORKSPACE, fakePerson, fillMirror, pick, rng } from './fill-mirror'

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`)
  return i >= 0 ? process.argv[i + 1] : fallback
}

const people = Number(arg('people', '1000000'))
const queryCount = Number(arg('queries', '400'))
const dbArg = arg('db', '')

function timed<T>(fn: () => T): { ms: number; value: T } {
  const t = performance.now()
  const value = fn()
  return { ms: performance.now() - t, value }
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]
}

function stats(label: string, times: number[]): void {
  const s = [...times].sort((a, b) => a - b)
  const f = (n: number) => n.toFixed(1).padStart(7)
  console.log(`| ${label.padEnd(34)} | ${String(s.length).padStart(4)} | ${f(percentile(s, 50))} | ${f(percentile(s, 95))} | ${f(percentile(s, 99))} | ${f(s[s.length - 1])} |`)
}

/** Realistic type-ahead input: what a user types to find someone they half remember. */
function queryTexts(n: number): Record<string, string[]> {
  const r = rng(7)
  const groups: Record<string, string[]> = { 'email prefix 2-6 chars': [], 'name token': [], 'first + last name': [], 'full email': [], 'partial email with @': [], 'id prefix': [] }
  for (let i = 0; i < n; i++) {
    const p = fakePerson(1 + Math.floor(r() * people), r)
    groups['email prefix 2-6 chars'].push(p.email.slice(0, 2 + (i % 5)))
    groups['name token'].push(pick(r, [p.first, p.last, p.first.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '')]))
    groups['first + last name'].push(`${p.first} ${p.last.slice(0, 3)}`)
    groups['full email'].push(p.email)
    groups['partial email with @'].push(p.email.slice(0, p.email.indexOf('@') + 3))
    groups['id prefix'].push(p.id.slice(0, 6 + (i % 4)))
  }
  return groups
}

function main(): void {
  const dir = mkdtempSync(join(tmpdir(), 'cio-sync-search-bench-'))
  let mirror: Mirror
  if (dbArg && existsSync(dbArg)) {
    mirror = openMirror(dbArg)
    console.log(`reusing ${dbArg}`)
  } else {
    const fill = timed(() => fillMirror(dbArg || join(dir, 'mirror.db'), people))
    mirror = fill.value
    console.log(`filled ${people.toLocaleString('en-US')} people in ${(fill.ms / 1000).toFixed(1)} s`)
  }
  try {
    const search = (svc: PeopleReadService, q: PeopleQuery) => svc.search(BENCH_WORKSPACE, peopleQuery.parse(q))

    // a fresh service: nothing cached, as when the People screen first opens
    const first = timed(() => search(new PeopleReadService(mirror.sqlite), {}))
    console.log(`first page of the default table (fresh service, exact total ${first.value.total}): ${first.ms.toFixed(1)} ms`)

    const svc = new PeopleReadService(mirror.sqlite)
    const warm = timed(() => search(svc, { text: 'warm' }))
    console.log(`first text search (computes the tombstone list once): ${warm.ms.toFixed(1)} ms`)

    console.log('\n| query kind | n | p50 ms | p95 ms | p99 ms | max ms |\n|---|---:|---:|---:|---:|---:|')
    const all: number[] = []
    const perGroup = Math.ceil(queryCount / 6)
    for (const [label, texts] of Object.entries(queryTexts(perGroup))) {
      const times = texts.map((text) => timed(() => search(svc, { text })).ms)
      all.push(...times)
      stats(label, times)
    }
    stats('ALL text-only queries', all)
    const filtered = queryTexts(perGroup)['email prefix 2-6 chars'].map(
      (text) => timed(() => search(svc, { text, filters: [{ attribute: 'plan', op: 'eq', value: 'pro' }] })).ms,
    )
    stats('email prefix + filter plan = pro', filtered)
    all.push(...filtered)
    stats('ALL text queries incl. filtered', all)

    const seq = Array.from({ length: 50 }, (_, i) => timed(() => search(svc, { offset: i * 200, limit: 200 })).ms)
    stats('default table, scrolling pages', seq)
    const deep = [900_000, 500_000, 250_000, 700_000].map((offset) => timed(() => search(new PeopleReadService(mirror.sqlite), { offset: offset + 7, limit: 200 })).ms)
    stats('deep page, fresh service (count+page)', deep)
    const deepWarm = [900_000, 500_000, 250_000, 700_000].map((offset) => timed(() => search(svc, { offset: offset + 13, limit: 200 })).ms)
    stats('deep page jump, count cached', deepWarm)
    const sorted = ['email', 'id', 'updated_at', 'score'].map((column) => timed(() => search(svc, { sort: { column, dir: 'desc' }, limit: 200 })).ms)
    stats('sorted first page (email,id,upd,score)', sorted)
    const filterOnly = timed(() => search(svc, { filters: [{ attribute: 'plan', op: 'eq', value: 'pro' }] }))
    console.log(`\nfilter only (plan = pro, no text), first page with exact total ${filterOnly.value.total}: ${filterOnly.ms.toFixed(1)} ms`)
    const segment = timed(() => search(svc, { segmentId: 2 }))
    console.log(`segment of 1 % (no text), first page with total ${segment.value.total}: ${segment.ms.toFixed(1)} ms`)
    const cols = timed(() => svc.columns(BENCH_WORKSPACE))
    console.log(`columns (sampled): ${cols.ms.toFixed(1)} ms → ${cols.value.columns.map((c) => `${c.name}≈${c.count}`).join(', ')}`)
    console.log(`\nmachine: ${cpus().length} × ${cpus()[0]?.model}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`)
  } finally {
    mirror.close()
    rmSync(dir, { recursive: true, force: true })
  }
}

main()
