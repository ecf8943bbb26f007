// The sandbox in its own process for incremental-bench.ts, as `cio-sync sandbox` runs it (same
// defaults: the App API at its real 10 req/s, a 2 s export delay), except that the one JSON line it
// prints when ready also carries the admin token: the bench reads the request log and the state
// counts through /__sandbox, which the CLI deliberately does not expose.
//
//   node --import tsx bench/pull/sandbox-process.ts <people> <dataDir>
import { startSandbox } from '../../src-main/sandbox'

async function main(): Promise<void> {
  const people = Number(process.argv[2] ?? 20)
  const dataDir = process.argv[3]
  const h = await startSandbox({ people, dataDir })
  process.stdout.write(JSON.stringify({ url: h.url, siteId: h.siteId, trackApiKey: h.trackApiKey, appApiKey: h.appApiKey, writeKey: h.writeKey, adminToken: h.adminToken }) + '\n')
  const stop = () => void h.close().then(() => process.exit(0))
  process.once('SIGTERM', stop)
  process.once('SIGINT', stop)
}

main().catch((err) => {
  process.stderr.write(String(err?.stack ?? err) + '\n')
  process.exit(1)
})
