import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { createInterface } from 'node:readline'

const root = resolve(__dirname, '../..')

export interface Host {
  url: string
  origin: string
  token: string
  home: string
  stop(): Promise<void>
}

/** Starts `cio-sync serve --json` on a data folder (a new one unless given) and waits for its URL. */
export async function startHost(home = mkdtempSync(join(tmpdir(), 'cio-sync-e2e-'))): Promise<Host> {
  const child = spawn(process.execPath, [join(root, 'bin/cio-sync.js'), '--home', home, '--json', 'serve'], {
    cwd: root,
    env: { ...process.env, CIO_SYNC_SANDBOX_PEOPLE: '50' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stderr = ''
  child.stderr!.on('data', (d) => (stderr += d.toString()))
  const first = await new Promise<string>((res, rej) => {
    const rl = createInterface({ input: child.stdout! })
    rl.once('line', (line) => res(line))
    child.once('exit', (code) => rej(new Error(`cio-sync serve exited with ${code}: ${stderr}`)))
    setTimeout(() => rej(new Error(`cio-sync serve did not start in 30 s: ${stderr}`)), 30_000).unref()
  })
  const info = JSON.parse(first) as { url: string; origin: string; token: string }
  return { ...info, home, stop: () => stop(child) }
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve()
  return new Promise((res) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 10_000)
    child.once('exit', () => {
      clearTimeout(kill)
      res()
    })
    child.kill('SIGTERM')
  })
}
