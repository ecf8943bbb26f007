import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { attachScreenshot, expect, expectNoSeriousA11yViolations, test, VIEWPORTS, type Page } from './fixtures'
import { startSandbox, type SandboxHandle } from '../../src-main/sandbox'
import { startHost, type Host } from './headless-host'
import { addSandboxWorkspace, pullFromSyncScreen } from './sandbox-peer'

// Conflicts in one step (issue 15, point 4): a push that meets fields changed in Customer.io since
// the last pull ends amber ("finished with 2 conflicts"), not with a green tick; each conflict card
// names the person and links to them, offers keep mine / keep theirs / type a value as equal
// choices (a typed value has Save and Cancel), and "Resolve and push" sends the outcome at once.
let host: Host
let sandbox: SandboxHandle
const dataDir = mkdtempSync(join(tmpdir(), 'cio-sync-e2e-conflicts-'))

async function track(path: string, body: unknown): Promise<void> {
  const auth = Buffer.from(`${sandbox.siteId}:${sandbox.trackApiKey}`).toString('base64')
  const res = await fetch(`${sandbox.url}/api/v1${path}`, { method: 'PUT', headers: { Authorization: `Basic ${auth}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body) })
  expect(res.status).toBe(200)
  await fetch(`${sandbox.url}/__sandbox/flush`, { method: 'POST', headers: { Authorization: `Bearer ${sandbox.adminToken}` } })
}

async function remote(id: string): Promise<Record<string, unknown> | null> {
  await fetch(`${sandbox.url}/__sandbox/flush`, { method: 'POST', headers: { Authorization: `Bearer ${sandbox.adminToken}` } })
  const res = await fetch(`${sandbox.url}/v1/customers/${encodeURIComponent(id)}/attributes`, { headers: { Authorization: `Bearer ${sandbox.appApiKey}` } })
  if (res.status === 404) return null
  return ((await res.json()) as { customer: { attributes: Record<string, unknown> } }).customer.attributes
}

/** An offline edit through the page's bridge (editing in the People screen is changes.spec.ts's). */
async function edit(page: Page, ident: string, set: Record<string, string>): Promise<void> {
  const ok = await page.evaluate(
    async ({ ident, set }) => {
      const p = await window.cio.people.get({ ident })
      if (!p.ok) return false
      return (await window.cio.changes.edit({ kind: 'attributes', pk: p.value.person.pk, set })).ok
    },
    { ident, set },
  )
  expect(ok).toBe(true)
}

test.beforeAll(async () => {
  sandbox = await startSandbox({ people: 0, dataDir, exportDelayMs: 50 })
  await track('/customers/e2e-ann', { email: 'ann@example.com', first_name: 'Ann', last_name: 'Lee', plan: 'basic', city: 'Paris' })
  await track('/customers/e2e-bob', { email: 'bob@example.com', first_name: 'Bob', plan: 'basic' })
  host = await startHost()
})
test.afterAll(async () => {
  await host?.stop()
  await sandbox?.close()
})

test('a push that meets remote changes ends amber; each conflict is resolved and pushed in one step', async ({ page }) => {
  test.setTimeout(150_000)
  await page.setViewportSize(VIEWPORTS.wide)
  await page.goto(host.url)
  await addSandboxWorkspace(page, sandbox)
  await pullFromSyncScreen(page)
  const nav = page.getByRole('navigation', { name: 'Main' })

  // Edits here; meanwhile someone changes two of the same fields in Customer.io.
  await edit(page, 'e2e-ann', { plan: 'gold', city: 'Lyon' })
  await edit(page, 'e2e-bob', { plan: 'silver' })
  await track('/customers/e2e-ann', { plan: 'platinum', city: 'Berlin' })

  // The push sends Bob's edit and holds Ann's two back: amber, with the count, not a green tick.
  await nav.getByRole('link', { name: /^Changes/ }).click()
  await expect(page.getByRole('region', { name: 'e2e-ann' })).toBeVisible()
  await page.getByRole('button', { name: 'Push all' }).click()
  const outcome = page.locator('.job-status').getByText(/Push changes finished with 2 conflicts/)
  await expect(outcome).toBeVisible({ timeout: 30_000 })
  await expect(page.locator('.job-status .outcome-warning')).toContainText('⚠')
  await expect(page.locator('.job-status .outcome-warning')).toContainText('1 change sent')
  await expect(page.locator('.job-status .outcome-success')).toHaveCount(0)
  await expectNoSeriousA11yViolations(page, 'changes')
  await attachScreenshot(page, 'changes-push-amber')
  await expect.poll(async () => (await remote('e2e-bob'))?.plan, { timeout: 30_000 }).toBe('silver')

  // From the result straight to the conflicts: one card per field, naming the person.
  await page.getByRole('link', { name: 'Resolve the conflicts' }).click()
  const planCard = page.getByRole('region', { name: /^plan of e2e-ann/ })
  const cityCard = page.getByRole('region', { name: /^city of e2e-ann/ })
  await expect(planCard).toBeVisible()
  await expect(cityCard).toBeVisible()
  await expect(page.getByText('2 open conflicts.')).toBeVisible()
  const personLink = planCard.getByRole('link', { name: 'Open Ann Lee in People' })
  await expect(personLink).toHaveAttribute('href', '#/people/e2e-ann')
  await expect(planCard.locator('.conflict-person')).toContainText('ann@example.com')
  await expect(planCard).toContainText('It was basic when last pulled')
  // Three choices of one kind (radio cards), each showing its value; nothing is chosen yet.
  const choices = planCard.getByRole('group', { name: 'Which value should Customer.io keep?' })
  await expect(choices.getByRole('radio')).toHaveCount(3)
  await expect(choices.getByRole('radio', { name: /Keep mine/ })).not.toBeChecked()
  await expect(choices).toContainText('gold')
  await expect(choices).toContainText('platinum')
  await expect(planCard.getByRole('button', { name: 'Resolve and push' })).toBeDisabled()
  await expectNoSeriousA11yViolations(page, 'conflicts')
  await attachScreenshot(page, 'conflicts-list')

  // Keeping theirs leaves nothing to push; keeping mine can be pushed.
  await choices.getByRole('radio', { name: /Keep theirs/ }).check()
  await expect(planCard.getByRole('button', { name: 'Resolve', exact: true })).toBeEnabled()
  await expect(planCard.getByRole('button', { name: 'Resolve and push' })).toBeDisabled()

  // A typed value: Cancel leaves nothing chosen; Save keeps the value in the card.
  const cityChoices = cityCard.getByRole('group', { name: 'Which value should Customer.io keep?' })
  await cityChoices.getByRole('radio', { name: /Type a value/ }).check()
  const box = cityCard.getByRole('textbox', { name: 'Value for city of e2e-ann' })
  await expect(box).toBeFocused()
  await expect(box).toHaveValue('Lyon')
  await cityCard.getByRole('button', { name: 'Cancel' }).click()
  await expect(box).toBeHidden()
  await expect(cityChoices.getByRole('radio', { name: /Type a value/ })).not.toBeChecked()
  await cityChoices.getByRole('radio', { name: /Type a value/ }).check()
  await box.fill('Marseille')
  await expect(cityCard.getByRole('button', { name: 'Resolve and push' })).toBeDisabled()
  await expectNoSeriousA11yViolations(page, 'conflicts-typed-value')
  await attachScreenshot(page, 'conflicts-typed-value')
  await cityCard.getByRole('button', { name: 'Save' }).click()
  await expect(box).toBeHidden()
  await expect(cityChoices).toContainText('Marseille')
  await expect(cityCard.getByRole('button', { name: 'Change the typed value for city of e2e-ann' })).toBeVisible()

  // Resolve and push: the typed value goes out at once, and the result is shown here.
  await cityCard.getByRole('button', { name: 'Resolve and push' }).click()
  await expect(cityCard).toBeHidden()
  await expect(page.getByRole('status').filter({ hasText: 'Saved the typed value for city of e2e-ann. Pushing it now.' })).toBeVisible()
  await expect(page.locator('.job-status .outcome-success')).toContainText('Push changes finished', { timeout: 30_000 })
  await expect.poll(async () => (await remote('e2e-ann'))?.city, { timeout: 30_000 }).toBe('Marseille')

  // The other one at the narrow size: keep mine, resolve and push.
  await page.setViewportSize(VIEWPORTS.narrow)
  await expect(page.getByText('1 open conflict.')).toBeVisible()
  await attachScreenshot(page, 'conflicts-list-narrow')
  await choices.getByRole('radio', { name: /Keep mine/ }).check()
  await planCard.getByRole('button', { name: 'Resolve and push' }).click()
  await expect(page.getByRole('heading', { name: 'No conflicts' })).toBeVisible()
  await expect(page.locator('.job-status .outcome-success')).toContainText('Push changes finished', { timeout: 30_000 })
  await expect.poll(async () => (await remote('e2e-ann'))?.plan, { timeout: 30_000 }).toBe('gold')
  await expectNoSeriousA11yViolations(page, 'conflicts-empty')

  // Nothing left to push.
  await nav.getByRole('link', { name: /^Changes/ }).click()
  await expect(page.getByRole('heading', { name: 'No pending changes' })).toBeVisible({ timeout: 30_000 })
})
