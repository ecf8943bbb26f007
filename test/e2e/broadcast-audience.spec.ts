import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { attachScreenshot, expect, expectNoSeriousA11yViolations, test, VIEWPORTS, type Page } from './fixtures'
import { startSandbox, type SandboxHandle } from '../../src-main/sandbox'
import { startHost, type Host } from './headless-host'
import { addSandboxWorkspace, pullFromSyncScreen } from './sandbox-peer'

// Issue 15, point 6 and part of 8, against the sandbox's default seed: API-triggered broadcast 1
// "Product announcement (API-triggered)" whose default audience is manual segment 1 "Rehearsal
// list", and campaign 1 "Welcome series" with deliveries. The trigger form says how many people
// the audience reaches (from the mirror), every trigger goes through a review step whose button
// carries the count, production still asks for the typed name after it, and the campaign's rate
// cards equal the sandbox's own metrics.
let host: Host
let sandbox: SandboxHandle
const dataDir = mkdtempSync(join(tmpdir(), 'cio-sync-e2e-broadcast-'))
const pct = new Intl.NumberFormat('en-US', { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 })
const count = new Intl.NumberFormat('en-US')

async function appGet<T>(path: string): Promise<T> {
  const res = await fetch(`${sandbox.url}${path}`, { headers: { Authorization: `Bearer ${sandbox.appApiKey}` } })
  expect(res.status).toBe(200)
  return (await res.json()) as T
}

async function putPerson(id: string): Promise<void> {
  const auth = Buffer.from(`${sandbox.siteId}:${sandbox.trackApiKey}`).toString('base64')
  const res = await fetch(`${sandbox.url}/api/v1/customers/${id}`, { method: 'PUT', headers: { Authorization: `Basic ${auth}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ email: `${id}@example.com` }) })
  expect(res.status).toBe(200)
}

const people = (n: number) => `${count.format(n)} ${n === 1 ? 'person' : 'people'}`

async function openBroadcast(page: Page) {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Campaigns' }).click()
  await page.getByRole('button', { name: 'Product announcement (API-triggered)' }).click()
  return page.getByRole('region', { name: 'Trigger this broadcast' })
}

test.beforeAll(async () => {
  sandbox = await startSandbox({ people: 20, dataDir, exportDelayMs: 50 })
  await putPerson('aud-1')
  await putPerson('aud-2')
  await fetch(`${sandbox.url}/__sandbox/flush`, { method: 'POST', headers: { Authorization: `Bearer ${sandbox.adminToken}` } })
  host = await startHost()
})
test.afterAll(async () => {
  await host?.stop()
  await sandbox?.close()
})

test('campaign rate cards equal the sandbox metrics; a broadcast shows its audience size and a review step with the count', async ({ page }) => {
  test.setTimeout(180_000)
  await page.setViewportSize(VIEWPORTS.wide)
  await page.goto(host.url)
  await addSandboxWorkspace(page, sandbox)
  await pullFromSyncScreen(page)

  // 1. Rate cards of campaign 1 over the last 45 days, against GET /v1/campaigns/1/metrics.
  const { metric } = await appGet<{ metric: { series: Record<string, number[]> } }>('/v1/campaigns/1/metrics?period=days&steps=45')
  const total = (k: string) => (metric.series[k] ?? []).reduce((a, b) => a + b, 0)
  const [sent, delivered, opened, clicked, converted, bounced] = ['sent', 'delivered', 'opened', 'clicked', 'converted', 'bounced'].map(total)
  expect(delivered).toBeGreaterThan(0)
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Campaigns' }).click()
  await page.getByRole('button', { name: 'Welcome series' }).click()
  const cards = page.getByRole('region', { name: 'Rates, last 45 days' })
  const card = (label: string) => cards.getByRole('listitem').filter({ has: page.getByText(label, { exact: true }) })
  await expect(card('Sent')).toContainText(count.format(sent), { timeout: 15_000 })
  await expect(card('Delivered')).toContainText(`${count.format(delivered)}${pct.format(delivered / sent)} of ${count.format(sent)} sent`)
  await expect(card('Opened')).toContainText(`${pct.format(opened / delivered)}${count.format(opened)} of ${count.format(delivered)} delivered`)
  await expect(card('Clicked')).toContainText(`${pct.format(clicked / delivered)}${count.format(clicked)} of ${count.format(delivered)} delivered`)
  await expect(card('Converted')).toContainText(pct.format(converted / delivered))
  await expect(card('Bounced')).toContainText(`${sent > 0 ? pct.format(bounced / sent) : '—'}${count.format(bounced)} of ${count.format(sent)} sent`)
  // The denominator is named in the tooltip (and in the card's accessible name).
  await expect(card('Opened')).toHaveAttribute('title', /opened ÷ delivered/)
  await expect(card('Bounced')).toHaveAttribute('title', /bounced ÷ sent/)
  await expectNoSeriousA11yViolations(page, 'campaign-rate-cards')
  await attachScreenshot(page, 'campaign-rate-cards')
  await page.getByRole('radio', { name: 'Weeks' }).check()
  await expect(page.getByRole('region', { name: 'Rates, last 12 weeks' })).toBeVisible({ timeout: 15_000 })

  // 2. The broadcast's own audience: its segment, counted from the mirror.
  const { count: members } = await appGet<{ count: number }>('/v1/segments/1/customer_count')
  expect(members).toBeGreaterThan(0)
  const broadcast = await openBroadcast(page)
  const size = broadcast.getByRole('status').filter({ hasText: /will receive this|defined in Customer\.io|to count its/ }).first()
  await expect(size).toHaveText(`About ${people(members)} will receive this (audience defined in Customer.io: “Rehearsal list” as of the last pull).`)
  await expectNoSeriousA11yViolations(page, 'broadcast-audience')
  await attachScreenshot(page, 'broadcast-audience-default')

  // A manual segment: its member count.
  await broadcast.getByRole('radio', { name: 'Manual segment' }).check()
  await expect(size).toHaveText('Choose a segment to count its members.')
  const segment = broadcast.getByRole('combobox', { name: 'Segment', exact: true })
  await segment.selectOption((await segment.getByRole('option', { name: /^Rehearsal list/ }).getAttribute('value')) ?? '')
  await expect(size).toHaveText(`About ${people(members)} will receive this (everyone in “Rehearsal list” as of the last pull).`)

  // A CSV: its rows that match people of the mirror (ghost-1 is nobody).
  await broadcast.getByRole('radio', { name: 'CSV with per-user data' }).check()
  await broadcast.getByLabel('Recipients CSV').setInputFiles({ name: 'recipients.csv', mimeType: 'text/csv', buffer: Buffer.from('id,headline\naud-1,Hi\naud-2,Hello\nghost-1,Hey\n') })
  await expect(broadcast.getByText('Uploaded recipients.csv')).toBeVisible({ timeout: 15_000 })
  await expect(size).toHaveText('Preview the CSV to count its recipients.')
  await broadcast.getByRole('button', { name: 'Preview recipients' }).click()
  await expect(size).toHaveText('About 2 people will receive this (3 rows of per-user data, 2 matching people in the mirror).', { timeout: 15_000 })

  // 3. The review step: audience, data, rate limit, and the count on the button.
  await broadcast.getByRole('button', { name: 'Add key' }).click()
  await broadcast.getByRole('textbox', { name: 'Trigger data key 1' }).fill('campaign')
  await broadcast.getByRole('textbox', { name: 'Trigger data value 1' }).fill('spring')
  await broadcast.getByRole('button', { name: 'Trigger broadcast…' }).click()
  const review = page.getByRole('dialog', { name: 'Review the broadcast trigger' })
  await expect(review).toContainText('CSV recipients.csv: about 2 people')
  await expect(review.getByLabel('Trigger data')).toContainText('"campaign": "spring"')
  await expect(review).toContainText('one broadcast trigger per 10 seconds')
  await expect(review.getByRole('button', { name: 'Send to 2 people' })).toBeEnabled()
  await expectNoSeriousA11yViolations(page, 'broadcast-review')
  await attachScreenshot(page, 'broadcast-review')
  await review.getByRole('button', { name: 'Back to the form' }).click()
  await expect(review).toBeHidden()

  // Back to the default audience, reviewed and sent: the button says how many.
  await broadcast.getByRole('radio', { name: 'Default audience' }).check()
  await broadcast.getByRole('button', { name: 'Trigger broadcast…' }).click()
  await review.getByRole('button', { name: `Send to ${people(members)}` }).click()
  await expect(broadcast.getByRole('region', { name: 'Last trigger' })).toContainText(/trigger id \d+/, { timeout: 15_000 })
  await expect(broadcast.getByRole('status').filter({ hasText: /Next trigger allowed in \d+ s/ })).toBeVisible()

  await page.setViewportSize(VIEWPORTS.narrow)
  await broadcast.getByText(/^About \d+ (person|people) will receive this/).scrollIntoViewIfNeeded()
  await expectNoSeriousA11yViolations(page, 'broadcast-audience-narrow')
  await attachScreenshot(page, 'broadcast-audience-triggered')

  // The trigger's "audit log" is a link to the log, filtered to this workspace's triggers.
  const last = broadcast.getByRole('region', { name: 'Last trigger' })
  const triggerId = (await last.textContent())?.match(/trigger id (\d+)/)?.[1]
  expect(triggerId).toBeTruthy()
  await last.getByRole('link', { name: 'audit log' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Audit log' })).toBeVisible()
  await expect(page.getByRole('group', { name: 'Audit log filters' }).getByRole('combobox', { name: 'Kind' })).toHaveValue('broadcast.trigger')
  const entries = page.getByRole('table', { name: 'Audit log entries, newest first' })
  await expect(entries.getByRole('row')).toHaveCount(2)
  await expect(entries).toContainText(`broadcast 1 to its default audience · trigger ${triggerId}`)
  await expect(entries).toContainText('triggered')
})

test('a production workspace reviews the count first, then still asks for its typed name', async ({ page }) => {
  test.setTimeout(120_000)
  await page.setViewportSize(VIEWPORTS.wide)
  await page.goto(host.url)
  const { url, siteId, trackApiKey, appApiKey, writeKey } = sandbox
  const added = await page.evaluate(
    async (p) => window.cio.workspaces.add({ name: 'Acme Live', kind: 'custom', production: true, url: p.url, credentials: { siteId: p.siteId, trackApiKey: p.trackApiKey, appApiKey: p.appApiKey, writeKey: p.writeKey } }),
    { url, siteId, trackApiKey, appApiKey, writeKey },
  )
  expect(added.ok).toBe(true)
  await page.evaluate(async (id) => window.cio.workspaces.select({ id }), (added as { value: { id: string } }).value.id)
  await expect(page.getByRole('group', { name: 'Active workspace' }).locator('.ws-name')).toHaveText('Acme Live')
  await pullFromSyncScreen(page)

  const { count: members } = await appGet<{ count: number }>('/v1/segments/1/customer_count')
  const broadcast = await openBroadcast(page)
  const trigger = broadcast.getByRole('button', { name: 'Trigger broadcast…' })
  // The previous test's trigger may still hold the 10 s window of this sandbox.
  await expect(trigger).toBeEnabled({ timeout: 15_000 })
  await trigger.click()
  const review = page.getByRole('dialog', { name: 'Review the broadcast trigger' })
  await expect(review).toContainText('PRODUCTION')
  await expectNoSeriousA11yViolations(page, 'broadcast-review-production')
  await attachScreenshot(page, 'broadcast-review-production')
  await review.getByRole('button', { name: `Send to ${people(members)}` }).click()
  const confirm = page.getByRole('dialog', { name: 'Send 1 broadcast trigger to production?' })
  await expect(confirm).toContainText(`goes to about ${people(members)}, real customers of “Acme Live”`)
  const send = confirm.getByRole('button', { name: 'Send to production' })
  await expect(send).toBeDisabled()
  await confirm.getByRole('textbox').fill('Acme Live')
  await send.click()
  // Same sandbox (one Site ID) as the previous test's workspace: Customer.io's 1-per-10-s window of
  // that trigger is the sandbox's, not this workspace's, so the trigger may first wait out a 429.
  await expect(broadcast.getByRole('region', { name: 'Last trigger' })).toContainText(/trigger id \d+/, { timeout: 45_000 })
})
