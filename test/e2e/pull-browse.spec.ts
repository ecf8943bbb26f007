import { expect, test } from '@playwright/test'
import { startHost, type Host } from './headless-host'
import { startPeer, type Peer } from './sandbox-peer'

// Pull from the Sync screen with visible progress, then review the mirror offline: the sandbox
// standing in for Customer.io is stopped, and the People screen still finds a person by part of
// their email and opens their panel.
let host: Host
let peer: Peer

test.beforeAll(async () => {
  peer = await startPeer(300)
  host = await startHost()
})
test.afterAll(async () => {
  await host?.stop()
  await peer?.stop()
})

test('pull, then find and open a person with the workspace unreachable', async ({ page }) => {
  await page.goto(host.url)
  const added = await page.evaluate(
    async (p) => window.cio.workspaces.add({ name: 'Acme', kind: 'custom', url: p.url, credentials: { siteId: p.siteId, trackApiKey: p.trackApiKey, appApiKey: p.appApiKey, writeKey: p.writeKey } }),
    { url: peer.url, siteId: peer.siteId, trackApiKey: peer.trackApiKey, appApiKey: peer.appApiKey, writeKey: peer.writeKey },
  )
  expect(added.ok).toBe(true)
  await page.evaluate(async (id) => window.cio.workspaces.select({ id }), (added as { value: { id: string } }).value.id)

  // A person we will look for later, read from the remote side before it goes away.
  const auth = { Authorization: `Bearer ${peer.appApiKey}`, 'Content-Type': 'application/json' }
  const search = await (await fetch(`${peer.url}/v1/customers?limit=50`, { method: 'POST', headers: auth, body: JSON.stringify({ filter: { attribute: { field: 'email', operator: 'exists' } } }) })).json()
  const who = search.identifiers[37] as { id: string; email: string }
  const target = await (await fetch(`${peer.url}/v1/customers/${encodeURIComponent(who.id)}/attributes`, { headers: auth })).json()
  const email: string = target.customer.identifiers.email
  expect(email).toContain('@')

  const nav = page.getByRole('navigation', { name: 'Main' })
  await nav.getByRole('link', { name: 'Sync' }).click()
  await page.getByRole('button', { name: 'Pull now' }).click()
  await expect(page.getByRole('progressbar', { name: 'Pull progress' })).toBeVisible()
  await expect(page.getByRole('progressbar', { name: 'Pull progress' })).toBeHidden({ timeout: 30_000 })
  await expect(page.getByRole('table').or(page.getByRole('grid')).first()).toContainText(/succeeded/i)

  // The network to the workspace goes down.
  await peer.stop()
  await page.getByRole('button', { name: 'Pull now' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'cannot be reached' })).toBeVisible({ timeout: 30_000 })

  await nav.getByRole('link', { name: 'People' }).click()
  const fragment = email.slice(0, Math.max(4, email.indexOf('@') + 3))
  await page.getByRole('searchbox', { name: 'Search people' }).fill(fragment)
  const grid = page.getByRole('grid', { name: 'People' })
  const row = grid.getByRole('row').filter({ hasText: email })
  await expect(row).toBeVisible()
  await row.click()
  await page.keyboard.press('Enter')
  const panel = page.getByRole('dialog', { name: email })
  await expect(panel).toBeVisible()
  await expect(panel.getByRole('heading', { name: 'Attributes' })).toBeVisible()
  await expect(panel).toContainText(String(target.customer.attributes.first_name ?? target.customer.identifiers.id))
})
