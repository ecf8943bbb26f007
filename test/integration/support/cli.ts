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
