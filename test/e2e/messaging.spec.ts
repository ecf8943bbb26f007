import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from './fixtures'
import { startSandbox, type SandboxHandle } from '../../src-main/sandbox'
import { startHost, type Host } from './headless-host'
import { addSandboxWorkspace, pullFromSyncScreen } from './sandbox-peer'

// Messaging end to end (issue #8), against the sandbox's default seed: campaign 1 "Welcome series"
// (with deliveries, so its metrics have numbers), API-triggered broadcast 1 "Product announcement
// (API-triggered)", manual segment 1 "Rehearsal list" and transactional message `welcome` (email).
// Pull; open the campaign and see its metrics chart; send `welcome` to a person from the panel and
// see it in their messages; trigger the broadcast to the manual segment and see the countdown.
let host: Host
let sandbox: SandboxHandle
const dataDir = mkdtempSync(join(tmpdir(), 'cio-sync-e2e-messaging-'))

test.beforeAll(async () => {
  sandbox = await startSandbox({ people: 20, dataDir, exportDelayMs: 50 })
  const auth = Buffer.from(`${sandbox.siteId}:${sandbox.trackApiKey}`).toString('base64')
  const res = await fetch(`${sandbox.url}/api/v1/customers/e2e-ann`, {
    method: 'PUT',
    headers: { Authorization: `Basic ${auth}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ email: 'ann@example.com', first_name: 'Ann' }),
  })
  expect(res.status).toBe(200)
  await fetch(`${sandbox.url}/__sandbox/flush`, { method: 'POST', headers: { Authorization: `Bearer ${sandbox.adminToken}` } })
  host = await startHost()
})
test.afterAll(async () => {
  await host?.stop()
  await sandbox?.close()
})

test('campaign metrics chart, a transactional send from the person panel, and a broadcast trigger with its countdown', async ({ page }) => {
  test.setTimeout(120_000)
  await page.goto(host.url)
  await addSandboxWorkspace(page, sandbox)

  await pullFromSyncScreen(page)
  const nav = page.getByRole('navigation', { name: 'Main' })

  // 1. A campaign and its metrics chart.
  await nav.getByRole('link', { name: 'Campaigns' }).click()
  await expect(page.getByRole('tab', { name: 'Campaigns' })).toHaveAttribute('aria-selected', 'true')
  await page.getByRole('button', { name: 'Welcome series' }).click()
  const detail = page.getByRole('region', { name: 'Welcome series' })
  await expect(detail.getByRole('heading', { name: 'Metrics' })).toBeVisible()
  const chart = detail.getByRole('img', { name: /^Chart of sent, delivered, opened, clicked, converted, bounced/ })
  await expect(chart).toBeVisible({ timeout: 15_000 })
  await expect(chart.locator('canvas')).toBeVisible()
  const legend = detail.getByRole('list', { name: 'Chart legend' })
  for (const metric of ['sent', 'delivered', 'opened', 'clicked', 'converted', 'bounced']) await expect(legend).toContainText(metric)
  await detail.getByRole('radio', { name: 'Weeks' }).check()
  await expect(detail.getByRole('img', { name: /per week/ })).toBeVisible({ timeout: 15_000 })

  // The Messages tab lists the workspace's deliveries.
  await page.getByRole('tab', { name: 'Messages' }).click()
  await expect(page.getByRole('table', { name: 'Recent messages' })).toContainText('Welcome aboard')

  // 2. A transactional email from the person panel, then in the person's messages.
  await nav.getByRole('link', { name: 'People' }).click()
  await page.getByRole('searchbox', { name: 'Search people' }).fill('ann@')
  const row = page.getByRole('grid', { name: 'People' }).getByRole('row').filter({ hasText: 'ann@example.com' })
  await expect(row).toBeVisible()
  await row.getByRole('button', { name: 'Open ann@example.com' }).click()
  const panel = page.getByRole('dialog', { name: 'ann@example.com' })
  await expect(panel.getByRole('heading', { name: /^Messages/ })).toBeVisible()
  // Escape closes the send dialog and leaves the panel open.
  await panel.getByRole('button', { name: 'Send message…' }).click()
  const send = page.getByRole('dialog', { name: 'Send a transactional message' })
  await expect(send).toBeVisible()
  await page.keyboard.press('Escape')
  await expect(send).toBeHidden()
  await expect(panel).toBeVisible()
  await panel.getByRole('button', { name: 'Send message…' }).click()
  // Issue 15: the message is picked from the workspace's templates by name and channel, and the
  // request shows under "Show request" (it used to be typed by id or name, the JSON always shown).
  await send.getByRole('combobox', { name: 'Message' }).selectOption({ label: 'welcome — Email' })
  await send.getByRole('button', { name: 'Add key' }).click()
  await send.getByRole('textbox', { name: 'Message data key 1' }).fill('name')
  await send.getByRole('textbox', { name: 'Message data value 1' }).fill('Ann')
  await send.getByText('Show request').click()
  const request = send.getByLabel(/^Request to Customer\.io/)
  await expect(request).toContainText('"transactional_message_id": 1')
  await expect(request).toContainText('"name": "Ann"')
  await expect(request).toContainText('"to": "ann@example.com"')
  await send.getByRole('button', { name: 'Send email' }).click()
  const queued = send.getByRole('status').filter({ hasText: 'Delivery id' })
  await expect(queued).toBeVisible({ timeout: 15_000 })
  const deliveryId = (await queued.locator('strong').textContent())?.trim() ?? ''
  expect(deliveryId.length).toBeGreaterThan(0)
  await send.getByRole('button', { name: 'Close', exact: true }).last().click()
  await expect(send).toBeHidden()
  const messages = panel.getByRole('table', { name: 'Messages of ann@example.com' })
  await expect(messages).toContainText(deliveryId, { timeout: 15_000 })
  await expect(messages).toContainText('Welcome,')

  // Devices: add one, then remove it after confirming.
  await panel.getByRole('textbox', { name: 'Device token' }).fill('e2e-device-token-0001')
  await panel.getByRole('combobox', { name: 'Platform' }).selectOption('android')
  await panel.getByRole('button', { name: 'Add device' }).click()
  const devices = panel.getByRole('table', { name: 'Devices of ann@example.com' })
  await expect(devices).toContainText('android', { timeout: 15_000 })
  await devices.getByRole('button', { name: /^Remove device / }).click()
  const confirmRemove = page.getByRole('dialog', { name: 'Remove this device?' })
  await confirmRemove.getByRole('button', { name: 'Remove device' }).click()
  await expect(confirmRemove).toBeHidden()
  await expect(panel.getByText('No devices. Add one below')).toBeVisible({ timeout: 15_000 })

  // 3. The API-triggered broadcast to a manual segment, and the countdown before the next trigger.
  await panel.getByRole('button', { name: 'Close person panel' }).click()
  await nav.getByRole('link', { name: 'Campaigns' }).click()
  await page.getByRole('tab', { name: 'Campaigns' }).click()
  await page.getByRole('button', { name: 'Product announcement (API-triggered)' }).click()
  const broadcast = page.getByRole('region', { name: 'Trigger this broadcast' })
  await broadcast.getByRole('button', { name: 'Add key' }).click()
  await broadcast.getByRole('textbox', { name: 'Trigger data key 1' }).fill('headline')
  await broadcast.getByRole('textbox', { name: 'Trigger data value 1' }).fill('Spring release')
  await broadcast.getByRole('radio', { name: 'Manual segment' }).check()
  // The option reads "Rehearsal list (N members)"; N depends on the seed, so pick it by its name.
  const segment = broadcast.getByRole('combobox', { name: 'Segment', exact: true })
  const rehearsal = await segment.getByRole('option', { name: /^Rehearsal list/ }).getAttribute('value')
  await segment.selectOption(rehearsal ?? '')
  const trigger = broadcast.getByRole('button', { name: 'Trigger broadcast' })
  await expect(trigger).toBeEnabled()
  await trigger.click()
  // Issue 15: every trigger goes through a review step whose button carries the count.
  await page.getByRole('dialog', { name: 'Review the broadcast trigger' }).getByRole('button', { name: /^Send to \d+ (person|people)$/ }).click()
  await expect(broadcast.getByRole('region', { name: 'Last trigger' })).toContainText(/trigger id \d+/, { timeout: 15_000 })
  await expect(trigger).toBeDisabled()
  await expect(broadcast.getByRole('status').filter({ hasText: /Next trigger allowed in \d+ s/ })).toBeVisible()
  // The countdown runs out and the button comes back (1 trigger per 10 s).
  await expect(trigger).toBeEnabled({ timeout: 15_000 })
  await expect(broadcast.getByRole('region', { name: 'Last trigger' })).toContainText(/Status: (processed|queued)/)
})
