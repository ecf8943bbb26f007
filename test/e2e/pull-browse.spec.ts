import { expect, test } from './fixtures'
import { addSandboxWorkspace, chooseFromSyncMenu, peerAndHost } from './sandbox-peer'

// Pull from the Sync screen with visible progress, then review the mirror offline: the sandbox
// standing in for Customer.io is stopped, and the People screen still finds a person by part of
// their email and opens their panel.
const env = peerAndHost(300)

test('pull, then find and open a person with the workspace unreachable', async ({ page }) => {
  const { host, peer } = env
  await page.goto(host.url)
  await addSandboxWorkspace(page, peer)

  // A person we will look for later, read from the remote side before it goes away.
  const auth = { Authorization: `Bearer ${peer.appApiKey}`, 'Content-Type': 'application/json' }
  const search = await (await fetch(`${peer.url}/v1/customers?limit=50`, { method: 'POST', headers: auth, body: JSON.stringify({ filter: { attribute: { field: 'email', operator: 'exists' } } }) })).json()
  const who = search.identifiers[37] as { id: string; email: string }
  const target = await (await fetch(`${peer.url}/v1/customers/${encodeURIComponent(who.id)}/attributes`, { headers: auth })).json()
  const email: string = target.customer.identifiers.email
  expect(email).toContain('@')

  const nav = page.getByRole('navigation', { name: 'Main' })
  await nav.getByRole('link', { name: 'Sync' }).click()
  await chooseFromSyncMenu(page, 'Pull only')
  await expect(page.getByRole('progressbar', { name: 'Pull progress' })).toBeVisible()
  await expect(page.getByRole('progressbar', { name: 'Pull progress' })).toBeHidden({ timeout: 30_000 })
  await expect(page.getByRole('table').or(page.getByRole('grid')).first()).toContainText(/succeeded/i)

  // The network to the workspace goes down.
  await peer.stop()
  await chooseFromSyncMenu(page, 'Pull only')
  await expect(page.getByRole('status').filter({ hasText: 'cannot be reached' })).toBeVisible({ timeout: 30_000 })

  await nav.getByRole('link', { name: 'People' }).click()
  const fragment = email.slice(0, Math.max(4, email.indexOf('@') + 3))
  await page.getByRole('searchbox', { name: 'Search people' }).fill(fragment)
  const grid = page.getByRole('grid', { name: 'People' })
  const row = grid.getByRole('row').filter({ hasText: email })
  await expect(row).toBeVisible()
  // a click selects a cell; Space opens the person (Enter would edit the cell)
  await row.getByRole('gridcell').first().click()
  await page.keyboard.press('Space')
  const panel = page.getByRole('dialog', { name: email })
  await expect(panel).toBeVisible()
  await expect(panel.getByRole('heading', { name: 'Attributes' })).toBeVisible()
  await expect(panel).toContainText(String(target.customer.attributes.first_name ?? target.customer.identifiers.id))
})
