import { spawn, type ChildProcess } from 'node:child_process'
import { join, resolve } from 'node:path'
import { createInterface } from 'node:readline'
import { expect, test, type Page } from './fixtures'
import { startHost, type Host } from './headless-host'

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

/** What a custom workspace needs from a sandbox, in this process (SandboxHandle) or its own (Peer). */
export type SandboxKeys = Pick<Peer, 'url' | 'siteId' | 'trackApiKey' | 'appApiKey' | 'writeKey'>

/**
 * Adds the sandbox as a custom workspace through the page's bridge (the UI's add form is covered by
 * workspaces.spec.ts) and makes it the active one. Returns the workspace's id.
 */
export async function addSandboxWorkspace(page: Page, sandbox: SandboxKeys, name = 'Acme'): Promise<string> {
  // Only plain data crosses into the page: a sandbox handle also carries functions.
  const { url, siteId, trackApiKey, appApiKey, writeKey } = sandbox
  const added = await page.evaluate(
    async (p) => window.cio.workspaces.add({ name: p.name, kind: 'custom', url: p.url, credentials: { siteId: p.siteId, trackApiKey: p.trackApiKey, appApiKey: p.appApiKey, writeKey: p.writeKey } }),
    { name, url, siteId, trackApiKey, appApiKey, writeKey },
  )
  expect(added.ok).toBe(true)
  const id = (added as { value: { id: string } }).value.id
  await page.evaluate(async (wsId) => window.cio.workspaces.select({ id: wsId }), id)
  // The page learns of the switch through an event. Going on before it has, a screen opened next
  // would see the switch land later and start over (the Import screen drops a chosen file then).
  await expect(page.getByRole('group', { name: 'Active workspace' }).locator('.ws-name')).toHaveText(name)
  return id
}

/** Runs an item of the header's Sync menu: "Pull only", "Push N queued changes", "Full re-pull" or "Deep pull". */
export async function chooseFromSyncMenu(page: Page, item: string | RegExp): Promise<void> {
  await page.getByRole('banner').getByRole('button', { name: 'More sync actions' }).click()
  await page.getByRole('menu', { name: 'Sync actions' }).getByRole('menuitem', { name: item }).click()
}

/** Opens the Sync screen, pulls with the header's "Pull only" and waits until the history shows the run succeeded. */
export async function pullFromSyncScreen(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Sync' }).click()
  await chooseFromSyncMenu(page, 'Pull only')
  await expect(page.getByRole('table').or(page.getByRole('grid')).first()).toContainText(/succeeded/i, { timeout: 30_000 })
}

/**
 * A peer sandbox with `people` people and a host, started before the file's tests and stopped after
 * them. The fields are set once beforeAll has run, so read them inside tests only.
 */
export function peerAndHost(people: number): { peer: Peer; host: Host } {
  const env = {} as { peer: Peer; host: Host }
  test.beforeAll(async () => {
    env.peer = await startPeer(people)
    env.host = await startHost()
  })
  test.afterAll(async () => {
    await env.host?.stop()
    await env.peer?.stop()
  })
  return env
}
