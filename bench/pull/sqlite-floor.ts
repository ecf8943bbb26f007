// What SQLite alone costs for a 1,000,000-person first pull on this machine, without the network,
// the CSV parser or the job system: the floor any pull design sits on (bench/pull/RESULTS.md).
//
//   node --import tsx bench/pull/sqlite-floor.ts [people=1000000] [variant=A]
//
// Variant letters (combine them):
//   A  as the pull does today: 4 secondary indexes live, attributes JSON written once (base NULL)
//   B  secondary indexes dropped during the load and created afterwards
//   D  base_attributes written as a second JSON copy (the pull before migration 0009)
//   F  foreign_keys OFF during the load      S  synchronous OFF      C  256 MB page cache
//   X  generate the rows but do not insert (the JavaScript share of the loop)
// Then `--fts "<fts5 options>"` rebuilds people_fts with other options and times sample searches.
import { mkdirSync, rmSync, statSync } from 'node:fs'
import { cpus, totalmem, tmpdir } from 'node:os'
import { join } from 'node:path'
import { openMirror } from '../../src-main/db/connection'

const people = Number(process.argv[2] ?? 1_000_000)
const variant = process.argv[3] ?? 'A'
const ftsAt = process.argv.indexOf('--fts')
const ftsOptions = ftsAt > 0 ? process.argv[ftsAt + 1] : null
const has = (letter: string) => variant.includes(letter)

const dir = join(tmpdir(), `cio-sqlite-floor-${variant}`)
rmSync(dir, { recursive: true, force: true })
mkdirSync(dir)
const mirror = openMirror(join(dir, 'mirror.db'), { migrationsFolder: join(__dirname, '../../drizzle') })
const db = mirror.sqlite
const ws = 'ws_0123456789abcdef0123456789abcdef'
db.prepare("INSERT INTO workspaces (id, name, kind, created_at) VALUES (?, 'bench', 'sandbox', 0)").run(ws)
if (has('C')) db.pragma('cache_size = -262144')
if (has('S')) db.pragma('synchronous = OFF')
if (has('F')) db.pragma('foreign_keys = OFF')

const started = Date.now()
db.exec('DROP TRIGGER people_fts_after_insert')
if (has('B')) db.exec('DROP INDEX people_ws_cio_id; DROP INDEX people_ws_id; DROP INDEX people_ws_email_ci; DROP INDEX people_ws_live')
const wsKey = db.prepare('SELECT ws FROM workspaces WHERE id = ?').pluck().get(ws) as number
const insert = db.prepare('INSERT INTO people (ws, cio_id, id, email, attributes, base_attributes, devices, created_at, updated_at, synced_at) VALUES (?, ?, ?, ?, ?, ?, NULL, 1, 1, 1)')
const batch = db.transaction((from: number, to: number) => {
  for (let i = from; i < to; i++) {
    // about the shape of a sandbox person: 10 string attributes, ~250 bytes of JSON
    const json = JSON.stringify({
      first_name: `First${i % 5000}`, last_name: `Last${i % 7000}`, plan: ['free', 'pro', 'team'][i % 3], city: `City${i % 300}`, country: 'US',
      created_at: String(1_600_000_000 + i), lifetime_value: String(i % 1000), language: 'en', company: `Company ${i % 900}`, title: 'Title',
    })
    if (!has('X')) insert.run(wsKey, (0x10000000 + i * 7919).toString(16) + 'a1b2', `user-${String(i).padStart(7, '0')}`, `user${i}@example.com`, json, has('D') ? json : null)
  }
})
for (let i = 0; i < people; i += 10_000) batch(i, Math.min(people, i + 10_000))
const inserted = Date.now()
if (has('B')) {
  db.exec(
    'CREATE UNIQUE INDEX `people_ws_cio_id` ON `people` (`ws`,`cio_id`); CREATE UNIQUE INDEX `people_ws_id` ON `people` (`ws`,`id`); CREATE INDEX `people_ws_email_ci` ON `people` (`ws`,lower("email")); CREATE INDEX `people_ws_live` ON `people` (`ws`) WHERE deleted_at IS NULL',
  )
}
const indexed = Date.now()
if (ftsOptions !== null) {
  db.exec('DROP TRIGGER people_fts_after_delete; DROP TRIGGER people_fts_after_update; DROP TABLE people_fts')
  db.exec(`CREATE VIRTUAL TABLE people_fts USING fts5(id, email, names, content='people', content_rowid='pk', tokenize="unicode61 remove_diacritics 2"${ftsOptions ? ', ' + ftsOptions : ''})`)
}
db.exec("INSERT INTO people_fts(people_fts) VALUES('rebuild')")
const ftsDone = Date.now()

// raw FTS5 match times (no join, no count): what the prefix options change
const match = db.prepare('SELECT rowid FROM people_fts WHERE people_fts MATCH ? LIMIT 200')
const times: number[] = []
for (let round = 0; round < 5; round++) {
  for (const term of ['us*', 'use*', 'user1*', 'fir*', 'first12*', '"user12345@exa"*', 'la*', 'last6*']) {
    const t = process.hrtime.bigint()
    match.all(term)
    times.push(Number(process.hrtime.bigint() - t) / 1e6)
  }
}
times.sort((a, b) => a - b)
mirror.close()
const dbFile = join(dir, 'mirror.db')
const dbMb = Math.round((statSync(dbFile).size + (statSync(dbFile + '-wal', { throwIfNoEntry: false })?.size ?? 0)) / 1e6)
process.stdout.write(
  JSON.stringify({
    people, variant, fts: ftsOptions ?? "prefix='2 3 4' (migration 0001)",
    insertMs: inserted - started, indexMs: indexed - inserted, ftsRebuildMs: ftsDone - indexed,
    matchP95Ms: Number(times[Math.floor(times.length * 0.95)]!.toFixed(1)),
    dbMb,
    machine: `${cpus().length}× ${cpus()[0]?.model} · ${Math.round(totalmem() / 1e9)} GB · Node ${process.version}`,
  }) + '\n',
)
rmSync(dir, { recursive: true, force: true })
