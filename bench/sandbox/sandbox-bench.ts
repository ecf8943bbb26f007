// Sandbox benchmark: (1) v2 batch requests of ~500 KB ingested per second, (2) time to seed
// 1,000,000 people (in memory and into a SQLite file). Bounded: fixed request counts, 127.0.0.1 only.
// Run: node --import tsx bench/sandbox/sandbox-bench.ts [--requests 60] [--concurrency 1,4] [--people 1000000]

import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir, cpus } from 'node:os'
import { join } from 'node:path'
import { startSandbox } from '../../src-main/sandbox'
import { LIMITS } from '../../src-main/sandbox/config'

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`)
  return i >= 0 ? process.argv[i + 1] : fallback
}

/** One batch body just under 500 KB of realistic identify operations (each op ~300 bytes). */
function buildBatch(seq: number): { body: string; ops: number } {
  const ops: string[] = []
  let bytes = '{"batch":[]}'.length
  for (let i = 0; ; i++) {
    const op = JSON.stringify({
      type: 'person',
      action: 'identify',
      identifiers: { id: `bench-${seq}-${i}` },
      attributes: { email: `bench.${seq}.${i}@example.com`, first_name: 'Bench', last_name: `Person ${i}`, plan: i % 3 ? 'pro' : 'free', country: 'US', created_at: 1700000000 + i, score: i % 100 },
    })
    if (bytes + op.length + 1 > LIMITS.v2BatchBytes) break
    ops.push(op)
    bytes += op.length + 1
  }
  return { body: `{"batch":[${ops.join(',')}]}`, ops: ops.length }
}

async function ingest(requests: number, concurrency: number): Promise<{ reqPerSec: number; opsPerSec: number; mbPerSec: number; avgBytes: number }> {
  const h = await startSandbox({ rateLimits: { enabled: false } })
  const auth = 'Basic ' + Buffer.from(`${h.siteId}:${h.trackApiKey}`).toString('base64')
  const bodies = Array.from({ length: requests }, (_, i) => buildBatch(i))
  let next = 0
  let ops = 0
  let bytes = 0
  const started = performance.now()
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < bodies.length) {
        const b = bodies[next++]
        const res = await fetch(`${h.url}/api/v2/batch`, { method: 'POST', headers: { authorization: auth, 'content-type': 'application/json' }, body: b.body })
        if (res.status !== 200) throw new Error(`batch answered ${res.status}: ${await res.text()}`)
        await res.arrayBuffer()
        ops += b.ops
        bytes += Buffer.byteLength(b.body)
      }
    }),
  )
  const seconds = (performance.now() - started) / 1000
  await h.close()
  return { reqPerSec: requests / seconds, opsPerSec: ops / seconds, mbPerSec: bytes / seconds / 1e6, avgBytes: bytes / requests }
}

async function seed(people: number, dataDir?: string): Promise<number> {
  const started = performance.now()
  const h = await startSandbox({ people, dataDir, rateLimits: { enabled: false } })
  const ms = performance.now() - started
  const state = await (await fetch(`${h.url}/__sandbox/state`, { headers: { authorization: `Bearer ${h.adminToken}` } })).json()
  if ((state as { people: number }).people !== people) throw new Error(`seeded ${JSON.stringify(state)}`)
  await h.close()
  return ms
}

async function main(): Promise<void> {
  const requests = Number(arg('requests', '60'))
  const concurrencies = arg('concurrency', '1,4').split(',').map(Number)
  const people = Number(arg('people', '1000000'))
  console.log(`machine: ${cpus().length} cores, ${cpus()[0]?.model ?? '?'}, node ${process.version}`)
  for (const c of concurrencies) {
    const r = await ingest(requests, c)
    console.log(`v2 batch ingest: ${requests} requests of ~${Math.round(r.avgBytes / 1024)} KB, concurrency ${c}: ${r.reqPerSec.toFixed(1)} req/s, ${Math.round(r.opsPerSec)} ops/s, ${r.mbPerSec.toFixed(1)} MB/s`)
  }
  const mem = await seed(people)
  console.log(`seed ${people} people (in memory, includes default seed and server start): ${(mem / 1000).toFixed(1)} s`)
  const dir = mkdtempSync(join(tmpdir(), 'sandbox-bench-'))
  try {
    const file = await seed(people, dir)
    console.log(`seed ${people} people (SQLite file, WAL): ${(file / 1000).toFixed(1)} s`)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
