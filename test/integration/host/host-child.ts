// The headless host in a process of its own, so a test can see whether a client's frame kills the
// process (an uncaught 'error' would end it, not just fail an assertion). The engine is an echo;
// the transport, HTTP server and sockets are the real ones. Prints {"origin","token"} when ready.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startHeadlessHost } from '../../../src-main/host/headless-host'

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'cio-sync-renderer-'))
  mkdirSync(join(dir, 'assets'))
  writeFileSync(join(dir, 'index.html'), '<!doctype html><html><head><script type="module" src="./assets/app.js"></script></head><body></body></html>')
  writeFileSync(join(dir, 'assets/app.js'), 'console.log(1)')
  const host = await startHeadlessHost({
    rendererDir: dir,
    invoke: async (channel, input) => ({ ok: true, value: { channel, echo: input } }),
  })
  process.stdout.write(JSON.stringify({ origin: host.origin, token: host.token }) + '\n')
  process.on('SIGTERM', () => void host.close().then(() => process.exit(0)))
}

main().catch((err) => {
  process.stderr.write(String(err?.stack ?? err) + '\n')
  process.exit(1)
})
