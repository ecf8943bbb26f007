import { expect, test, type Page } from './fixtures'
import { startSandbox, type SandboxHandle } from '../../src-main/sandbox'
import { startHost, type Host } from './headless-host'
import { addSandboxWorkspace, pullFromSyncScreen } from './sandbox-peer'

// Issue 14 in the real UI: what the report's grid shows is what a re-push sends (no spreadsheet
// apostrophe), a deletion is never one click, and a plan the workspace moved past says so.
let host: Host
let sandbox: SandboxHandle

async function admin(method: string, path: string, body?: unknown): Promise<void> {
  const res = await fetch(`${sandbox.url}${path}`, { method, headers: { Authorization: `Bearer ${sandbox.adminToken}`, 'Content-Type': 'application/json' }, body: body ? JSON.stringify(body) : undefined })
  expect(res.ok).toBe(true)
}

async function track(method: string, path: string, body?: unknown): Promise<void> {
  const auth = Buffer.from(`${sandbox.siteId}:${sandbox.trackApiKey}`).toString('base64')
  const res = await fetch(`${sandbox.url}/api/v1${path}`, { method, headers: { Authorization: `Basic ${auth}`, 'Content-Type': 'application/json' }, body: body ? JSON.stringify(body) : undefined })
  expect(res.status).toBe(200)
  await admin('POST', '/__sandbox/flush')
}

async function remote(id: string): Promise<Record<string, string> | null> {
  await admin('POST', '/__sandbox/flush')
  const res = await fetch(`${sandbox.url}/v1/customers/${encodeURIComponent(id)}/attributes`, { headers: { Authorization: `Bearer ${sandbox.appApiKey}` } })
  if (res.status === 404) return null
  return ((await res.json()) as { customer: { attributes: Record<string, string> } }).customer.attributes
}

/** Import screen → People → the file → mapping as suggested → plan; waits for the review grid. */
async function planPeople(page: Page, name: string, lines: string[]): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Import' }).click()
  const again = page.getByRole('button', { name: 'New import' })
  if (await again.isVisible()) await again.click()
  await page.getByLabel('Import kind').selectOption({ label: 'People' })
  await page.getByLabel('CSV file').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(lines.join('\n') + '\n') })
  await page.getByRole('button', { name: 'Next: mapping' }).click()
  await page.getByRole('button', { name: 'Plan import' }).click()
  await expect(page.getByRole('grid', { name: 'Planned changes' })).toBeVisible({ timeout: 30_000 })
}

test.beforeAll(async () => {
  sandbox = await startSandbox({ people: 0, exportDelayMs: 50 })
  host = await startHost()
})
test.afterAll(async () => {
  await host?.stop()
  await sandbox?.close()
})

test('a fixed row is re-pushed with its cells as the file has them, never with the CSV apostrophe', async ({ page }) => {
  test.setTimeout(90_000)
  await page.goto(host.url)
  await addSandboxWorkspace(page, sandbox, 'Apostrophe')
  await pullFromSyncScreen(page)
  // Row 3 (the spreadsheet's numbering: the header is row 1) is invalid (its email), and its other cells start like formulas.
  await planPeople(page, 'formulas.csv', ['id,email,first_name,note', 'ap-ok,ok@example.com,Ok,fine', 'ap-dash,dash-at-example.com,-Bert,=1+2'])
  await page.getByRole('button', { name: /^Push 1 change$/ }).click()
  await expect(page.getByLabel('Push results')).toBeVisible({ timeout: 30_000 })

  const rejected = page.getByRole('grid', { name: 'Rejected rows' })
  await expect(rejected.getByLabel('first_name, row 3')).toHaveValue('-Bert')
  await expect(rejected.getByLabel('note, row 3')).toHaveValue('=1+2')
  await rejected.getByLabel('email, row 3').fill('dash@example.com')
  await rejected.getByRole('button', { name: 'Fix row 3' }).click()
  await expect(rejected).toContainText(/ready to re-push/i)
  await page.getByRole('button', { name: 'Re-push fixed rows' }).click()
  await expect.poll(async () => (await remote('ap-dash'))?.email ?? null, { timeout: 30_000 }).toBe('dash@example.com')
  expect(await remote('ap-dash')).toMatchObject({ first_name: '-Bert', note: '=1+2' })
})

test('an undo that deletes people shows them as deletions and asks before sending', async ({ page }) => {
  test.setTimeout(90_000)
  await page.goto(host.url)
  await addSandboxWorkspace(page, sandbox, 'Deletions')
  await pullFromSyncScreen(page)
  await planPeople(page, 'created.csv', ['id,email,plan', 'del-new,del-new@example.com,pro'])
  await page.getByRole('button', { name: /^Push 1 change$/ }).click()
  await expect(page.getByLabel('Push results')).toBeVisible({ timeout: 30_000 })
  expect(await remote('del-new')).not.toBeNull()

  await page.getByRole('button', { name: 'Undo import' }).click()
  const grid = page.getByRole('grid', { name: 'Planned changes' })
  await expect(grid).toBeVisible({ timeout: 30_000 })
  await expect(page.getByRole('list', { name: 'Planned rows by outcome' })).toContainText('1 delete')
  await expect(grid.locator('.diff-delete')).toHaveText(/Delete/)
  await expect(grid).not.toContainText('Update')

  // Cancel sends nothing; the deletion goes out only through the dialog's own button.
  await page.getByRole('button', { name: /^Push 1 change$/ }).click()
  const dialog = page.getByRole('dialog', { name: 'Delete 1 person from Customer.io?' })
  await expect(dialog).toContainText('Deletions')
  await dialog.getByRole('button', { name: 'Cancel' }).click()
  await expect(dialog).toBeHidden()
  expect(await remote('del-new')).not.toBeNull()
  await page.getByRole('button', { name: /^Push 1 change$/ }).click()
  await dialog.getByRole('button', { name: 'Delete 1 person and push' }).click()
  await expect(page.getByLabel('Push results')).toBeVisible({ timeout: 30_000 })
  await expect.poll(async () => await remote('del-new'), { timeout: 30_000 }).toBeNull()
})

test('a plan a pull or a newer plan made stale says so, can be checked again and pushed, or discarded', async ({ page }) => {
  test.setTimeout(120_000)
  await track('PUT', '/customers/st-1', { email: 'st-1@example.com', plan: 'free' })
  await page.goto(host.url)
  await addSandboxWorkspace(page, sandbox, 'Stale plans')
  await pullFromSyncScreen(page)
  await planPeople(page, 'stale.csv', ['id,plan', 'st-1,free'])
  await expect(page.getByRole('button', { name: 'Nothing to send' })).toBeDisabled()

  // Customer.io changes, a pull brings it into the mirror: the plan, opened again, is stale.
  await track('PUT', '/customers/st-1', { plan: 'pro' })
  await pullFromSyncScreen(page)
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Import' }).click()
  const history = page.getByRole('region', { name: 'Recent imports' }).or(page.locator('.import-history'))
  await history.getByRole('button', { name: 'stale.csv' }).first().click()
  const stale = page.getByRole('status', { name: 'Stale plan' })
  await expect(stale).toContainText('This plan is stale: the mirror was pulled at')
  await stale.getByRole('button', { name: 'Check 1 unchanged row again and push' }).click()
  await expect(page.getByLabel('Push results')).toBeVisible({ timeout: 30_000 })
  await expect.poll(async () => (await remote('st-1'))?.plan ?? null, { timeout: 30_000 }).toBe('free')

  // Two plans of one file: the older one says the newer replaces it, and is discarded.
  await planPeople(page, 'twice.csv', ['id,plan', 'st-1,gold'])
  await planPeople(page, 'twice.csv', ['id,plan', 'st-1,gold'])
  await history.getByRole('button', { name: 'twice.csv' }).nth(1).click()
  await expect(stale).toContainText('a newer plan of twice.csv')
  await stale.getByRole('button', { name: 'Discard plan' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'This plan was discarded' })).toBeVisible()
  await expect(page.getByRole('button', { name: 'Nothing to send' })).toBeDisabled()
  await expect(history.getByRole('row').filter({ hasText: 'discarded' })).toHaveCount(1)
  expect(await remote('st-1')).toMatchObject({ plan: 'free' })
})
