import { expect, test, type Page } from './fixtures'
import { keychainServiceFor } from '../../src-main/credentials/keytar-store'
import { startHost, type Host } from './headless-host'
import { startPeer, type Peer } from './sandbox-peer'

// The Workspaces screen of the real UI, in Chromium, against `cio-sync serve` (real engine, real
// SQLite, real keychain) and a sandbox in another process standing in for Customer.io.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const keytar = require('keytar') as typeof import('keytar')

let host: Host
let peer: Peer

test.beforeAll(async () => {
  peer = await startPeer()
  host = await startHost()
})
test.afterAll(async () => {
  await host?.stop()
  await peer?.stop()
})

async function workspaceId(page: Page, name: string): Promise<string> {
  return page.evaluate(async (n) => {
    const r = await window.cio.workspaces.list({})
    if (!r.ok) throw new Error(r.error.message)
    return r.value.workspaces.find((w) => w.name === n)!.id
  }, name)
}

test('first run shows the sandbox workspace, active, in the header', async ({ page }) => {
  await page.goto(host.url)
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible()
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Workspaces' }).click()
  await expect(page.getByRole('row').filter({ hasText: 'Sandbox' })).toBeVisible()
  await expect(page.getByRole('group', { name: 'Active workspace' })).toContainText('Sandbox')
  // The token left the address bar once the bridge had it.
  expect(page.url()).not.toContain(host.token)
})

test('adds a workspace: the key goes to the keychain, the UI shows only its last characters, a restart keeps it', async ({ page, allowPageProblem }) => {
  // The host is restarted under the open page on purpose: its bridge reports the lost socket.
  allowPageProblem(/WebSocket connection to 'ws:\/\/127\.0\.0\.1:\d+\/ipc\?token=[^']+' failed/)
  await page.goto(host.url)
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Workspaces' }).click()
  await page.getByRole('button', { name: 'Add workspace' }).click()
  const dialog = page.getByRole('dialog')
  await dialog.getByLabel('Name', { exact: true }).fill('Acme')
  await dialog.getByRole('radiogroup', { name: 'Kind' }).getByRole('radio', { name: 'Custom URL' }).check()
  await dialog.getByLabel('URL', { exact: true }).fill(peer.url)
  await dialog.getByLabel('Site ID').fill(peer.siteId)
  await dialog.getByLabel('Track API key').fill(peer.trackApiKey)
  await dialog.getByLabel('App API key').fill(peer.appApiKey)
  await dialog.getByLabel('Pipelines write key').fill(peer.writeKey)
  await dialog.getByRole('button', { name: 'Save' }).click()
  await expect(dialog).toBeHidden()

  const row = page.getByRole('row').filter({ hasText: 'Acme' })
  await expect(row).toContainText(`•••• ${peer.appApiKey.slice(-4)}`)
  await expect(row).toContainText(`•••• ${peer.writeKey.slice(-4)}`)
  const text = await page.locator('body').innerText()
  for (const secret of [peer.trackApiKey, peer.appApiKey, peer.writeKey]) expect(text).not.toContain(secret)

  const id = await workspaceId(page, 'Acme')
  const service = keychainServiceFor(host.home, false)
  expect(await keytar.getPassword(service, `${id}/appApiKey`)).toBe(peer.appApiKey)
  expect(await keytar.getPassword(service, `${id}/trackApiKey`)).toBe(peer.trackApiKey)

  await row.getByRole('button', { name: 'Test connection' }).click()
  const status = page.getByRole('status').filter({ hasText: 'Track' })
  await expect(status).toContainText('US')
  await expect(status).not.toContainText(/refused|Unreachable/)

  // Restart the host on the same data folder: the workspace and its keys are still there.
  await host.stop()
  host = await startHost(host.home)
  await page.goto(host.url)
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Workspaces' }).click()
  await expect(page.getByRole('row').filter({ hasText: 'Acme' })).toContainText(`•••• ${peer.trackApiKey.slice(-4)}`)
})

test('shows a validation error next to the field and keeps the form open', async ({ page }) => {
  await page.goto(host.url)
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Workspaces' }).click()
  await page.getByRole('button', { name: 'Add workspace' }).click()
  const dialog = page.getByRole('dialog')
  await dialog.getByLabel('Name', { exact: true }).fill('acme')
  await dialog.getByRole('radio', { name: 'US', exact: true }).check()
  await dialog.getByRole('button', { name: 'Save' }).click()
  await expect(dialog).toBeVisible()
  await expect(dialog).toContainText('already exists')
  await dialog.getByRole('button', { name: 'Cancel', exact: true }).click()
  await expect(dialog).toBeHidden()
})

test('switches and removes workspaces; a production workspace needs its name typed', async ({ page }) => {
  await page.goto(host.url)
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Workspaces' }).click()
  const added = await page.evaluate(async () => window.cio.workspaces.add({ name: 'Live', kind: 'us', production: true, credentials: { siteId: 'site0000live' } }))
  expect(added.ok).toBe(true)
  const row = page.getByRole('row').filter({ hasText: 'Live' })
  await expect(row).toBeVisible()
  await row.getByRole('button', { name: 'Use this workspace' }).click()
  await expect(page.getByRole('group', { name: 'Active workspace' })).toContainText('PRODUCTION')

  await row.getByRole('button', { name: 'Remove' }).click()
  const dialog = page.getByRole('dialog')
  const confirm = dialog.getByRole('button', { name: 'Remove' })
  await expect(confirm).toBeDisabled()
  await dialog.getByLabel(/Type Live to confirm/).fill('Live')
  await confirm.click()
  await expect(page.getByRole('row').filter({ hasText: 'Live' })).toHaveCount(0)
  await expect(page.getByRole('group', { name: 'Active workspace' })).not.toContainText('PRODUCTION')
})
