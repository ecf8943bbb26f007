import { expect, test } from './fixtures'
import { startSandbox, type SandboxHandle } from '../../src-main/sandbox'
import { startHost, type Host } from './headless-host'
import { addSandboxWorkspace, pullFromSyncScreen } from './sandbox-peer'

// The product's main job in the real UI: drop a CSV on the Import screen, adjust one mapping, see
// the diff grid, push with visible progress, open the report, fix a rejected row, re-push it, and
// undo the import — against the real engine and a sandbox standing in for Customer.io.
let host: Host
let sandbox: SandboxHandle

async function track(method: string, path: string, body?: unknown): Promise<void> {
  const auth = Buffer.from(`${sandbox.siteId}:${sandbox.trackApiKey}`).toString('base64')
  const res = await fetch(`${sandbox.url}/api/v1${path}`, { method, headers: { Authorization: `Basic ${auth}`, 'Content-Type': 'application/json' }, body: body ? JSON.stringify(body) : undefined })
  expect(res.status).toBe(200)
}

async function admin(method: string, path: string, body?: unknown): Promise<void> {
  const res = await fetch(`${sandbox.url}${path}`, { method, headers: { Authorization: `Bearer ${sandbox.adminToken}`, 'Content-Type': 'application/json' }, body: body ? JSON.stringify(body) : undefined })
  expect(res.ok).toBe(true)
}

async function remote(id: string): Promise<Record<string, string> | null> {
  await admin('POST', '/__sandbox/flush')
  const res = await fetch(`${sandbox.url}/v1/customers/${encodeURIComponent(id)}/attributes`, { headers: { Authorization: `Bearer ${sandbox.appApiKey}` } })
  if (res.status === 404) return null
  return ((await res.json()) as { customer: { attributes: Record<string, string> } }).customer.attributes
}

test.beforeAll(async () => {
  sandbox = await startSandbox({ people: 0, exportDelayMs: 50 })
  await track('PUT', '/customers/e2e-ann', { email: 'ann@example.com', first_name: 'Ann', plan: 'basic' })
  host = await startHost()
})
test.afterAll(async () => {
  await host?.stop()
  await sandbox?.close()
})

test('import a CSV end to end: map, review, push, fix a rejected row, re-push, undo', async ({ page }) => {
  test.setTimeout(120_000)
  await page.goto(host.url)
  await addSandboxWorkspace(page, sandbox)

  // A fresh mirror, so the plan can tell updates from creates.
  await pullFromSyncScreen(page)
  const nav = page.getByRole('navigation', { name: 'Main' })

  await nav.getByRole('link', { name: 'Import' }).click()
  await page.getByLabel('Import kind').selectOption({ label: 'People' })
  const csv = ['id,email,first_name,tier', 'e2e-ann,ann@example.com,Ann,gold', 'e2e-bob,bob@example.com,Bob,silver', 'e2e-cy,cy-at-example.com,Cy,bronze'].join('\n') + '\n'
  await page.getByLabel('CSV file').setInputFiles({ name: 'people.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) })
  await page.getByRole('button', { name: 'Next: mapping' }).click()

  // Adjust one mapping: the tier column goes to the `plan` attribute.
  const target = page.getByLabel('Target for tier')
  await target.fill('plan')
  await target.press('Tab')
  await page.getByRole('button', { name: 'Plan import' }).click()

  const grid = page.getByRole('grid', { name: 'Planned changes' })
  await expect(grid).toBeVisible({ timeout: 30_000 })
  await expect(grid).toContainText('basic')
  await expect(grid).toContainText('gold')
  await expect(grid).toContainText('cy-at-example.com')

  // Slow the Track API a little so the push's progress is on screen long enough to be seen.
  await admin('PUT', '/__sandbox/faults', { latencyMs: 600, realms: ['track'] })
  await page.getByRole('button', { name: /^Push 2 changes$/ }).click()
  await expect(page.getByRole('progressbar', { name: 'Push progress' })).toBeVisible()
  const results = page.getByLabel('Push results')
  await expect(results).toBeVisible({ timeout: 30_000 })
  await admin('DELETE', '/__sandbox/faults')
  expect(await remote('e2e-ann')).toMatchObject({ plan: 'gold' })
  expect(await remote('e2e-bob')).toMatchObject({ plan: 'silver', email: 'bob@example.com' })
  expect(await remote('e2e-cy')).toBeNull()

  // The invalid row (row 4 as a spreadsheet shows the file): fix its email in the report and re-push it alone.
  const rejected = page.getByRole('grid', { name: 'Rejected rows' })
  await expect(rejected).toContainText('cy-at-example.com')
  await rejected.getByLabel('email, row 4').fill('cy@example.com')
  await rejected.getByRole('button', { name: 'Fix row 4' }).click()
  await expect(rejected).toContainText(/ready to re-push/i)
  await page.getByRole('button', { name: 'Re-push fixed rows' }).click()
  await expect.poll(async () => (await remote('e2e-cy'))?.email ?? null, { timeout: 30_000 }).toBe('cy@example.com')

  // Undo: a new, reviewable plan that puts the previous values back.
  await page.getByRole('button', { name: 'Undo import' }).click()
  const undoGrid = page.getByRole('grid', { name: 'Planned changes' })
  await expect(undoGrid).toBeVisible({ timeout: 30_000 })
  await expect(undoGrid).toContainText('basic')
  await page.getByRole('button', { name: /^Push \d+ changes?$/ }).click()
  // The people the import created are deleted: never without a confirmation naming how many (issue 14).
  await page.getByRole('dialog', { name: 'Delete 2 people from Customer.io?' }).getByRole('button', { name: 'Delete 2 people and push' }).click()
  await expect(page.getByLabel('Push results')).toBeVisible({ timeout: 30_000 })
  await expect.poll(async () => (await remote('e2e-ann'))?.plan ?? null, { timeout: 30_000 }).toBe('basic')
})

test('send an events CSV through Data Pipelines instead of Track', async ({ page }) => {
  test.setTimeout(90_000)
  await page.goto(host.url)
  await addSandboxWorkspace(page, sandbox, 'Acme via Pipelines')
  await fetch(`${sandbox.url}/__sandbox/requests`, { method: 'DELETE', headers: { Authorization: `Bearer ${sandbox.adminToken}` } })

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Import' }).click()
  await page.getByLabel('Import kind').selectOption({ label: 'Events' })
  const csv = ['id,event_name,amount', 'e2e-ann,pipelines_purchase,12', 'e2e-ann,pipelines_refund,3'].join('\n') + '\n'
  await page.getByLabel('CSV file').setInputFiles({ name: 'events.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) })
  await page.getByRole('button', { name: 'Next: mapping' }).click()
  await page.getByLabel('Send through').selectOption({ label: 'Data Pipelines (write key, strict mode)' })
  await page.getByRole('button', { name: 'Plan import' }).click()
  await expect(page.getByRole('grid', { name: 'Planned changes' })).toBeVisible({ timeout: 30_000 })
  await page.getByRole('button', { name: /^Push 2 changes$/ }).click()
  await expect(page.getByLabel('Push results')).toBeVisible({ timeout: 30_000 })

  // Both events reached the workspace, through the Pipelines batch endpoint and not Track.
  const log = (await (await fetch(`${sandbox.url}/__sandbox/requests?limit=200`, { headers: { Authorization: `Bearer ${sandbox.adminToken}` } })).json()) as { requests: { method: string; path: string }[] }
  expect(log.requests.some((r) => r.method === 'POST' && r.path.startsWith('/v1/batch'))).toBe(true)
  expect(log.requests.some((r) => r.path.startsWith('/api/v2/batch'))).toBe(false)
  await admin('POST', '/__sandbox/flush')
  const events = (await (await fetch(`${sandbox.url}/__sandbox/events?customer=e2e-ann`, { headers: { Authorization: `Bearer ${sandbox.adminToken}` } })).json()) as { events: { name: string }[] }
  expect(events.events.map((e) => e.name)).toEqual(expect.arrayContaining(['pipelines_purchase', 'pipelines_refund']))
})
