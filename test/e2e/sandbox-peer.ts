import { spawn, type ChildProcess } from 'node:child_process'
import { join, resolve } from 'node:path'
import { createInterface } from 'node:readline'

const root = resolve(__dirname, '../..')

export interface Peer {
  url: string
  siteId: string
  trackApiKey: string
  appApiKey: string
  writeKey: string
  stop(): Promise<void>
}

/** A sandbox in its own process (`cio-sync sandbox`), standing in for a remote Customer.io workspace. */
export async function startPeer(people = 5): Promise<Peer> {
  const child: ChildProcess = spawn(process.execPath, [join(root, 'bin/cio-sync.js'), 'sandbox', '--people', String(people)], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] })
  let stderr = ''
  child.stderr!.on('data', (d) => (stderr += d.toString()))
  const line = await new Promise<string>((res, rej) => {
    createInterface({ input: child.stdout! }).once('line', res)
    child.once('exit', (code) => rej(new Error(`cio-sync sandbox exited with ${code}: ${stderr}`)))
  })
  const info = JSON.parse(line)
  return {
    ...info,
    stop: () =>
      new Promise<void>((res) => {
        if (child.exitCode !== null) return res()
        child.once('exit', () => res())
        child.kill('SIGTERM')
      }),
  }
}
