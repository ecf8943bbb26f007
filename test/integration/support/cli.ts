import { spawn } from 'node:child_process'
import { join, resolve } from 'node:path'

const root = resolve(__dirname, '../../..')

export interface CliResult {
  code: number
  stdout: string
  stderr: string
}

/** Runs `cio-sync` as scripts do: a real process, its exit code and both streams. */
export function runCli(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return new Promise((res) => {
    const child = spawn(process.execPath, [join(root, 'bin/cio-sync.js'), ...args], {
      cwd: root,
      env: { ...process.env, CIO_SYNC_SANDBOX_PEOPLE: '10', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d) => (stdout += d))
    child.stderr.on('data', (d) => (stderr += d))
    child.on('exit', (code) => res({ code: code ?? -1, stdout, stderr }))
  })
}

/** Adds a workspace named `name` pointing at a sandbox (keys through the environment) and makes it active. */
export async function addActiveSandboxWorkspace(home: string, sandbox: { url: string; siteId: string; trackApiKey: string; appApiKey: string; writeKey: string }, name = 'Peer'): Promise<void> {
  const add = await runCli(['--home', home, '--json', 'workspace', 'add', name, '--url', sandbox.url], {
    CIO_SITE_ID: sandbox.siteId, CIO_TRACK_API_KEY: sandbox.trackApiKey, CIO_APP_API_KEY: sandbox.appApiKey, CIO_WRITE_KEY: sandbox.writeKey,
  })
  if (add.code !== 0) throw new Error(`workspace add: ${add.stderr}`)
  const use = await runCli(['--home', home, 'workspace', 'use', name])
  if (use.code !== 0) throw new Error(`workspace use: ${use.stderr}`)
}

/**
 * A person's attributes as the sandbox's App API returns them, after applying writes still waiting
 * out a processing lag; null for someone it does not have.
 */
export async function remoteAttributes(peer: { url: string; adminToken: string; appApiKey: string }, id: string): Promise<Record<string, string> | null> {
  await fetch(`${peer.url}/__sandbox/flush`, { method: 'POST', headers: { Authorization: `Bearer ${peer.adminToken}` } })
  const res = await fetch(`${peer.url}/v1/customers/${encodeURIComponent(id)}/attributes`, { headers: { Authorization: `Bearer ${peer.appApiKey}` } })
  if (res.status === 404) return null
  return ((await res.json()) as { customer: { attributes: Record<string, string> } }).customer.attributes
}
